"""Find the source line of what a rendered page shows.

Python-Markdown keeps no line numbers, so the page reader asks this module,
in document order, where each heading, admonition, link and run of text came
from. Each is looked for in the source from the line of the previous one on,
comparing only letters and digits (markup, spaces and punctuation differ
between source and HTML; the words do not). What cannot be found (text made
by an entity, say) gets the line of the last thing found before it.
"""

from __future__ import annotations

import re

# Letters and digits in any script: what the source and the HTML share.
NON_WORD = re.compile(r"[\W_]+")
NEEDLE = 40  # characters compared; long enough to tell lines apart
SHORT_NEEDLE = 6  # the fallback when markup splits a long run in the source
WINDOW = 400  # lines searched ahead for text; headings are searched to the end
ADMONITION_MARKER = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s+(?P<kinds>[\w\- ]+?)(?:\s+\"|\s*$)")
RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s")  # [label]: URL, a reference's target
SETEXT = {1: re.compile(r"^ {0,3}=+\s*$"), 2: re.compile(r"^ {0,3}-+\s*$")}


def squash(text: str) -> str:
    return NON_WORD.sub("", text)


def is_atx_heading(line: str, level: int) -> bool:
    stripped = line.lstrip(" ")
    marks = "#" * level
    return (
        len(line) - len(stripped) < 4
        and stripped.startswith(marks)
        and stripped[level : level + 1] in ("", " ", "\t")
    )


class Locator:
    """A cursor over the source lines; every answer is a 1-based line number."""

    def __init__(self, lines: list[str], body_start: int) -> None:
        self.lines = lines
        self.keys = [squash(line) for line in lines]
        self.cursor = min(body_start, max(len(lines) - 1, 0))
        self.body_start = body_start
        self._first: int | None = None  # first line found in the current top-level block
        self._last = body_start - 1  # last line found in the previous blocks

    # ── Top-level blocks ──
    @property
    def block_start(self) -> int:
        """Where the block just read starts: its run of lines, after the previous block."""
        floor = self._last + 1
        if self._first is None:
            start = floor
            while start < len(self.lines) and not self.lines[start].strip():
                start += 1
            return min(start, len(self.lines) - 1) + 1 if self.lines else 1
        start = self._first
        while start - 1 >= floor and self.lines[start - 1].strip():
            start -= 1
        return start + 1

    def end_block(self) -> None:
        if self._first is not None:
            self._last = max(self._last, self.cursor)
        self._first = None

    # ── Lookups ──
    def _found(self, index: int) -> int:
        self.cursor = index
        if self._first is None:
            self._first = index
        return index + 1

    def _here(self) -> int:
        return self.cursor + 1

    def _search(self, key: str, accept=None, window: int | None = WINDOW) -> int | None:
        if not key:
            return None
        end = len(self.lines) if window is None else min(len(self.lines), self.cursor + window)
        for index in range(self.cursor, end):
            if key in self.keys[index] and (accept is None or accept(self.lines[index])):
                return index
        return None

    def _first_match(self, accept, window: int | None = WINDOW) -> int | None:
        end = len(self.lines) if window is None else min(len(self.lines), self.cursor + window)
        for index in range(self.cursor, end):
            if accept(index):
                return index
        return None

    def text(self, chunk: str) -> int:
        """The line where a run of text starts (a run may cover several lines)."""
        for offset, segment in enumerate(chunk.split("\n")):
            key = squash(segment)
            if not key:
                continue
            index = self._search(key[:NEEDLE])
            if index is None and len(key) > SHORT_NEEDLE:
                index = self._search(key[:SHORT_NEEDLE])
            if index is None:
                return self._here()
            return self._found(max(index - offset, self.cursor))
        return self._here()

    def heading(self, text: str, level: int) -> int:
        key = squash(text)[:NEEDLE]

        def is_heading(index: int) -> bool:
            line = self.lines[index]
            if is_atx_heading(line, level):
                return True
            following = self.lines[index + 1] if index + 1 < len(self.lines) else ""
            underline = SETEXT.get(level)
            return bool(line.strip()) and underline is not None and bool(underline.match(following))

        index = self._first_match(lambda i: is_heading(i) and key in self.keys[i], window=None)
        if index is None:
            index = self._search(key, window=None)
        return self._found(index) if index is not None else self._here()

    def admonition(self, kind: str, title: str | None, collapsible: bool) -> int:
        def is_marker(index: int) -> bool:
            found = ADMONITION_MARKER.match(self.lines[index])
            return found is not None and kind in found["kinds"].split()

        index = self._first_match(is_marker)
        if index is None and title:
            index = self._search(squash(title)[:NEEDLE])
        return self._found(index) if index is not None else self._here()

    def link(self, url: str, text: str) -> int:
        """A link's line: where it is used, not where a reference link's URL is defined.

        The source forms are tried first (``[text]`` of a Markdown link or image,
        the URL as written in raw HTML or an autolink), then the words of its
        text, then of its URL.
        """
        raw = [f"[{text}]"] if text else []
        for needle in [*raw, url]:
            index = self._first_match(lambda i, n=needle: n in self.lines[i] and self._used(i))
            if index is not None:
                return self._found(index)
        for key in (squash(text)[:NEEDLE], squash(url)[:NEEDLE]):
            if len(key) >= SHORT_NEEDLE:
                index = self._first_match(lambda i, k=key: k in self.keys[i] and self._used(i))
                if index is not None:
                    return self._found(index)
        return self._here()

    def _used(self, index: int) -> bool:
        """False for a reference definition line, where a link's URL is not used."""
        return not DEFINITION.match(self.lines[index])

    def rule(self) -> int:
        index = self._first_match(lambda i: bool(RULE.match(self.lines[i])))
        return self._found(index) if index is not None else self._here()

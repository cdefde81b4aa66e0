"""Find the external links in Markdown and HTML files, each with its ``file:line``.

Markdown is parsed with markdown-it-py (block tokens carry line maps), so links
inside code blocks and inline code are skipped. Raw HTML in Markdown and HTML
files go through the standard library's HTML parser, which knows the line of
every tag.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from link_checker.models import FileProblem, Link, Source
from link_checker.urls import is_external, strip_fragment

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUFFIXES = MARKDOWN_SUFFIXES | HTML_SUFFIXES
# Python-Markdown blocks whose body is indented by four spaces: admonitions,
# collapsible details and content tabs. CommonMark would read the body as code.
INDENTED_BLOCK = re.compile(r"^(?P<indent>[ ]*)(?:!!!|\?\?\?\+?|===)[ \t]+\S")
BODY_INDENT = "    "
FRONT_MATTER_FENCE = "---"
FRONT_MATTER_ENDS = ("---", "...")
# Which attribute of which HTML element is a link worth checking.
HTML_LINK_ATTRIBUTES = {
    "a": "href",
    "area": "href",
    "img": "src",
    "iframe": "src",
    "script": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "link": "href",
}
# <link> elements that point at resources readers load (others are metadata).
HTML_CHECKED_LINK_RELS = frozenset({"stylesheet", "icon"})


@dataclass
class Extraction:
    """Every external link found, in order of first use, and the files that failed."""

    links: dict[str, Link] = field(default_factory=dict)
    problems: list[FileProblem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def add(self, url: str, source: Source) -> None:
        key = strip_fragment(url)
        link = self.links.setdefault(key, Link(key))
        if source not in link.sources:
            link.sources.append(source)


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it is inside it (POSIX style)."""
    absolute = Path(os.path.abspath(path))  # unlike resolve(), keeps symlinks' names
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def discover(paths: Sequence[Path]) -> list[Path]:
    """Files to read: the given files, and the Markdown and HTML files in given folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix.lower() in SUFFIXES
                    and not p.is_dir()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        else:
            found.append(path)
    unique: dict[Path, None] = dict.fromkeys(found)
    return list(unique)


def extract(files: Iterable[Path]) -> Extraction:
    """Read every file and collect its external links; unreadable files become problems."""
    result = Extraction()
    for path in files:
        shown = display_path(path)
        result.files.append(shown)
        text = _read(path, shown, result.problems)
        if text is None:
            continue
        finder = html_links if path.suffix.lower() in HTML_SUFFIXES else markdown_links
        for url, line in finder(text):
            result.add(url, Source(shown, line))
    return result


def _read(path: Path, shown: str, problems: list[FileProblem]) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        problems.append(FileProblem(shown, None, f"cannot read the file: {reason}; skipped"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1].hex()
        problems.append(FileProblem(shown, line, f"not valid UTF-8 (byte 0x{byte}); file skipped"))
        return None


# ── Markdown ──────────────────────────────────────────────────────────


def _markdown_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark")
    # Keep every URL exactly as written: the default percent-encodes and
    # punycodes it, and mangles malformed ones beyond recognition.
    parser.normalizeLink = lambda url: url  # type: ignore[method-assign]
    return parser


_MARKDOWN = _markdown_parser()


def markdown_links(text: str) -> list[tuple[str, int]]:
    """``(url, line)`` for every external link in a Markdown document."""
    lines = _prepare_markdown(text)
    found: list[tuple[str, int]] = []
    for token in _MARKDOWN.parse("\n".join(lines)):
        if token.map is None:
            continue
        first_line = token.map[0] + 1
        if token.type == "inline":
            found.extend(_inline_links(token.children or [], first_line))
        elif token.type == "html_block":
            found.extend(html_links(token.content, first_line))
    return [(url, line) for url, line in found if is_external(url)]


def _prepare_markdown(text: str) -> list[str]:
    """Lines of ``text`` with front matter blanked and indented block bodies dedented.

    The number of lines never changes, so line numbers stay true.
    """
    lines = text.splitlines()
    if lines and lines[0].strip() == FRONT_MATTER_FENCE:
        for end in range(1, len(lines)):
            if lines[end].strip() in FRONT_MATTER_ENDS:
                lines[: end + 1] = [""] * (end + 1)
                break
    for i, line in enumerate(lines):
        marker = INDENTED_BLOCK.match(line)
        if not marker:
            continue
        indent = marker.group("indent")
        body = indent + BODY_INDENT
        for j in range(i + 1, len(lines)):
            if not lines[j].strip():
                continue
            if not lines[j].startswith(body):
                break
            lines[j] = indent + lines[j][len(body) :]
    return lines


def _inline_links(children: Sequence[Token], first_line: int) -> Iterator[tuple[str, int]]:
    line = first_line
    for token in children:
        if token.type == "link_open":
            yield str(token.attrs.get("href", "")), line
        elif token.type == "image":
            yield str(token.attrs.get("src", "")), line
        elif token.type == "html_inline":
            yield from html_links(token.content, line)
        if token.type in ("softbreak", "hardbreak"):
            line += 1
        elif token.type == "html_inline":
            line += token.content.count("\n")
        elif token.type == "image" and token.children:
            line += sum(1 for c in token.children if c.type in ("softbreak", "hardbreak"))


# ── HTML ──────────────────────────────────────────────────────────────


class _HtmlLinkParser(HTMLParser):
    """Collects ``(url, line)`` of link attributes; ``getpos`` gives each tag's line."""

    def __init__(self, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self._first_line = first_line
        self.found: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = HTML_LINK_ATTRIBUTES.get(tag)
        if name is None:
            return
        values = dict(attrs)
        if tag == "link":
            rels = set((values.get("rel") or "").lower().split())
            if not rels & HTML_CHECKED_LINK_RELS:
                return
        url = values.get(name)
        if url:
            self.found.append((url.strip(), self.getpos()[0] + self._first_line - 1))


def html_links(text: str, first_line: int = 1) -> list[tuple[str, int]]:
    """``(url, line)`` for every external link in an HTML document or fragment."""
    parser = _HtmlLinkParser(first_line)
    parser.feed(text)
    parser.close()
    return [(url, line) for url, line in parser.found if is_external(url)]


def default_files(root: Path, patterns: Sequence[str]) -> list[Path]:
    """The files the config's ``paths`` globs match under ``root``, sorted."""
    files: set[Path] = set()
    for pattern in patterns:
        files.update(p for p in root.glob(pattern) if not p.is_dir())
    return sorted(files, key=lambda p: os.fspath(p))

"""Find the links readers can open in Markdown and HTML files, each with its ``file:line``.

Every ``href``/``src`` found is either a URL to check or skipped for a stated
reason (same-site, ``mailto:``, a fragment, ...). A value is judged the way a
browser reads it: surrounding spaces and control characters are dropped, tabs
and newlines inside are removed, ``//host/path`` takes the site's scheme.

HTML files are streamed through lxml in chunks, and each element is dropped
once read, so memory follows the number of unique URLs, not the file size.
Markdown pages are first rendered as MkDocs renders them (see ``markdown``).
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from guide.model import Location, Problem

from link_checker.files import MB, FileError, FileTooBig, MissingFile, open_regular
from link_checker.models import Link
from link_checker.urls import strip_fragment

if TYPE_CHECKING:
    from link_checker.config import Config

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUFFIXES = MARKDOWN_SUFFIXES | HTML_SUFFIXES
# The published site is served over HTTPS (GitHub Pages), so that is the
# scheme a protocol-relative link (//host/path) takes for its readers.
SITE_SCHEME = "https"
WEB_SCHEMES = frozenset({"http", "https"})
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
# Values a browser takes as they are: no spaces or control characters at all.
PLAIN_WEB_URL = re.compile(r"[Hh][Tt][Tt][Pp][Ss]?:[^\x00-\x20]*\Z")
PLAIN_PATH = re.compile(r"(?:\.{0,2}/)?[\w.~-][^\x00-\x20:]*\Z")
# What browsers strip from both ends of a URL, and remove from inside it.
URL_EDGE = "".join(chr(code) for code in range(0x21))
URL_INSIDE = str.maketrans("", "", "\t\n\r")
# Attributes that hold an address ("data" only on <object>); some are never
# opened by readers and are skipped with the reason given.
ADDRESS_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "poster", "xlink:href", "data", "cite", "action", "formaction"}
)
NOT_OPENED = {
    "cite": "a citation address, not shown to readers",
    "action": "a form's target, not opened by reading",
    "formaction": "a form's target, not opened by reading",
}
# <link> elements whose href the browser loads; the others are metadata.
LOADED_LINK_RELS = frozenset(
    {"stylesheet", "icon", "apple-touch-icon", "mask-icon", "manifest", "preload", "modulepreload"}
)
CHUNK_BYTES = 1024 * 1024

SKIP_EMPTY = "empty"
SKIP_FRAGMENT = "a fragment of the same page (the strict build checks anchors)"
SKIP_SAME_SITE = "same-site (the strict build checks links between pages)"
SKIP_BASE = "the page's base address"
# <link> elements that are metadata (canonical, alternate, ...): no reader opens them.
METADATA_LINK = "link (metadata)"
SPECIAL_TAGS = frozenset({"base", METADATA_LINK})
SKIP_METADATA = "a <link> for browsers and search engines (canonical, alternate ...), not opened"


class ExtractError(Exception):
    """Files to read cannot even be listed (a glob that matches nothing); one line."""


@dataclass(frozen=True)
class Skipped:
    """An ``href``/``src`` that is not checked, and why."""

    url: str
    source: Location
    reason: str


@dataclass
class Extraction:
    """Every external link found, in order of first use, and the files that failed.

    Skipped values are counted by reason; with ``keep_skipped`` they are kept too.
    """

    links: dict[str, Link] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    skip_reasons: Counter[str] = field(default_factory=Counter)
    skipped: list[Skipped] = field(default_factory=list)
    keep_skipped: bool = False

    @property
    def skipped_count(self) -> int:
        return sum(self.skip_reasons.values())

    def add(self, raw: str, source: Location, tag: str = "a", attribute: str = "href") -> None:
        """Judge one ``tag[attribute]`` value as a browser reads it: check it or skip it."""
        url, reason = classify(raw, tag, attribute)
        if url is None:
            self.skip_reasons[reason or ""] += 1
            if self.keep_skipped:
                self.skipped.append(Skipped(raw, source, reason or ""))
            return
        key = strip_fragment(url)
        link = self.links.get(key)
        if link is None:
            link = self.links[key] = Link(key)
        if not link.sources or link.sources[-1] != source:
            link.sources.append(source)


def reader_url(raw: str) -> str:
    """``raw`` as a browser reads an attribute value: no edge spaces, no tabs or newlines."""
    return raw.strip(URL_EDGE).translate(URL_INSIDE)


def classify(raw: str, tag: str = "a", attribute: str = "href") -> tuple[str | None, str | None]:
    """``(url, None)`` for an address to check, or ``(None, reason)`` for one skipped."""
    if PLAIN_WEB_URL.match(raw) and attribute not in NOT_OPENED and tag not in SPECIAL_TAGS:
        return raw, None  # the common case, nothing for a browser to clean up
    if PLAIN_PATH.match(raw) and attribute not in NOT_OPENED and tag not in SPECIAL_TAGS:
        return None, SKIP_SAME_SITE
    if attribute in NOT_OPENED:
        return None, NOT_OPENED[attribute]
    if tag == "base":
        return None, SKIP_BASE
    if tag == METADATA_LINK:
        return None, SKIP_METADATA
    url = reader_url(raw)
    if not url:
        return None, SKIP_EMPTY
    if url.startswith("#"):
        return None, SKIP_FRAGMENT
    scheme = SCHEME.match(url)
    if scheme:
        name = scheme.group()[:-1].lower()
        if name in WEB_SCHEMES:
            # As written, even "https:/host": the checker says what is wrong with it.
            return url, None
        return None, f"{name}: address, not a web page"
    if url[:2] in ("//", "\\\\", "/\\", "\\/"):
        return f"{SITE_SCHEME}://{url[2:]}", None
    return None, SKIP_SAME_SITE


def srcset_urls(value: str) -> Iterator[str]:
    """The URLs of an ``srcset`` (``url [descriptor], url [descriptor], ...``)."""
    position = 0
    length = len(value)
    while position < length:
        while position < length and (value[position].isspace() or value[position] == ","):
            position += 1
        start = position
        while position < length and not value[position].isspace():
            position += 1
        url = value[start:position]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            while position < length and value[position] != ",":
                position += 1  # the descriptor
        if url:
            yield url


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


def default_files(
    root: Path, patterns: Sequence[str], source: str = "pyproject.toml"
) -> list[Path]:
    """The files the config's ``paths`` globs match under ``root``, sorted.

    A pattern that matches no file is an error: a typo must not pass as "0 links".
    """
    files: set[Path] = set()
    where = f"{source}: [tool.check-links] paths:"
    for pattern in patterns:
        try:
            matched = [p for p in root.glob(pattern) if not p.is_dir()]
        except (ValueError, NotImplementedError) as error:
            raise ExtractError(f"{where} {pattern!r}: {error}") from None
        if not matched:
            raise ExtractError(f"{where} {pattern!r} matches no file under {root}")
        files.update(matched)
    return sorted(files, key=lambda p: os.fspath(p))


def extract(
    files: Iterable[Path], config: Config | None = None, *, keep_skipped: bool = False
) -> Extraction:
    """Read every file and collect its links; unreadable files become problems (once each)."""
    if config is None:
        from link_checker.config import Config

        config = Config()
    result = Extraction(keep_skipped=keep_skipped)
    for path in files:
        shown = display_path(path)
        result.files.append(shown)
        try:
            if path.suffix.lower() in HTML_SUFFIXES:
                _html_file(path, shown, int(config.html_max_mb * MB), result)
            else:
                _markdown_file(path, shown, config, result)
        except FileError as error:
            result.problems.append(_file_problem(shown, error, path, config))
        except _NotUtf8 as error:
            problem = f"not valid UTF-8 (byte 0x{error.byte}); file skipped"
            result.problems.append(Problem(Location(shown, error.line), problem))
    return result


def _file_problem(shown: str, error: FileError, path: Path, config: Config) -> Problem:
    if isinstance(error, MissingFile):
        return Problem(Location(shown), "cannot read the file: No such file or directory; skipped")
    if isinstance(error, FileTooBig) and path.suffix.lower() not in HTML_SUFFIXES:
        seconds = error.size / MARKDOWN_BYTES_PER_SECOND
        return Problem(
            Location(shown),
            f"{error}: a Markdown page is rendered as MkDocs renders it (about {seconds:.0f} s "
            f"for this one); split the page, raise markdown_max_mb in [tool.check-links], "
            f"or check the built HTML instead (check_links.py site/); skipped",
        )
    return Problem(Location(shown), f"{error}; skipped")


# Python-Markdown with this site's extensions, measured on the guide.
MARKDOWN_BYTES_PER_SECOND = 0.5 * MB


class _NotUtf8(Exception):
    def __init__(self, line: int, byte: str) -> None:
        super().__init__(line, byte)
        self.line = line
        self.byte = byte


def _decoded_chunks(handle, cap: int) -> Iterator[str]:
    """The text of ``handle`` in chunks; ``_NotUtf8`` (with its line) at the first bad byte,
    ``FileTooBig`` past ``cap`` bytes (a file that grows while it is read)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    line = 1
    read = 0
    while True:
        data = handle.read(CHUNK_BYTES)
        read += len(data)
        if read > cap:
            raise FileTooBig(read, cap)
        try:
            text = decoder.decode(data, final=not data)
        except UnicodeDecodeError as error:
            raise _NotUtf8(
                line + data.count(b"\n", 0, error.start), data[error.start : error.start + 1].hex()
            ) from None
        line += text.count("\n")
        if text:
            yield text
        if not data:
            return


# ── Markdown ──────────────────────────────────────────────────────────


def _markdown_file(path: Path, shown: str, config: Config, result: Extraction) -> None:
    from link_checker.markdown import MarkdownError, SettingsError, markdown_links

    cap = int(config.markdown_max_mb * MB)
    with open_regular(path, cap) as handle:
        text = "".join(_decoded_chunks(handle, cap))
    try:
        found = list(markdown_links(text, path))
    except SettingsError as error:
        raise ExtractError(str(error)) from None
    except MarkdownError as error:
        result.problems.append(Problem(Location(shown, error.line), f"{error}; skipped"))
        return
    for url, line, tag, attribute in found:
        result.add(url, Location(shown, line), tag, attribute)


# ── HTML ──────────────────────────────────────────────────────────────


def _html_file(path: Path, shown: str, cap: int, result: Extraction) -> None:
    with open_regular(path, cap) as handle:
        for url, line, tag, attribute in html_links(_decoded_chunks(handle, cap)):
            result.add(url, Location(shown, line), tag, attribute)


def html_links(chunks: Iterable[str], first_line: int = 1) -> Iterator[tuple[str, int, str, str]]:
    """``(value, line, tag, attribute)`` for every address attribute in an HTML document.

    The line is where the element's start tag ends (a multi-line tag is
    named by its last line). Streams: see ``_Segments``.
    """
    segments = _Segments(first_line)
    for chunk in _unix_newlines(chunks):
        yield from segments.feed(chunk)
    yield from segments.close()


def _unix_newlines(chunks: Iterable[str]) -> Iterator[str]:
    """The chunks with CRLF and CR as LF (what libxml2 counts as one line each)."""
    held = ""
    for chunk in chunks:
        chunk = held + chunk
        held = "\r" if chunk.endswith("\r") else ""
        if held:
            chunk = chunk[:-1]
        yield chunk.replace("\r\n", "\n").replace("\r", "\n")
    if held:
        yield "\n"


class _Segments:
    """lxml's HTML parser, restarted every few megabytes at a line where nothing is open.

    libxml2's push parser keeps all the input it was given, and counts lines
    only up to 65,535. So the document is parsed in segments: once a segment
    is big enough, it ends after the line of the last element that started,
    when that line ends with a tag and leaves nothing open (no comment, no
    script or style), and a fresh parser takes the text from the next line
    on. Each segment knows its first line, so every line is exact; memory
    stays at a few segments whatever the file size. Elements are read as
    their start tags arrive, and what is finished is dropped.
    """

    SEGMENT_CHARS = 4 * 1024 * 1024
    SEGMENT_LINES = 32 * 1024

    def __init__(self, first_line: int) -> None:
        self._first_line = first_line  # of the current segment
        self._text = ""  # the current segment
        self._lines = 0  # newlines in it
        self._last: tuple[str, int] | None = None  # tag and line of the last start tag
        self._held = ""  # the end of the last chunk, until its line is complete
        self._parser = self._new_parser()

    @staticmethod
    def _new_parser():
        from lxml import etree

        return etree.HTMLPullParser(
            events=("start",), recover=True, no_network=True, huge_tree=True, remove_comments=True
        )

    def feed(self, chunk: str) -> Iterator[tuple[str, int, str, str]]:
        """Parse whole lines only, so that the last start tag seen is on a complete line."""
        held = self._held + chunk
        end = held.rfind("\n") + 1
        if not end and len(held) < self.SEGMENT_CHARS:
            self._held = held
            return
        if not end:  # one very long line: no place to cut anyway
            end = len(held)
        self._held = held[end:]
        yield from self._parse(held[:end])

    def close(self) -> Iterator[tuple[str, int, str, str]]:
        if self._held:
            yield from self._parse(self._held)
        from lxml import etree

        # An empty page gives "no element found": there is just nothing more to read.
        with contextlib.suppress(etree.XMLSyntaxError):
            self._parser.close()
        yield from self._read_events()

    def _parse(self, chunk: str) -> Iterator[tuple[str, int, str, str]]:
        self._text += chunk
        self._lines += chunk.count("\n")
        try:
            self._parser.feed(chunk)
        except UnicodeEncodeError:  # lone surrogates: not from a file, but never a crash
            self._parser.feed(chunk.encode("utf-8", "replace").decode("utf-8"))
        yield from self._read_events()
        if len(self._text) > self.SEGMENT_CHARS or self._lines > self.SEGMENT_LINES:
            rest = self._cut()
            if rest is not None:
                yield from self._parse(rest)

    def _read_events(self) -> Iterator[tuple[str, int, str, str]]:
        element = None
        offset = self._first_line - 1
        for _, element in self._parser.read_events():
            tag = element.tag
            if not isinstance(tag, str):
                continue
            line = (element.sourceline or 1) + offset
            self._last = (tag, line - offset)
            for name, value in element.items():
                if name not in ADDRESS_ATTRIBUTES or (name == "data" and tag != "object"):
                    continue
                if tag == "link" and name == "href":
                    rels = set((element.get("rel") or "").lower().split())
                    if not rels & LOADED_LINK_RELS:
                        tag = METADATA_LINK  # canonical, alternate ...: skipped, with why
                if name == "srcset":
                    for url in srcset_urls(value):
                        yield url, line, tag, name
                else:
                    yield value, line, tag, name
        if element is not None:
            _drop_finished(element)

    def _cut(self) -> str | None:
        """End the segment after the last start tag's line when nothing is open there.

        Returns the text after the cut (for a fresh parser), or None to go on.
        """
        if self._last is None or self._last[0] in RAW_TEXT_ELEMENTS:
            return None
        line = self._last[1]
        end = -1
        for _ in range(line):
            end = self._text.find("\n", end + 1)
            if end < 0:
                return None  # that line is not complete yet
        start = self._text.rfind("\n", 0, end) + 1
        if not _closes_cleanly(self._text[start:end]):
            return None
        rest = self._text[end + 1 :]
        self._first_line += line
        self._text, self._lines, self._last = "", 0, None
        self._parser = self._new_parser()  # the old one is dropped, not closed: nothing to add
        return rest


# Elements whose content is not markup: a segment never ends inside one.
RAW_TEXT_ELEMENTS = frozenset(
    {
        "script",
        "style",
        "textarea",
        "title",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "noscript",
        "plaintext",
        "template",
        "svg",
        "math",
    }
)
_LAST_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*[^<]*>\s*\Z")


def _closes_cleanly(line: str) -> bool:
    """Whether after ``line`` the parser is back in plain text: it ends with a tag and
    opens no comment or CDATA (a raw-text element would be the last element seen)."""
    if "<!" in line or "<?" in line:
        return False
    return _LAST_TAG.search(line) is not None


def _drop_finished(element) -> None:
    """Delete what lies before ``element`` at every level: those elements are complete."""
    while element is not None:
        parent = element.getparent()
        if parent is not None:
            while element.getprevious() is not None:
                del parent[0]
        element = parent

"""What the page reader gives: a page's sections and the facts in each, with source lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple


class Location(NamedTuple):
    """A place in a file as the user is shown it: ``path:line``, or ``path`` for the whole file.

    The one location type of the project's tools (pages, parity, the link
    checker). A named tuple: a big page gives hundreds of thousands of them.
    """

    path: str
    line: int = 0  # 1-based; 0 when a message is about the whole file

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Problem:
    """Something to fix, and where: printed as ``path:line: message``."""

    where: Location
    message: str

    @property
    def path(self) -> str:
        return self.where.path

    @property
    def line(self) -> int:
        return self.where.line

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class PageError(ValueError):
    """A problem that stops a page from being read, as ``path:line: message``."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        self.problem = Problem(Location(str(path), line), message)
        super().__init__(str(self.problem))
        self.path, self.line, self.message = str(path), line, message


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str
    line: int


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    tag: str
    attribute: str
    line: int

    @property
    def external(self) -> bool:
        return self.url.startswith(("http://", "https://", "//"))


@dataclass(frozen=True)
class Admonition:
    """``!!!`` (collapsible None) or ``???`` / ``<details>`` (collapsible: open or not)."""

    kind: str
    title: str | None
    line: int
    collapsible: bool | None = None


@dataclass(frozen=True)
class Number:
    value: str  # normalised: "2", "9.99"
    money: str | None  # currency ("USD", "CNY") or None for a plain number
    text: str  # as written: "两", "$9.99", "two"
    line: int

    @property
    def key(self) -> str:
        return f"{self.money} {self.value}" if self.money else self.value


@dataclass(frozen=True)
class Code:
    value: str
    line: int


@dataclass(frozen=True)
class Label:
    name: str
    line: int


@dataclass(frozen=True)
class Block:
    """A top-level block of the page body and the source lines it spans (1-based, inclusive)."""

    tag: str
    start: int
    end: int
    element: Any = field(repr=False, compare=False)


@dataclass
class Section:
    """A heading and what follows it up to the next heading; the preamble has no heading.

    ``start`` and ``end`` are 1-based source lines, ``end`` exclusive.
    """

    heading: Heading | None
    start: int
    end: int
    links: list[Link] = field(default_factory=list)
    numbers: list[Number] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    admonitions: list[Admonition] = field(default_factory=list)
    steps: int = 0
    bullets: int = 0
    code_blocks: int = 0

    @property
    def id(self) -> str | None:
        return self.heading.id if self.heading else None

    @property
    def title(self) -> str:
        return self.heading.text if self.heading else "(before the first heading)"


@dataclass
class Page:
    path: Path
    lines: list[str]
    front_matter: dict
    front_matter_text: str
    body_start: int  # 0-based index of the body's first line
    html: str
    sections: list[Section]
    blocks: list[Block]
    problems: list[Problem] = field(default_factory=list)  # broken but still readable

    @property
    def headings(self) -> list[Heading]:
        return [s.heading for s in self.sections if s.heading is not None]

    @property
    def outline(self) -> list[tuple[int, str]]:
        return [(h.level, h.id) for h in self.headings]

    def _all(self, name: str) -> list:
        return [item for section in self.sections for item in getattr(section, name)]

    @property
    def links(self) -> list[Link]:
        return self._all("links")

    @property
    def external_links(self) -> list[Link]:
        return [link for link in self.links if link.external]

    @property
    def admonitions(self) -> list[Admonition]:
        return self._all("admonitions")

    @property
    def numbers(self) -> list[Number]:
        return self._all("numbers")

    @property
    def codes(self) -> list[Code]:
        return self._all("codes")

    @property
    def labels(self) -> list[Label]:
        return self._all("labels")

    def section_text(self, section: Section) -> str:
        return "\n".join(self.lines[section.start - 1 : section.end - 1])

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

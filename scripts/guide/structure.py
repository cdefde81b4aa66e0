"""Extract the structure of a guide page: what a translation must keep.

One extractor serves every comparison (parity between languages, the upstream
importer's round trip, translation freshness). It reads MkDocs-flavoured
Markdown: YAML front matter, ``!!! type "title"`` admonitions and attr_list
heading ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

ADMONITION = re.compile(
    r'^(?P<indent>\s*)(?:!!!|\?\?\?\+?)\s+(?P<kind>[\w-]+)(?:\s+"(?P<title>[^"]*)")?\s*$'
)
HEADING_ATTRS = re.compile(r"\s*\{[^{}]*\}\s*$")
HEADING_ID = re.compile(r"#([\w\-\u00a0-\uffff]+)")
ATTR_LIST = re.compile(r"\{\s*[:.#][^{}]*\}")
# Money: "$5", "$9.99", "0.03 美元", "5 USD". Plain numbers: everything else.
MONEY = re.compile(r"\$\s?(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*(?:美元|USD\b|dollars?\b)")
NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?![\w])")
ADMONITION_KINDS = frozenset(
    {
        *("note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important"),
        *("success", "check", "done", "question", "help", "faq", "warning", "caution"),
        *("attention", "failure", "fail", "missing", "danger", "error", "bug", "example"),
        *("quote", "cite"),
    }
)


class GuideError(ValueError):
    """A problem in a guide file, reported as ``path:line: message``."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str | None
    line: int


@dataclass(frozen=True)
class Admonition:
    kind: str
    title: str | None
    line: int


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    line: int


@dataclass(frozen=True)
class Amount:
    """A number in the text; ``money`` is True for currency amounts."""

    value: str
    money: bool
    line: int


@dataclass
class Section:
    """A heading and the lines up to the next heading (1-based, end exclusive)."""

    heading: Heading
    start: int
    end: int
    ordered_items: int = 0
    bullet_items: int = 0


@dataclass
class Structure:
    path: Path
    front_matter: str = ""
    headings: list[Heading] = field(default_factory=list)
    admonitions: list[Admonition] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @property
    def external_links(self) -> list[Link]:
        return [link for link in self.links if link.url.startswith(("http://", "https://"))]

    def section_text(self, section: Section) -> str:
        return "\n".join(self.lines[section.start - 1 : section.end - 1])


def read_guide(path: Path | str) -> Structure:
    """Read and extract a guide file; unreadable or non-UTF-8 files raise GuideError."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        raise GuideError(path, 0, f"cannot read file ({error.strerror or error})") from None
    except UnicodeDecodeError as error:
        line = text_line_of_offset(path.read_bytes(), error.start)
        raise GuideError(path, line, "not valid UTF-8") from None
    return extract(text, path)


def text_line_of_offset(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def extract(text: str, path: Path | str = "<text>") -> Structure:
    path = Path(path)
    lines = text.splitlines()
    front_matter, body_start = split_front_matter(lines, path)
    structure = Structure(path=path, front_matter=front_matter, lines=lines)
    flat = flatten_admonitions(lines, body_start, structure, path)
    tokens = MarkdownIt("commonmark").parse("\n".join(flat))
    walk_tokens(tokens, structure)
    structure.sections = build_sections(structure.headings, tokens, len(lines))
    return structure


def split_front_matter(lines: list[str], path: Path) -> tuple[str, int]:
    """Return the YAML front matter text and the index of the first body line."""
    if not lines or lines[0].strip() != "---":
        return "", 0
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), index + 1
    raise GuideError(path, 1, "front matter opened with '---' is never closed")


def flatten_admonitions(
    lines: list[str], body_start: int, structure: Structure, path: Path
) -> list[str]:
    """Record admonitions and lift their bodies out, keeping line numbers intact."""
    flat = [""] * body_start + lines[body_start:]
    inside: int | None = None  # indent of the admonition whose body we are in
    for index in range(body_start, len(lines)):
        line = lines[index]
        match = ADMONITION.match(line)
        if match:
            kind = match["kind"].lower()
            if kind not in ADMONITION_KINDS:
                raise GuideError(path, index + 1, f"unknown admonition type '{match['kind']}'")
            structure.admonitions.append(Admonition(kind, match["title"], index + 1))
            inside = len(match["indent"])
            flat[index] = ""
            continue
        if inside is not None:
            body_indent = inside + 4
            if not line.strip():
                flat[index] = ""
            elif len(line) - len(line.lstrip(" ")) >= body_indent:
                flat[index] = line[body_indent:]
            else:
                inside = None
    return flat


def walk_tokens(tokens: list[Token], structure: Structure) -> None:
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[index + 1]
            structure.headings.append(make_heading(token, inline))
        elif token.type == "inline" and token.map:
            collect_inline(token, structure)


def make_heading(token: Token, inline: Token) -> Heading:
    raw = inline.content
    attrs = HEADING_ATTRS.search(raw)
    anchor = None
    if attrs:
        found = HEADING_ID.search(attrs.group())
        anchor = found.group(1) if found else None
        raw = raw[: attrs.start()]
    text = plain_text(inline, raw)
    return Heading(int(token.tag[1]), text, anchor, token.map[0] + 1)


def plain_text(inline: Token, fallback: str) -> str:
    parts = [
        child.content for child in inline.children or [] if child.type in ("text", "code_inline")
    ]
    text = "".join(parts) or fallback
    return HEADING_ATTRS.sub("", text).strip()


def collect_inline(inline: Token, structure: Structure) -> None:
    """Links and numbers of one inline run, with the line each child sits on."""
    line = inline.map[0] + 1
    href: str | None = None
    link_text: list[str] = []
    for child in inline.children or []:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "link_open":
            href, link_text = str(child.attrs.get("href", "")), []
        elif child.type == "link_close" and href is not None:
            structure.links.append(Link(href, "".join(link_text).strip(), line))
            href = None
        elif child.type in ("text", "code_inline"):
            content = ATTR_LIST.sub("", child.content)
            if href is not None:
                link_text.append(content)
            structure.amounts.extend(find_amounts(content, line))


def find_amounts(text: str, line: int) -> Iterator[Amount]:
    taken: list[tuple[int, int]] = []
    for match in MONEY.finditer(text):
        taken.append(match.span())
        yield Amount(normalize_number(match[1] or match[2]), True, line)
    for match in NUMBER.finditer(text):
        if not any(start <= match.start() < end for start, end in taken):
            yield Amount(normalize_number(match[1]), False, line)


def normalize_number(value: str) -> str:
    return value.rstrip("0").rstrip(".") if "." in value else value


def build_sections(headings: list[Heading], tokens: list[Token], line_count: int) -> list[Section]:
    sections = []
    for index, heading in enumerate(headings):
        end = headings[index + 1].line if index + 1 < len(headings) else line_count + 1
        sections.append(Section(heading, heading.line, end))
    for token in tokens:
        if token.type == "list_item_open" and token.map:
            owner = section_at(sections, token.map[0] + 1)
            if owner is not None:
                if token.markup in (".", ")"):
                    owner.ordered_items += 1
                else:
                    owner.bullet_items += 1
    return sections


def section_at(sections: list[Section], line: int) -> Section | None:
    for section in sections:
        if section.start <= line < section.end:
            return section
    return None

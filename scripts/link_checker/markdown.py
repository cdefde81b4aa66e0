"""Links of a Markdown page (interim: markdown-it, until the shared page reader lands)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from link_checker.extract import html_links

INDENTED_BLOCK = re.compile(r"^(?P<indent>[ ]*)(?:!!!|\?\?\?\+?|===)[ \t]+\S")
BODY_INDENT = "    "
FRONT_MATTER_FENCE = "---"
FRONT_MATTER_ENDS = ("---", "...")


def _markdown_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark")
    parser.normalizeLink = lambda url: url  # type: ignore[method-assign]
    return parser


_MARKDOWN = _markdown_parser()


def markdown_links(text: str, path: Path | None = None) -> list[tuple[str, int, str, str]]:
    """``(value, line, tag, attribute)`` for every link of a Markdown document."""
    lines = _prepare_markdown(text)
    found: list[tuple[str, int, str, str]] = []
    for token in _MARKDOWN.parse("\n".join(lines)):
        if token.map is None:
            continue
        first_line = token.map[0] + 1
        if token.type == "inline":
            found.extend(_inline_links(token.children or [], first_line))
        elif token.type == "html_block":
            found.extend(html_links([token.content], first_line))
    return found


def _prepare_markdown(text: str) -> list[str]:
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


def _inline_links(
    children: Sequence[Token], first_line: int
) -> Iterator[tuple[str, int, str, str]]:
    line = first_line
    for token in children:
        if token.type == "link_open":
            yield str(token.attrs.get("href", "")), line, "a", "href"
        elif token.type == "image":
            yield str(token.attrs.get("src", "")), line, "img", "src"
        elif token.type == "html_inline":
            yield from html_links([token.content], line)
        if token.type in ("softbreak", "hardbreak"):
            line += 1
        elif token.type == "html_inline":
            line += token.content.count("\n")
        elif token.type == "image" and token.children:
            line += sum(1 for c in token.children if c.type in ("softbreak", "hardbreak"))

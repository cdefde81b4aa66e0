"""Read a guide page the way the site renders it: sections, facts and their source lines.

One reader serves parity, freshness, the importer, the link checker and the
hooks. A page is rendered with ``guide.render`` (Python-Markdown configured
exactly as mkdocs.yml configures it) and the HTML is read with lxml, so what
the tools compare is what readers get: the ids the site gives headings,
admonitions and details with their type and title, every
``href``/``src`` (images, raw HTML and autolinks included), numbers (digits,
money and number words in both languages), codes and UI labels.

Rendered HTML has no line numbers. ``guide.locate`` finds each element's
source line by looking for its text in the source, in document order.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from guide.model import (
    Admonition,
    Block,
    Code,
    Heading,
    Label,
    Link,
    Number,
    Page,
    PageError,
    Section,
)
from guide.render import (
    MarkdownSettings,
    find_config,
    front_matter_block,
    markdown_settings,
    render,
    split_front_matter,
)
from guide.walk import PageWalker

__all__ = [
    "Admonition",
    "Block",
    "Code",
    "Heading",
    "Label",
    "Link",
    "Number",
    "Page",
    "PageError",
    "Section",
    "built_page",
    "parse_page",
    "read_page",
]


# ── Reading ───────────────────────────────────────────────────────────


def read_page(path: Path | str, settings: MarkdownSettings | None = None) -> Page:
    """Read and render a page file; unreadable, non-UTF-8 or broken pages raise PageError."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PageError(path, 0, f"cannot read the file ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PageError(path, line, "not valid UTF-8") from None
    return parse_page(text, path, settings)


def parse_page(
    text: str, path: Path | str = "<text>", settings: MarkdownSettings | None = None
) -> Page:
    """The page that ``text`` renders to, with the site's Markdown settings for ``path``."""
    path = Path(path)
    if settings is None:
        settings = markdown_settings(find_config(path if path.suffix else Path.cwd()))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front_data = read_front_matter(text, path)
    front_text, body, body_start = split_front_matter(text)
    return walk_page(path, text, render(body, settings), front_data, front_text, body_start)


def built_page(path: Path | str, markdown: str, html: str, meta: dict) -> Page:
    """A page as a build hook has it: MkDocs' body Markdown, its HTML and its front matter.

    Nothing is read or rendered again. Lines are counted from the body's first
    line, so a hook may compare sections and ids but not quote file lines.
    """
    body = markdown.replace("\r\n", "\n").replace("\r", "\n")
    return walk_page(Path(path), body, html, meta, "", 0)


def walk_page(
    path: Path, text: str, html: str, front_matter: dict, front_text: str, body_start: int
) -> Page:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    reader = PageWalker(path, lines, body_start)
    reader.read(html)
    return Page(
        path=path,
        lines=lines,
        front_matter=front_matter,
        front_matter_text=front_text,
        body_start=body_start,
        html=html,
        sections=reader.sections,
        blocks=reader.blocks,
        problems=reader.problems,
    )


def read_front_matter(text: str, path: Path) -> dict:
    """The YAML front matter as a mapping; PageError names the line when it is broken."""
    if not text.startswith("---"):
        return {}
    found = front_matter_block(text)
    if found is None:
        if text.split("\n", 1)[0].strip() == "---":
            raise PageError(path, 1, "front matter opened with '---' is never closed")
        return {}
    yaml_text, _ = found
    try:
        data = yaml.safe_load(yaml_text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise PageError(path, line, f"front matter is not valid YAML: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PageError(path, 2, "front matter must be a YAML mapping (key: value)")
    return data

"""Walk a rendered page body once, in document order, and sort what it shows into sections.

Headings open sections (with the ids the toc extension gave them); admonitions,
details, links, UI labels, codes, numbers and list items are
recorded in the section they appear in, each with the source line
``guide.locate`` finds for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import html as lxml_html
from lxml.etree import ParserError

from guide import facts
from guide.locate import Locator
from guide.model import (
    Admonition,
    Block,
    Code,
    Heading,
    Label,
    Link,
    Location,
    Number,
    Problem,
    Section,
)

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# The attribute of each element that points somewhere a reader's browser goes.
LINK_ATTRIBUTES = {
    "a": "href",
    "area": "href",
    "link": "href",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "track": "src",
    "script": "src",
    "embed": "src",
    "object": "data",
}
PERMALINK_CLASS = "headerlink"
UI_LABEL_CLASS = "ui"
# The site's own admonition type: an editor's note, dated and sourced, apart
# from the author's words (styled in docs/stylesheets/site.css, checked at
# build time by overrides/hooks/editor_notes.py).
EDITOR_NOTE = "editor"
# The admonition types Material for MkDocs styles, and the site's own; any
# other renders unstyled.
ADMONITION_KINDS = frozenset(
    {
        *("note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important"),
        *("success", "check", "done", "question", "help", "faq", "warning", "caution"),
        *("attention", "failure", "fail", "missing", "danger", "error", "bug", "example"),
        *("quote", "cite", "details"),
        EDITOR_NOTE,
    }
)
# Elements whose text is code, not prose: no numbers are read from it.
CODE_TAGS = frozenset({"code", "pre", "kbd", "samp"})


class PageWalker:
    """Walks the rendered body once, in document order, filling sections and blocks."""

    def __init__(self, path: Path, lines: list[str], body_start: int) -> None:
        self.path = path
        self.locate = Locator(lines, body_start)
        self.sections: list[Section] = [Section(None, body_start + 1, len(lines) + 1)]
        self.blocks: list[Block] = []
        self.problems: list[Problem] = []

    @property
    def current(self) -> Section:
        return self.sections[-1]

    def read(self, rendered: str) -> None:
        root = parse_fragment(rendered)
        if root is None:
            self.finish()
            return
        starts: list[tuple[Any, int]] = []
        for element in root:
            if not isinstance(element.tag, str):
                continue
            self.element(element, code=False)
            starts.append((element, self.locate.block_start))
            self.locate.end_block()
        self.finish()
        self.blocks = self.make_blocks(starts)

    def finish(self) -> None:
        for section, following in zip(self.sections, self.sections[1:], strict=False):
            section.end = following.start
        self.sections[-1].end = len(self.locate.lines) + 1
        if len(self.sections) > 1 and self.is_empty(self.sections[0]):
            self.sections.pop(0)

    def is_empty(self, section: Section) -> bool:
        lines = self.locate.lines[section.start - 1 : section.end - 1]
        return not any(line.strip() for line in lines)

    def make_blocks(self, starts: list[tuple[Any, int]]) -> list[Block]:
        blocks = []
        for index, (element, start) in enumerate(starts):
            limit = starts[index + 1][1] - 1 if index + 1 < len(starts) else len(self.locate.lines)
            end = max(start, limit)
            while end > start and not self.locate.lines[end - 1].strip():
                end -= 1
            blocks.append(Block(element.tag, start, end, element))
        return blocks

    # One element and everything inside it.
    def element(self, element: Any, code: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        classes = set((element.get("class") or "").split())
        if tag in HEADINGS:
            self.heading(element, HEADINGS[tag])
            return
        if tag == "a" and PERMALINK_CLASS in classes:
            return
        if tag == "div" and "admonition" in classes:
            self.admonition(element, classes, collapsible=None)
        elif tag == "details":
            self.admonition(element, classes, collapsible=element.get("open") is not None)
        elif tag == "pre":
            self.current.code_blocks += 1
        elif tag == "hr":
            self.locate.rule()
        elif tag == "li":
            parent = element.getparent()
            if parent is not None and parent.tag == "ol":
                self.current.steps += 1
            else:
                self.current.bullets += 1
        if tag in LINK_ATTRIBUTES:
            self.link(element, tag, LINK_ATTRIBUTES[tag])
        if tag == "strong" or tag == "b":
            self.strong(element, classes)
        elif tag == "code" and not code:
            self.code(element)
        inside_code = code or tag in CODE_TAGS
        self.text(element.text, inside_code)
        for child in element:
            if isinstance(child.tag, str):
                self.element(child, inside_code)
            self.text(child.tail, code)

    def text(self, chunk: str | None, code: bool) -> None:
        if not chunk:
            return
        line = self.locate.text(chunk)
        if code:
            return
        for number in facts.numbers(chunk):
            offset_line = line + chunk.count("\n", 0, number.offset)
            self.current.numbers.append(
                Number(number.value, number.money, number.text, offset_line)
            )

    def heading(self, element: Any, level: int) -> None:
        for permalink in element.findall(f".//a[@class='{PERMALINK_CLASS}']"):
            permalink.drop_tree()
        text = " ".join(element.text_content().split())
        line = self.locate.heading(text, level)
        heading = Heading(level, text, element.get("id") or "", line)
        self.sections.append(Section(heading, line, line + 1))
        # Numbers and codes in a heading belong to its section.
        self.text(element.text, code=False)
        for child in element:
            if isinstance(child.tag, str):
                self.element(child, code=False)
            self.text(child.tail, code=False)

    def admonition(self, element: Any, classes: set[str], collapsible: bool | None) -> None:
        kinds = sorted(classes - {"admonition", "open"})
        kind = kinds[0] if kinds else ("details" if collapsible is not None else "note")
        if collapsible is None:
            title_element = element.find("p[@class='admonition-title']")
        else:
            title_element = element.find("summary")
        title = (
            " ".join(title_element.text_content().split()) if title_element is not None else None
        )
        line = self.locate.admonition(kind, title, collapsible is not None)
        if kind not in ADMONITION_KINDS:
            where = Location(str(self.path), line)
            self.problems.append(Problem(where, f"unknown admonition type '{kind}'"))
        self.current.admonitions.append(Admonition(kind, title or None, line, collapsible))

    def link(self, element: Any, tag: str, attribute: str) -> None:
        url = element.get(attribute)
        if url is None:
            return
        text = " ".join(element.text_content().split()) or element.get("alt") or ""
        line = self.locate.link(url.strip(), text)
        self.current.links.append(Link(url.strip(), text, tag, attribute, line))

    def strong(self, element: Any, classes: set[str]) -> None:
        text = " ".join(element.text_content().split())
        if not text:
            return
        if UI_LABEL_CLASS in classes:
            self.current.labels.append(Label(text, self.locate.text(text)))
        elif facts.is_code_token(text):
            self.current.codes.append(Code(text, self.locate.text(text)))

    def code(self, element: Any) -> None:
        text = element.text_content()
        if text.strip():
            self.current.codes.append(Code(text.strip(), self.locate.text(text)))


def parse_fragment(rendered: str) -> Any | None:
    """The rendered body as one lxml element holding every top-level block."""
    if not rendered.strip():
        return None
    try:
        return lxml_html.fragment_fromstring(rendered, create_parent="div")
    except ParserError:
        return None

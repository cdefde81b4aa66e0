"""Fail the strict build on a heading id that readers' links cannot trust.

Three mistakes pass every other check and break links without a sound:

- the braces of an attribute list left in a heading: ``## Key { #key`` (never
  closed) shows the brace and gives the id ``key--key``;
- one id on two elements of a page (``{ #overview }`` written twice): every
  link to it lands on the first;
- a translated heading whose id is not the one its translation record pairs
  with the original's section (``anchors`` in ``guide.record``): links from
  outside and the language switch land somewhere else.

Each is a warning that names the source file and line, so ``--strict`` fails.
Ids and outlines come from the HTML MkDocs rendered; the source line is looked
up with the page reader only when there is something to report.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from i18n_state import all_languages_built
from lxml import html as lxml_html
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.pages import Page
from project_guide import guide_module, project_root, source_path

HOOK = "heading_ids"
log = get_plugin_logger(HOOK)

HEADINGS = "//h1 | //h2 | //h3 | //h4 | //h5 | //h6"
# What attr_list leaves in a heading's text when it cannot read the braces.
LEFT_BRACES = re.compile(r"\{\s*[#.:]|\{\s*[\w-]+\s*=|[#.][\w-]+\s*\}")

Outline = list[tuple[int, str]]


@dataclass(frozen=True)
class Built:
    """One built page: where its source is and the (level, id) of its headings."""

    source: Path
    shown: str  # the source as messages name it: docs/en/index.md
    outline: Outline
    record: object | None  # guide.record.Record


_built: dict[Path, Built] = {}
_waiting: list[Built] = []  # translations built before their original (not with static-i18n)


def headings(html: str) -> list[tuple[int, str, str]]:
    """(level, text, id) of every heading of a page body, permalink signs left out."""
    if not html.strip():
        return []
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    found = []
    for heading in root.xpath(HEADINGS):
        for permalink in heading.xpath(".//a[contains(@class, 'headerlink')]"):
            permalink.drop_tree()
        text = " ".join(heading.text_content().split())
        found.append((int(heading.tag[1]), text, heading.get("id") or ""))
    return found


def heading_line(config: MkDocsConfig, source: Path, heading_id: str, occurrence: int = 1) -> int:
    """The source line of the n-th heading with this id, or 0 when it cannot be told."""
    reader = guide_module(config, "page", HOOK)
    if reader is None:
        return 0
    try:
        page = reader.read_page(source)
    except reader.PageError:
        return 0
    lines = [h.line for h in page.headings if h.id == heading_id]
    return lines[occurrence - 1] if len(lines) >= occurrence else 0


def warn(shown: str, line: int, message: str) -> None:
    log.warning("%s%s: %s", shown, f":{line}" if line else "", message)


def check_braces(found: list[tuple[int, str, str]], built: Built, config: MkDocsConfig) -> None:
    for _, text, heading_id in found:
        if LEFT_BRACES.search(text):
            line = heading_line(config, built.source, heading_id)
            warn(
                built.shown,
                line,
                f"heading '{text}' shows attribute-list braces and got the id '{heading_id}': "
                "close the braces, as in '## Title { #title }'",
            )


def check_unique(ids: list[str], built: Built, config: MkDocsConfig) -> None:
    for element_id, count in Counter(ids).items():
        if element_id and count > 1:
            line = heading_line(config, built.source, element_id, occurrence=2)
            warn(
                built.shown,
                line,
                f"the id '{element_id}' is on {count} elements of the page: "
                "links to it reach only the first; give each its own id",
            )


def check_record(translation: Built, config: MkDocsConfig, last_chance: bool = False) -> None:
    """Each translated heading keeps the id its record pairs with the original's section."""
    record = translation.record
    pairing = guide_module(config, "pairing", HOOK)
    if record is None or not record.anchors or pairing is None:
        return
    original = _built.get((project_root(config) / record.original).resolve())
    if original is None:
        if not last_chance:
            _waiting.append(translation)
        return
    outline = translation.outline
    for a, b in pairing.pair_indexes(original.outline, outline, record.order):
        section, heading_id = original.outline[a][1], outline[b][1]
        wanted = record.anchors.get(section)
        if wanted is None or wanted == heading_id:
            continue
        occurrence = [i for _, i in outline[: b + 1]].count(heading_id)
        line = heading_line(config, translation.source, heading_id, occurrence)
        warn(
            translation.shown,
            line,
            f"the heading for '{section}' has the id '{heading_id}', but its translation record "
            f"pairs it with '#{wanted}', where readers' links point: put '{{ #{wanted} }}' back, "
            "or record a deliberate change with python3 scripts/dev.py run python "
            f"scripts/translation_freshness.py --update {translation.shown}",
        )


def read_record(page: Page, config: MkDocsConfig, shown: str):
    records = guide_module(config, "record", HOOK)
    if records is None:
        return None
    try:
        return records.read_record(page.meta, shown)
    except ValueError as error:  # guide.model.PageError: the build fails on it elsewhere too
        warn(shown, 0, str(error).removeprefix(f"{shown}: "))
        return None


def on_page_content(html: str, page: Page, config: MkDocsConfig, files) -> str:
    if not page.file.abs_src_path:
        return html
    shown = source_path(page, config)
    found = headings(html)
    outline = [(level, heading_id) for level, _, heading_id in found]
    source = Path(page.file.abs_src_path).resolve()
    built = Built(source, shown, outline, read_record(page, config, shown))
    _built[source] = built
    check_braces(found, built, config)
    check_unique(element_ids(html), built, config)
    check_record(built, config)
    return html


def element_ids(html: str) -> list[str]:
    if not html.strip():
        return []
    return [str(i) for i in lxml_html.fragment_fromstring(html, create_parent="div").xpath("//@id")]


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """A heading's id must not be one the theme gives an element of the page too."""
    built = _built.get(Path(page.file.abs_src_path).resolve()) if page.file.abs_src_path else None
    if built is None:
        return output
    in_content = Counter(heading_id for _, heading_id in built.outline)
    on_page = Counter(i for i in lxml_html.document_fromstring(output).xpath("//@id"))
    for heading_id, count in in_content.items():
        if on_page[heading_id] > count:
            warn(
                built.shown,
                heading_line(config, built.source, heading_id),
                f"the heading id '{heading_id}' is also an id of the theme's page layout: "
                "links to it may land on the theme's element; give the heading another id",
            )
    return output


@event_priority(-100)
def on_post_build(config: MkDocsConfig) -> None:
    if not all_languages_built(config):
        return
    for built in _waiting:
        check_record(built, config, last_chance=True)
    _waiting.clear()
    _built.clear()

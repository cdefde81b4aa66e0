"""Give each page the map its language switch needs to keep the reader's place.

A reader who switches language at a section should land on the same section of
the other page. Which section stands for which is what the project already
knows: ``guide.pairing.pair_sections`` pairs the heading outlines of a page and
its translation, following the translation record (``translation_of.sections``
in the translated page's front matter) and else the order of the headings.

This hook collects every page's outline as built (MkDocs' ``page.toc``, so the
ids are the ones the site gives) while static-i18n builds each language. Once
all languages are built, it writes into each page a data block, read by
``docs/javascripts/language_switch.js``::

    <script type="application/json" id="__language_switch">
      {"sections": [this page's section ids],
       "counterparts": {"en": {"概述": "overview", ...}}}
    </script>

A section with no counterpart is left out of the map, and the switch opens
the other page at its top. A data block is not run, so the CSP needs no hash
for it. Without ``scripts/guide`` next to mkdocs.yml (a bare copy of the
site's sources) nothing is paired and the switch opens pages at their top.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import theme_patch
from i18n_state import all_languages_built, default_language
from jinja2.utils import htmlsafe_json_dumps
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.pages import Page
from project_guide import guide_module, project_root, source_path

HOOK = "language_switch"
log = get_plugin_logger(HOOK)

BLOCK_ID = "__language_switch"
BODY_END = "</body>"

Outline = list[tuple[int, str]]


@dataclass(frozen=True)
class BuiltPage:
    """What the switch needs from one built page."""

    locale: str
    name: str  # the page's path inside its language folder: index.md, plus.md
    source: Path
    output: Path
    outline: Outline
    original: Path | None  # the page it translates, from its translation record
    recorded: tuple[str, ...]  # the original's section ids it translates, in order


_pages: dict[tuple[str, str], BuiltPage] = {}


def outline_of(toc) -> Outline:
    """(level, id) of every heading in a page's table of contents, in page order."""
    outline: Outline = []
    for item in toc:
        outline.append((item.level, item.id))
        outline.extend(outline_of(item.children))
    return outline


def built_page(page: Page, config: MkDocsConfig) -> BuiltPage:
    record = translation_record(page, config)
    return BuiltPage(
        locale=page.file.locale,
        name=getattr(page.file, "norm_src_uri", page.file.src_uri),
        source=Path(page.file.abs_src_path).resolve(),
        output=Path(page.file.abs_dest_path),
        outline=outline_of(page.toc),
        original=(project_root(config) / record.original).resolve() if record else None,
        recorded=tuple(record.order) if record else (),
    )


def translation_record(page: Page, config: MkDocsConfig):
    """The page's translation record (``guide.record``), None without one or without scripts/."""
    records = guide_module(config, "record", HOOK)
    if records is None:
        return None
    try:
        return records.read_record(page.meta, source_path(page, config))
    except ValueError as error:  # guide.model.PageError: a malformed record
        raise PluginError(f"{HOOK}: {error}") from None


def counterparts(page: BuiltPage, other: BuiltPage, pairing: ModuleType) -> dict[str, str]:
    """This page's section id -> the other page's, for sections with a counterpart."""
    if page.original == other.source:  # page translates other
        pairs = pairing.pair_sections(other.outline, page.outline, page.recorded)
        return {mine: theirs for theirs, mine in pairs.items()}
    if other.original == page.source:  # other translates page
        return pairing.pair_sections(page.outline, other.outline, other.recorded)
    return pairing.pair_sections(page.outline, other.outline)


def switch_data(page: BuiltPage, pages: list[BuiltPage], pairing: ModuleType | None) -> dict:
    others = [other for other in pages if other.name == page.name and other is not page]
    return {
        "sections": [section_id for _, section_id in page.outline],
        "counterparts": {
            other.locale: counterparts(page, other, pairing) if pairing else {} for other in others
        },
    }


def with_switch_data(html: str, data: dict) -> str | None:
    """The page with its data block before </body>; None when it has no </body>."""
    end = html.rfind(BODY_END)
    if end < 0:
        return None
    payload = htmlsafe_json_dumps(data, dumps=json.dumps, ensure_ascii=False, separators=(",", ":"))
    block = f'<script type="application/json" id="{BLOCK_ID}">{payload}</script>\n'
    return html[:end] + block + html[end:]


def on_page_context(context, page: Page, config: MkDocsConfig, nav):
    if getattr(page.file, "locale", None) is not None and page.file.abs_src_path:
        info = built_page(page, config)
        _pages[(info.locale, info.name)] = info
    return context


@event_priority(-250)  # after every other writer of pages, before the CSP (-300)
def on_post_build(config: MkDocsConfig) -> None:
    if not all_languages_built(config) or not _pages:
        return
    pairing = guide_module(config, "pairing", HOOK)
    if pairing is None:
        log.info("no scripts/guide next to mkdocs.yml: the switch opens pages at their top")
    pages = sorted(_pages.values(), key=lambda p: (p.locale != default_language(config), p.name))
    for page in pages:
        html = page.output.read_text(encoding="utf-8")
        updated = with_switch_data(html, switch_data(page, pages, pairing))
        if updated is None:
            where = page.output.relative_to(Path(config.site_dir)).as_posix()
            theme_patch.not_found(hook="language_switch", what=BODY_END, template=where)
            continue
        page.output.write_text(updated, encoding="utf-8")
    _pages.clear()

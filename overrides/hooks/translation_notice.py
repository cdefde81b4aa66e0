"""Tell readers of a translated page when the original changed after it was translated.

A translated page records the sections of the original it translates
(``translation_of`` in its front matter, written by
``scripts/translation_freshness.py --update``). When any recorded section of
the original has changed since, this hook puts a short notice under the page
title naming the sections that may be out of date. A fresh page, a page in
the default language and a page without a record get nothing.

The comparison is ``guide.freshness`` from ``scripts/`` (one home for it),
reached through ``project_guide``. It reads what the build already has: each
page's Markdown body and the HTML MkDocs rendered from it, kept as the pages
are built (the default language first, so an original is kept before its
translation is built). Nothing is read or rendered a second time, unless an
original is not part of the build.
"""

from __future__ import annotations

import html
from pathlib import Path

from i18n_state import default_language, language_prefix
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.pages import Page
from page_top import under_title
from project_guide import guide_module, project_root, source_path

HOOK = "translation_notice"
log = get_plugin_logger(HOOK)

TITLE = "This translation may be out of date"
BODY = (
    "The Chinese original has changed since these sections were translated: {sections}. "
    'Until they are updated, the <a href="{original}" hreflang="{lang}">Chinese page</a> '
    "is the reference."
)
# Each stale section links to the same section of the original.
SECTION_LINK = '<a href="{href}" hreflang="{lang}"><em>{text}</em></a>'


# Each page's Markdown body as read (before any hook edits it) and the page as
# built, by source file: what the reader needs to compare sections.
_markdown: dict[Path, str] = {}
_built: dict[Path, object] = {}


def stale_headings(page: Page, config: MkDocsConfig) -> list[tuple[str, str | None]]:
    """(heading text, id of the original section or None) of each stale section.

    None stale when the project has no scripts/guide (a bare copy of the site's
    sources): there is nothing to compare with.
    """
    freshness = guide_module(config, "freshness", HOOK)
    reader = guide_module(config, "page", HOOK)
    records = guide_module(config, "record", HOOK)
    if freshness is None or reader is None or records is None:
        return []
    try:
        record = records.read_record(page.meta, source_path(page, config))
        if record is None:
            return []
        translation = _built[Path(page.file.abs_src_path).resolve()]
        original_path = (project_root(config) / record.original).resolve()
        original = _built.get(original_path) or reader.read_page(original_path)
        stale = freshness.stale_sections(original, translation, record)
    except reader.PageError as error:
        raise PluginError(f"{HOOK}: {error}") from None
    found = []
    for section in stale:
        heading = section.counterpart or section.original
        text = heading.text if heading is not None else section.key
        found.append((text, section.key if section.original is not None else None))
    return found


def notice(
    headings: list[tuple[str, str | None]], original_url: str, original_lang: str = "zh"
) -> str:
    sections = ", ".join(
        SECTION_LINK.format(
            href=html.escape(f"{original_url}#{key}" if key else original_url, quote=True),
            lang=html.escape(original_lang, quote=True),
            text=html.escape(text),
        )
        for text, key in headings
    )
    body = BODY.format(
        sections=sections,
        original=html.escape(original_url, quote=True),
        lang=html.escape(original_lang, quote=True),
    )
    return (
        '<section class="admonition warning translation-notice">'
        f'<p class="admonition-title">{TITLE}</p><p>{body}</p></section>'
    )


def original_url(url: str, prefix: str) -> str:
    """The default-language page at the same place, relative to the page at ``url``."""
    same_page = url[len(prefix) :] if prefix and url.startswith(prefix) else url
    return "../" * url.count("/") + same_page or "./"


@event_priority(100)  # first: the Markdown as the file has it
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files) -> str:
    if page.file.abs_src_path:
        _markdown[Path(page.file.abs_src_path).resolve()] = markdown
    return markdown


@event_priority(100)  # first: the HTML as rendered from that Markdown
def on_page_content(html_content: str, page: Page, config: MkDocsConfig, files) -> str:
    if not page.file.abs_src_path:
        return html_content
    reader = guide_module(config, "page", HOOK)
    source = Path(page.file.abs_src_path).resolve()
    if reader is not None and source in _markdown:
        _built[source] = reader.built_page(source, _markdown.pop(source), html_content, page.meta)
    locale = getattr(page.file, "locale", None)
    if locale is None or locale == default_language(config):
        return html_content
    headings = stale_headings(page, config)
    if not headings:
        return html_content
    names = "; ".join(text for text, _ in headings)
    log.info("%s: stale translation, notice shown (%s)", page.file.src_uri, names)
    link = original_url(page.url, language_prefix(locale, config))
    return under_title(html_content, notice(headings, link, default_language(config)))

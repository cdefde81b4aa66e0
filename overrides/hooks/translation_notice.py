"""Tell readers of a translated page when the original changed after it was translated.

A translated page records the sections of the original it translates
(``translation_of`` in its front matter, written by
``scripts/translation_freshness.py --update``). When any recorded section of
the original has changed since, this hook puts a short notice under the page
title naming the sections that may be out of date. A fresh page, a page in
the default language and a page without a record get nothing.

The comparison is ``guide.freshness`` from ``scripts/`` (one home for it), so
this hook adds that folder, next to mkdocs.yml, to the import path.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path
from types import ModuleType

from i18n_state import default_language, language_prefix
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

log = get_plugin_logger("translation_notice")

SCRIPTS_DIR = "scripts"
TITLE = "This translation may be out of date"
BODY = (
    "The Chinese original has changed since these sections were translated: {sections}. "
    'Until they are updated, the <a href="{original}" hreflang="{lang}">Chinese page</a> '
    "is the reference."
)
# Each stale section links to the same section of the original.
SECTION_LINK = '<a href="{href}" hreflang="{lang}"><em>{text}</em></a>'

H1_END = "</h1>"


def project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def load_freshness(root: Path) -> tuple[ModuleType, ModuleType] | None:
    """``guide.freshness`` and ``guide.page`` from the project's scripts/ folder.

    None when the project has no scripts/ folder (a bare copy of the site's
    sources): there is nothing to compare with, so no notice is shown.
    """
    scripts = root / SCRIPTS_DIR
    if not (scripts / "guide").is_dir():
        log.debug("no %s/guide next to mkdocs.yml: translation freshness not checked", scripts)
        return None
    if str(scripts) not in sys.path:
        sys.path.insert(0, str(scripts))
    try:
        from guide import freshness, page
    except ImportError as error:
        raise PluginError(
            f"translation_notice: cannot import guide.freshness from {scripts} ({error})"
        ) from None
    return freshness, page


def stale_headings(page_path: Path, root: Path) -> list[tuple[str, str | None]]:
    """(heading text, id of the original section or None) of each stale section."""
    modules = load_freshness(root)
    if modules is None:
        return []
    freshness, reader = modules
    try:
        translation = reader.read_page(page_path)
        record = freshness.read_record(translation)
        if record is None:
            return []
        original = reader.read_page(root / record.original)
        stale = freshness.stale_sections(original, translation, record)
    except reader.PageError as error:
        raise PluginError(f"translation_notice: {error}") from None
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


def with_notice(content: str, block: str) -> str:
    """The page HTML with ``block`` right under its title (or first, with no title)."""
    end = content.find(H1_END)
    if end < 0:
        return block + content
    end += len(H1_END)
    return content[:end] + "\n" + block + content[end:]


def original_url(url: str, prefix: str) -> str:
    """The default-language page at the same place, relative to the page at ``url``."""
    same_page = url[len(prefix) :] if prefix and url.startswith(prefix) else url
    return "../" * url.count("/") + same_page or "./"


def on_page_content(html_content: str, page: Page, config: MkDocsConfig, files) -> str:
    locale = getattr(page.file, "locale", None)
    if locale is None or locale == default_language(config) or not page.file.abs_src_path:
        return html_content
    headings = stale_headings(Path(page.file.abs_src_path), project_root(config))
    if not headings:
        return html_content
    names = "; ".join(text for text, _ in headings)
    log.info("%s: stale translation, notice shown (%s)", page.file.src_uri, names)
    link = original_url(page.url, language_prefix(locale, config))
    return with_notice(html_content, notice(headings, link, default_language(config)))

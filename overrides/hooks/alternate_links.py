"""Make the language alternates search engines read absolute, with an x-default.

Material writes ``<link rel="alternate" href="/en/" hreflang="en">``; search
engines want absolute URLs and an ``x-default`` for readers of any other
language (the default language). Material's language switcher also fetches
``sitemap.xml`` next to each alternate, so every language folder gets a copy.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import theme_patch
from i18n_state import all_languages_built, default_language, language_prefix, languages
from mkdocs.plugins import event_priority

HOOK = "alternate_links"
ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">')
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")


def absolute_alternates(html: str, page_url: str, default: str, template: str = "a page") -> str:
    """Alternates resolved against the page's own absolute URL (they may be relative)."""
    default_href = None

    def absolutize(match: re.Match[str]) -> str:
        nonlocal default_href
        href, lang = urljoin(page_url, match[1]), match[2]
        if lang == default:
            default_href = href
        return f'<link rel="alternate" href="{href}" hreflang="{lang}">'

    html = theme_patch.sub(
        ALTERNATE, absolutize, html, hook=HOOK, what="language alternate links", template=template
    )
    if default_href is None:
        return html
    last = list(ALTERNATE.finditer(html))[-1]
    x_default = f'\n    <link rel="alternate" href="{default_href}" hreflang="x-default">'
    return html[: last.end()] + x_default + html[last.end() :]


def on_post_page(output, page, config):
    if not config.site_url or len(languages(config)) < 2:
        return output
    page_url = urljoin(config.site_url, page.url)
    template = page.meta.get("template", "main.html")
    return absolute_alternates(output, page_url, default_language(config), template)


@event_priority(-200)
def on_post_build(config):
    if not all_languages_built(config):
        return
    site = Path(config.site_dir)
    for locale in languages(config):
        prefix = language_prefix(locale, config)
        for name in SITEMAPS:
            if prefix and (site / name).is_file():
                shutil.copyfile(site / name, site / prefix / name)

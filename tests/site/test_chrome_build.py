"""Calm chrome, proved on the built pages: one title pattern, no redundant sidebar.

Every page's tab title is its heading, then the site name, in both languages.
While a language has one page, Material's left navigation sidebar (which
would repeat the site name and the page title) is hidden with Material's own
``hide: navigation``; once the nav lists a second page, it is shown again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser
from site_pages import SitePage, read_config, source_pages

PAGES = source_pages()
PRIMARY_SIDEBAR = ".md-sidebar--primary"


def parsed(site: Path, path: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / path / "index.html").read_text(encoding="utf-8"))


def site_names() -> dict[str, str]:
    """Each language's site name: the config's, or the one its i18n entry sets."""
    config = read_config()
    names = {}
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for language in plugin["i18n"]["languages"]:
                names[language["locale"]] = language.get("site_name", config["site_name"])
    return names


@pytest.mark.parametrize("page", PAGES, ids=lambda page: f"{page.lang}:/{page.path}")
def test_title_is_the_heading_then_the_site_name(site: Path, page: SitePage) -> None:
    tree = parsed(site, page.path)
    heading = tree.css_first("article h1")
    for permalink in heading.css("a.headerlink"):
        permalink.decompose()
    title = tree.css_first("title").text()
    assert title == f"{heading.text(strip=True)} - {site_names()[page.lang]}"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: f"{page.lang}:/{page.path}")
def test_one_page_per_language_hides_the_navigation_sidebar(site: Path, page: SitePage) -> None:
    sidebar = parsed(site, page.path).css_first(PRIMARY_SIDEBAR)
    assert sidebar is not None and "hidden" in sidebar.attributes


@pytest.mark.parametrize("path", ["", "plus/", "en/", "en/plus/"])
def test_a_second_page_brings_the_navigation_back(grown_site: Path, path: str) -> None:
    sidebar = parsed(grown_site, path).css_first(PRIMARY_SIDEBAR)
    assert sidebar is not None and "hidden" not in sidebar.attributes
    pages = sidebar.css(".md-nav--primary > .md-nav__list > .md-nav__item")
    assert len(pages) == 2

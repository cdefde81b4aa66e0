"""Calm chrome, proved on the built pages: one title pattern, no redundant sidebar.

Every page's tab title is its heading, then the site name, in both languages.
While a language has one page, Material's left navigation sidebar (which
would repeat the site name and the page title) is hidden with Material's own
``hide: navigation``; once the nav lists a second page, it is shown again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from guide.pages import site_pages
from guide.render import read_config
from selectolax.lexbor import LexborHTMLParser

ROOT = Path(__file__).resolve().parents[2]
SITE = site_pages(ROOT)
PAGES = SITE.urls()  # (language, path below the site root)
PRIMARY_SIDEBAR = ".md-sidebar--primary"


def parsed(site: Path, path: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / path / "index.html").read_text(encoding="utf-8"))


def site_names() -> dict[str, str]:
    """Each language's site name: the config's, or the one its i18n entry sets."""
    config = read_config(ROOT / "mkdocs.yml")
    names = {}
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for language in plugin["i18n"]["languages"]:
                names[language["locale"]] = language.get("site_name", config["site_name"])
    return names


@pytest.mark.parametrize(("lang", "path"), PAGES)
def test_title_is_the_heading_then_the_site_name(site: Path, lang: str, path: str) -> None:
    tree = parsed(site, path)
    heading = tree.css_first("article h1")
    for permalink in heading.css("a.headerlink"):
        permalink.decompose()
    title = tree.css_first("title").text()
    assert title == f"{heading.text(strip=True)} - {site_names()[lang]}"


@pytest.mark.parametrize(("lang", "path"), PAGES)
def test_the_navigation_sidebar_shows_only_with_more_than_one_page(
    site: Path, lang: str, path: str
) -> None:
    sidebar = parsed(site, path).css_first(PRIMARY_SIDEBAR)
    assert sidebar is not None
    one_page = sum(locale == lang for locale, _ in PAGES) == 1
    assert ("hidden" in sidebar.attributes) is one_page


def test_a_second_page_brings_the_navigation_back(grown_site: Path) -> None:
    grown = site_pages(grown_site.parent)
    for _, path in grown.urls():
        sidebar = parsed(grown_site, path).css_first(PRIMARY_SIDEBAR)
        assert sidebar is not None and "hidden" not in sidebar.attributes, path
        pages = sidebar.css(".md-nav--primary > .md-nav__list > .md-nav__item")
        assert len(pages) == len(grown.pairs), path

"""The page list the browser tests and the Lighthouse script visit is the site's own.

``source_pages`` (from docs/ and mkdocs.yml, known before a build) must name
exactly the pages the built sitemap lists, with a second page pair too.
"""

from __future__ import annotations

from pathlib import Path

from site_pages import not_found_pages, sitemap_paths, source_pages

SITE_URL = "http://127.0.0.1:8000/"  # the default site_url the `site` fixture builds with


def test_source_pages_are_the_pages_the_sitemap_lists(site: Path) -> None:
    assert sorted(page.path for page in source_pages()) == sorted(sitemap_paths(site, SITE_URL))


def test_with_a_second_page_pair_too(grown_site: Path) -> None:
    pages = source_pages(grown_site.parent)
    assert sorted(page.path for page in pages) == ["", "en/", "en/plus/", "plus/"]
    assert sorted(sitemap_paths(grown_site, SITE_URL)) == sorted(page.path for page in pages)
    assert {page.source for page in pages} >= {"zh/plus.md", "en/plus.md"}


def test_each_language_has_its_404_page(site: Path) -> None:
    for page in not_found_pages():
        assert (site / page.path).is_file(), page.path
        assert f'<html lang="{page.lang}"' in (site / page.path).read_text(encoding="utf-8")

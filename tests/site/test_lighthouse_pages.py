"""The Lighthouse script scores every page: the built sitemap lists the site's pages.

``scripts/lighthouse.py`` takes its pages from the built site's sitemap.xml;
they must be the pages of docs/ and the nav (``guide.pages``), also once a
page pair is added.
"""

from __future__ import annotations

from pathlib import Path

from guide.pages import site_pages
from lighthouse import sitemap_paths

ROOT = Path(__file__).resolve().parents[2]
SITE_URL = "http://127.0.0.1:8000/"  # the default site_url the `site` fixture builds with


def test_lighthouse_scores_every_page_of_the_site(site: Path) -> None:
    expected = sorted(path for _, path in site_pages(ROOT).urls())
    assert sorted(sitemap_paths(site, SITE_URL)) == expected


def test_and_a_page_added_later(grown_site: Path) -> None:
    grown = sorted(path for _, path in site_pages(grown_site.parent).urls())
    assert {"grown/", "en/grown/"} <= set(grown)
    assert sorted(sitemap_paths(grown_site, SITE_URL)) == grown

"""The Lighthouse script scores every page: the built sitemap lists the site's pages.

``scripts/lighthouse.py`` takes its pages from the built site's sitemap.xml;
they must be the pages of docs/ and the nav (``guide.pages``), also once a
page pair is added (the README replay).
"""

from __future__ import annotations

from built import Built
from lighthouse import sitemap_paths


def test_lighthouse_scores_every_page_of_the_site(built: Built) -> None:
    expected = sorted(page.url for page in built.every_page())
    assert sorted(sitemap_paths(built.site, built.site_url)) == expected

"""A first visit to any page stays light: at most 100 KB on the wire in at most 12 requests.

"First visit" is a fresh browser profile (no cache) loading a page until the
network is idle and search is ready, so the search index, its worker and any
sitemap the language switcher fetches count too. Bytes are what the server
wrote to the browser's connections (status line, headers and gzip bodies);
Chromium does not report sizes for a worker's own script, so the server is
the one place that sees every byte. The test checks that the browser and the
server agree on what was fetched, and that the browser asked for no URL twice
(a second request answered from its cache is still a request).
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import unquote, urlsplit

import pytest
from browser_site import Language, LiveSite, SitePage, wait_for_search_index
from playwright.sync_api import Request

pytestmark = pytest.mark.browser

MAX_BYTES = 100_000  # 100 KB
MAX_REQUESTS = 12
TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".xml", "/")


def test_first_visit_transfers_at_most_100_kb_in_at_most_12_requests(
    live_site: LiveSite, site_page: SitePage, language: Language
) -> None:
    context, _ = live_site.new_context()
    page = context.new_page()
    asked: list[str] = []  # every request the browser made, cache hits included

    def note(request: Request) -> None:
        asked.append(request.url)

    context.on("request", note)
    live_site.server.clear_log()
    page.goto(live_site.url(site_page.path), wait_until="networkidle")
    wait_for_search_index(page, language)
    page.wait_for_load_state("networkidle")  # whatever the page starts after search is ready
    served = live_site.server.log

    twice = sorted(url for url, count in Counter(asked).items() if count > 1)
    assert twice == [], f"fetched more than once: {twice}"
    same_origin = [url for url in asked if url.startswith(live_site.base_url)]
    assert {entry.path for entry in served} == {unquote(urlsplit(u).path) for u in same_origin}
    assert len(same_origin) == len(asked), "a request left the site's origin"
    listing = "\n".join(f"  {entry.wire_bytes:>7} B  {entry.path}" for entry in served)
    total = sum(entry.wire_bytes for entry in served)
    summary = f"/{site_page.path}: {len(asked)} requests, {total} bytes:\n{listing}"
    print(summary)  # the figures, with -s
    assert len(asked) <= MAX_REQUESTS, summary
    assert total <= MAX_BYTES, summary
    uncompressed = [e.path for e in served if e.path.endswith(TEXT_SUFFIXES) and not e.gzip]
    assert uncompressed == [], "text sent without gzip"

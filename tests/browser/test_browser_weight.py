"""A first visit stays light: at most 100 KB on the wire in at most 12 requests.

"First visit" is a fresh browser profile (no cache) loading a page until the
network is idle and search is ready, so the search index, its worker and the
switcher's sitemaps count too. Bytes are what the server wrote to the
browser's connections (status line, headers and gzip bodies); Chromium does
not report sizes for a worker's own script, so the server is the one place
that sees every byte. The test checks that the browser and the server agree
on what was fetched.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest
from browser_site import Language, LiveSite, wait_for_search_index
from playwright.sync_api import Request

pytestmark = pytest.mark.browser

MAX_BYTES = 100_000  # 100 KB
MAX_REQUESTS = 12
TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".xml", "/")


def test_first_visit_transfers_at_most_100_kb_in_at_most_12_requests(
    live_site: LiveSite, language: Language
) -> None:
    context, _ = live_site.new_context()
    page = context.new_page()
    seen_by_browser: set[str] = set()

    def note(request: Request) -> None:
        if request.url.startswith(live_site.base_url):
            seen_by_browser.add(unquote(urlsplit(request.url).path))

    context.on("request", note)
    live_site.server.clear_log()
    page.goto(live_site.url(language.path), wait_until="networkidle")
    wait_for_search_index(page, language)
    served = live_site.server.log

    assert {entry.path for entry in served} == seen_by_browser
    listing = "\n".join(f"  {entry.wire_bytes:>7} B  {entry.path}" for entry in served)
    total = sum(entry.wire_bytes for entry in served)
    summary = f"{len(served)} requests, {total} bytes:\n{listing}"
    assert len(served) <= MAX_REQUESTS, summary
    assert total <= MAX_BYTES, summary
    uncompressed = [e.path for e in served if e.path.endswith(TEXT_SUFFIXES) and not e.gzip]
    assert uncompressed == [], "text sent without gzip"

"""A first visit stays light, and search costs nothing until the reader starts to search.

"First visit" is a fresh browser profile (no cache) loading a page until the
network is idle. Bytes are what the server wrote to the browser's connections
(status line, headers and gzip bodies); Chromium does not report sizes for a
worker's own script, so the server is the one place that sees every byte. The
test checks that the browser and the server agree on what was fetched, and
that the browser asked for no URL twice (a second request answered from its
cache is still a request).

The search index grows with every page, so it (and the engine and Material's
worker that read it) must not be part of a first visit: it loads when the
reader starts to search, by focusing the search field, with the "/" or "s"
key, with a tap on the search icon on a phone, or by opening a shared search
link (?q=).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from urllib.parse import quote, unquote, urlsplit

import pytest
from browser_site import (
    LANGUAGES,
    PHONE,
    SITE_PAGES,
    Language,
    LiveSite,
    wait_for_search_index,
)
from playwright.sync_api import Page, Request, expect

pytestmark = pytest.mark.browser

MAX_BYTES = 100_000  # 100 KB
MAX_REQUESTS = 12
TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".xml", "/")
INDEX = re.compile(r"/search/search_index\.json$")
# What only searching needs: the index, the site's search scripts but the worker
# (the engine, the page scripts) and Material's worker (for lunr).
SEARCH_ONLY = re.compile(
    r"/search/search_index\.json$|/javascripts/search_(?!worker)\w+\.js$"
    r"|/assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$"
)


def visit(live_site: LiveSite, path: str, **options: object) -> tuple[Page, list[str]]:
    """Open ``path`` in a fresh profile until the network is idle; every URL it asked for."""
    context, _ = live_site.new_context(**options)  # type: ignore[arg-type]
    page = context.new_page()
    asked: list[str] = []  # every request the browser made, cache hits included

    def note(request: Request) -> None:
        asked.append(request.url)

    context.on("request", note)
    live_site.server.clear_log()
    page.goto(live_site.url(path), wait_until="networkidle")
    return page, asked


def test_first_visit_transfers_at_most_100_kb_in_at_most_12_requests(
    live_site: LiveSite,
) -> None:
    for site_page in SITE_PAGES:
        _, asked = visit(live_site, site_page.path)
        served = live_site.server.log
        where = f"/{site_page.path}"
        twice = sorted(url for url, count in Counter(asked).items() if count > 1)
        assert twice == [], f"{where}: fetched more than once: {twice}"
        same_origin = [url for url in asked if url.startswith(live_site.base_url)]
        assert {entry.path for entry in served} == {unquote(urlsplit(u).path) for u in same_origin}
        assert len(same_origin) == len(asked), f"{where}: a request left the site's origin"
        listing = "\n".join(f"  {entry.wire_bytes:>7} B  {entry.path}" for entry in served)
        total = sum(entry.wire_bytes for entry in served)
        summary = f"{where}: {len(asked)} requests, {total} bytes:\n{listing}"
        print(summary)  # the figures, with -s
        early = [entry.path for entry in served if SEARCH_ONLY.search(entry.path)]
        assert early == [], f"{where}: loaded before the reader searched: {early}"
        assert len(asked) <= MAX_REQUESTS, summary
        assert total <= MAX_BYTES, summary
        uncompressed = [e.path for e in served if e.path.endswith(TEXT_SUFFIXES) and not e.gzip]
        assert uncompressed == [], f"{where}: text sent without gzip"


def click_the_field(page: Page) -> None:
    page.locator(".md-search__input").click()


def press(key: str) -> Callable[[Page], None]:
    def pressing(page: Page) -> None:
        page.locator("body").press(key)

    return pressing


def tap_the_icon(page: Page) -> None:
    page.locator('label.md-header__button[for="__search"]').tap()


# (how the reader starts to search, the screen it happens on)
STARTS = {
    "focus in the field": (click_the_field, {}),
    "the / key": (press("/"), {}),
    "the s key": (press("s"), {}),
    "a tap on the search icon": (tap_the_icon, {"viewport": PHONE}),
}


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_the_index_loads_once_the_reader_starts_to_search_and_not_before(
    live_site: LiveSite, code: str
) -> None:
    language: Language = LANGUAGES[code]
    for how, (start, options) in STARTS.items():
        page, _ = visit(live_site, language.path, **options)
        early = [entry.path for entry in live_site.server.log if SEARCH_ONLY.search(entry.path)]
        assert early == [], f"{how}: loaded before the reader searched: {early}"
        start(page)
        wait_for_search_index(page, language)
        loaded = [entry.path for entry in live_site.server.log if INDEX.search(entry.path)]
        assert loaded == [f"/{language.path}search/search_index.json"], f"{how}: {loaded}"
        page.context.close()


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_a_shared_search_link_opens_with_its_results(live_site: LiveSite, code: str) -> None:
    language: Language = LANGUAGES[code]
    page, _ = visit(live_site, f"{language.path}?q={quote(language.query)}")
    result = page.locator(f'.md-search-result__link[href$="#{quote(language.section)}"]')
    expect(result).to_have_count(1)
    loaded = [entry.path for entry in live_site.server.log if INDEX.search(entry.path)]
    assert loaded == [f"/{language.path}search/search_index.json"], loaded
    page.context.close()

"""Fixtures for the browser tests: the built site, served like GitHub Pages, in Chromium.

The site is built once per session into a temp dir, with ``SITE_URL`` set to
the loopback server's own origin: the hreflang alternates are absolute and
Material fetches ``sitemap.xml`` next to each, so any other origin would show
up as a cross-origin request. The port is bound before the build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from browser_site import (
    LANGUAGES,
    LAUNCH_ARGS,
    NO_CHROMIUM,
    SITE_PAGES,
    Language,
    LiveSite,
    SitePage,
    find_chromium,
    page_id,
)
from playwright.sync_api import Browser, Page, sync_playwright
from site_build import build
from site_server import SiteServer


# Module scope: the sync API keeps an event loop running in this thread while it is
# open, and tests elsewhere (the link checker) start their own loops with asyncio.run.
@pytest.fixture(scope="module")
def browser(request: pytest.FixtureRequest) -> Iterator[Browser]:
    # The quick tier (`dev.py test`) leaves out what is marked browser, and only that.
    if request.node.get_closest_marker("browser") is None:
        pytest.fail(f"{request.node.nodeid} drives Chromium: mark it browser", pytrace=False)
    with sync_playwright() as playwright:
        executable = find_chromium(playwright.chromium.executable_path)
        if executable is None:
            pytest.skip(NO_CHROMIUM)
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    site_dir = tmp_path_factory.mktemp("site")
    with SiteServer(site_dir) as running:
        result = build(site_dir, site_url=running.base_url)
        if result.returncode != 0:
            last = (result.stderr.strip().splitlines() or ["(no output)"])[-1]
            pytest.fail(f"mkdocs build --strict failed: {last}", pytrace=False)
        yield running


@pytest.fixture
def live_site(browser: Browser, server: SiteServer) -> Iterator[LiveSite]:
    opened = LiveSite(browser, server)
    yield opened
    problems = opened.close()
    if problems:
        pytest.fail("the browser saw:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture(params=SITE_PAGES, ids=page_id)
def site_page(request: pytest.FixtureRequest) -> SitePage:
    """Each page the site publishes (from docs/; a site test checks the sitemap agrees)."""
    return request.param


@pytest.fixture
def language(site_page: SitePage) -> Language:
    """What a reader of this page's language types and must find."""
    return LANGUAGES[site_page.lang]


@pytest.fixture
def open_page(live_site: LiveSite, site_page: SitePage) -> Callable[..., Page]:
    """Open this test's page: ``open_page(scheme=..., viewport=...)``."""

    def opener(**options: object) -> Page:
        return live_site.open(site_page.path, **options)  # type: ignore[arg-type]

    return opener

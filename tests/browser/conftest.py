"""Fixtures for the browser tests: the built site, served like GitHub Pages, in Chromium.

The site is built once per session into a temp dir, with ``SITE_URL`` set to
the loopback server's own origin: the hreflang alternates are absolute and
Material fetches ``sitemap.xml`` next to each, so any other origin would show
up as a cross-origin request. The port is bound before the build.

``live_site`` is the project's own site. ``journey_site`` is the tests' own
journey project (tests/journey.py: the project plus page pairs made for the
language-switch journeys), served by a second server. ``automatic_palette_site``
is the project with Material's three-way toggle (automatic, light, dark).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_site import (
    LAUNCH_ARGS,
    NO_CHROMIUM,
    ROOT,
    LiveSite,
    find_chromium,
)
from guide.page_pairs import copy_build_inputs
from journey import journey_project
from playwright.sync_api import Browser, sync_playwright
from site_build import build_here
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


def built_and_served(project: Path, site_dir: Path) -> Iterator[SiteServer]:
    with SiteServer(site_dir) as running:
        result = build_here(site_dir, site_url=running.base_url, project=project)
        if result.returncode != 0:
            last = (result.stderr.strip().splitlines() or ["(no output)"])[-1]
            pytest.fail(f"mkdocs build --strict failed: {last}", pytrace=False)
        yield running


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    yield from built_and_served(ROOT, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def journey_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    project = journey_project(tmp_path_factory.mktemp("journey"))
    yield from built_and_served(project, project / "site")


@pytest.fixture(scope="session")
def automatic_palette_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    project = copy_build_inputs(tmp_path_factory.mktemp("automatic-palette"))
    add_automatic_palette(project / "mkdocs.yml")
    yield from built_and_served(project, project / "site")


def add_automatic_palette(config_file: Path) -> None:
    """Material's automatic entry first in every palette list of the config (each language's)."""
    light = re.compile(r'^( *)- media: "\(prefers-color-scheme: light\)"\n', re.MULTILINE)
    automatic = (
        '\\1- media: "(prefers-color-scheme)"\n'
        "\\1  toggle:\n\\1    icon: material/brightness-auto\n\\1    name: Automatic\n"
        "\\g<0>"
    )
    config, added = light.subn(automatic, config_file.read_text(encoding="utf-8"))
    assert added, f"{config_file}: no light palette to put the automatic one before"
    config_file.write_text(config, encoding="utf-8")


def watched(browser: Browser, server: SiteServer) -> Iterator[LiveSite]:
    opened = LiveSite(browser, server)
    yield opened
    problems = opened.close()
    if problems:
        pytest.fail("the browser saw:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture
def live_site(browser: Browser, server: SiteServer) -> Iterator[LiveSite]:
    yield from watched(browser, server)


@pytest.fixture
def journey_site(browser: Browser, journey_server: SiteServer) -> Iterator[LiveSite]:
    yield from watched(browser, journey_server)


@pytest.fixture
def automatic_palette_site(
    browser: Browser, automatic_palette_server: SiteServer
) -> Iterator[LiveSite]:
    yield from watched(browser, automatic_palette_server)

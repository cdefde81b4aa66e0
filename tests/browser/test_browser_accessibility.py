"""axe-core finds no serious or critical problem on any page, in either scheme.

Every page, 404 pages included, is checked as it loads, in the light scheme
and the dark one. The search dialog is checked once per language, open and
showing results, and after following a result (the page then marks the terms
found): it is the same on every page of a language. No axe rule is disabled.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_site import (
    LANGUAGES,
    NOT_FOUND_PAGES,
    PALETTE_TOGGLE,
    SCHEMES,
    SITE_PAGES,
    LiveSite,
    follow_result,
    search_for,
    section_to_search,
    wait_for_material,
)
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = ("serious", "critical")
AXE = Axe()


def blocking_violations(page: Page, where: str) -> list[str]:
    """One line per serious or critical axe violation: where, rule, impact, first elements."""
    # Colours are only final once the fades (search overlay, results, palette) are
    # over: finished, or cancelled by a newer one (its promise then rejects).
    page.evaluate("Promise.all(document.getAnimations().map(a => a.finished.catch(() => {})))")
    response = AXE.run(page).response
    return [
        f"{where}: {violation['id']} ({violation['impact']}, {len(violation['nodes'])} "
        f"elements): {violation['help']}; e.g. {[n['target'] for n in violation['nodes'][:3]]}"
        for violation in response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def scheme_of(page: Page) -> str:
    return page.locator("body").get_attribute("data-md-color-scheme") or ""


def test_axe_finds_no_serious_or_critical_violations_on_any_page(live_site: LiveSite) -> None:
    context, _ = live_site.new_context()
    page = context.new_page()
    found = []
    for site_page in SITE_PAGES + NOT_FOUND_PAGES:
        page.goto(live_site.url(site_page.path))
        wait_for_material(page)
        for _ in SCHEMES:  # the scheme the page opens in, then the other
            scheme = scheme_of(page)
            found += blocking_violations(page, f"/{site_page.path} ({scheme})")
            page.locator(PALETTE_TOGGLE).click()
            expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)
    assert found == []


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_axe_finds_no_serious_or_critical_violations_while_searching(
    live_site: LiveSite, scheme: str
) -> None:
    found = []
    for code in LANGUAGES:
        start = next(site_page for site_page in SITE_PAGES if site_page.lang == code)
        page = live_site.open(start.path, scheme=scheme)
        section, heading = section_to_search(page)
        hits = search_for(page, heading, section)
        found += blocking_violations(page, f"/{start.path} search open ({scheme})")
        follow_result(page, hits, section)
        expect(page.locator(".md-content mark").first).to_be_visible()  # the words found
        found += blocking_violations(page, f"/{start.path} result followed ({scheme})")
    assert found == []

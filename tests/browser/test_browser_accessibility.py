"""axe-core finds no serious or critical problem on either language, in either scheme.

The page is checked as it loads, with the search dialog open and showing
results, and after following a result (the page then marks the terms found).
No axe rule is disabled.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_site import SCHEMES, Language, search
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = ("serious", "critical")
AXE = Axe()


def blocking_violations(page: Page) -> list[str]:
    """One line per serious or critical axe violation: rule, impact, first elements."""
    # Colours are only final once the fades (search overlay, results) are over.
    page.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")
    response = AXE.run(page).response
    return [
        f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])} elements): "
        f"{violation['help']}; e.g. {[node['target'] for node in violation['nodes'][:3]]}"
        for violation in response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


@pytest.mark.parametrize("state", ["page", "search open", "search result followed"])
@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_axe_finds_no_serious_or_critical_violations(
    open_page: Callable[..., Page], language: Language, scheme: str, state: str
) -> None:
    page = open_page(scheme=scheme)
    if state != "page":
        hits = search(page, language)
    if state == "search result followed":
        page.locator(".md-search-result__link").nth(1).click()
        page.wait_for_url(hits[1].href)
        expect(page.locator(".md-content mark").first).to_be_visible()
    assert blocking_violations(page) == []

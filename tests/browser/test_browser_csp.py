"""The browser enforces the Content-Security-Policy, and the site works under it.

What the policy says, on every page, is proved on the built HTML
(tests/site/test_csp_build.py). Here the browser must report no violation
while a reader searches, toggles the palette and switches language (every
browser test fails on a violation too, through ``browser_site.Watch``), and
must block a script the policy does not list.
"""

from __future__ import annotations

import pytest
from browser_site import (
    PALETTE_TOGGLE,
    SITE_PAGES,
    LiveSite,
    counterpart,
    other_language,
    search_for,
    section_to_search,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_search_palette_and_switcher_work_under_the_policy(live_site: LiveSite) -> None:
    start = SITE_PAGES[0]
    page = live_site.open(start.path)  # the search worker has loaded the index
    assert page.evaluate("typeof __md_scope") == "object", "Material's inline script did not run"
    section, heading = section_to_search(page)
    search_for(page, heading, section)
    page.keyboard.press("Escape")
    body = page.locator("body")
    page.locator(PALETTE_TOGGLE).click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    other = counterpart(start, other_language(start))
    page.locator(".md-select > button").click()
    page.locator(f'a.md-select__link[hreflang="{other.lang}"]').click()
    page.wait_for_url(lambda url: url.split("#")[0] == live_site.url(other.path))
    expect(body).to_have_attribute("data-md-color-scheme", "slate")  # the choice is kept
    assert live_site.watch_of(page).csp_violations == []


def test_policy_blocks_a_script_it_does_not_list(live_site: LiveSite) -> None:
    page = live_site.open("", allow=("Content Security Policy", "CSP violation"))
    ran = page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__injected = true";
            document.head.append(script);
            return window.__injected === true;
        }"""
    )
    assert not ran
    page.wait_for_function("() => window.__cspViolations.length > 0")
    reported = page.evaluate("window.__cspViolations")
    assert any(text.startswith("script-src") for text in reported), reported

"""Every page carries a Content-Security-Policy that only trusts the site, and it holds.

The policy is a meta tag (GitHub Pages sends no custom headers). Inline
scripts are allowed by hash only; the browser must report no violation while
a reader searches, toggles the palette and switches language, and must block
a script the policy does not list.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.request import urlopen

import pytest
from browser_site import (
    NOT_FOUND_PAGES,
    SITE_PAGES,
    Language,
    LiveSite,
    SitePage,
    counterpart,
    other_language,
    search,
)
from playwright.sync_api import expect
from site_server import SiteServer

pytestmark = pytest.mark.browser

PAGES = [page.path for page in SITE_PAGES + NOT_FOUND_PAGES]  # every page, 404s included
CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
FIRST_RESOURCE = re.compile(r"<script|<link rel=\"stylesheet\"|<style")
# Directives a reader's browser must get, hashes aside.
REQUIRED = {
    "default-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "object-src": ["'none'"],
}


def parse_policy(text: str) -> dict[str, list[str]]:
    return {
        name: sources
        for name, *sources in (part.split() for part in text.split(";") if part.strip())
    }


@pytest.mark.parametrize("path", PAGES)
def test_page_carries_a_same_origin_policy_with_script_hashes(
    server: SiteServer, path: str
) -> None:
    with urlopen(f"{server.base_url}{path}") as response:
        html = response.read().decode("utf-8")
    found = CSP_META.search(html)
    assert found, f"/{path} has no Content-Security-Policy meta tag"
    first_resource = FIRST_RESOURCE.search(html)
    assert first_resource and found.start() < first_resource.start(), "CSP comes too late"
    policy = parse_policy(found[1])
    for name, sources in REQUIRED.items():
        assert policy.get(name) == sources, f"{name}: {policy.get(name)}"
    script_sources = policy["script-src"]
    assert script_sources[0] == "'self'"
    assert all(source.startswith("'sha256-") for source in script_sources[1:]), script_sources
    for body in INLINE_SCRIPT.findall(html):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in script_sources, f"inline script not allowed: {body[:60]}"


def test_search_palette_and_switcher_work_under_the_policy(
    live_site: LiveSite, site_page: SitePage, language: Language
) -> None:
    page = live_site.open(site_page.path)
    assert page.evaluate("typeof __md_scope") == "object", "Material's inline script did not run"
    search(page, language)
    page.keyboard.press("Escape")
    body = page.locator("body")
    page.locator('form[data-md-component="palette"] label:visible').click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    other = counterpart(site_page, other_language(site_page))
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

"""A reader's visit to the site, in Chromium, as GitHub Pages serves it.

Every page, 404 pages included, is opened in one test per screen size: what
only a browser can tell (console errors, requests to another host, layout,
computed styles) is checked on each. What a reader does with the chrome
(the table of contents, search, the palette, a missing URL) is shown once:
Material's chrome is the same on every page. What the built HTML can show
(titles of warnings, entries of the table of contents, the sidebar's hidden
attribute, palette names) is checked on every page in tests/site/.

Every test here also fails if a page logs a console error, throws, violates
its Content-Security-Policy or requests anything from another origin (the
``live_site`` fixture and ``browser_site.Watch``).
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest
from browser_site import (
    DESKTOP,
    NOT_FOUND_PAGES,
    PALETTE_TOGGLE,
    PHONE,
    SCHEMES,
    SITE_PAGES,
    LiveSite,
    SitePage,
    follow_result,
    page_slug,
    screenshot,
    search_for,
    section_to_search,
    wait_for_material,
)
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

# Computed font sizes: the text around the warnings, and the text inside them.
FONT_SIZES = """() => {
    const size = el => getComputedStyle(el).fontSize
    const body = document.querySelector(".md-content article > p, .md-content article li")
    return {
        body: body ? size(body) : null,
        warnings: [...document.querySelectorAll(
            ".md-content .admonition > :not(.admonition-title), "
            + ".md-content details > :not(summary)"
        )].map(el => [el.textContent.trim().slice(0, 30), size(el)]),
    }
}"""
BACKGROUND_LUMINANCE = """() => {
    const [r, g, b] = getComputedStyle(document.body).backgroundColor
        .match(/\\d+(\\.\\d+)?/g).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}"""


def visit(page: Page, live_site: LiveSite, site_page: SitePage) -> str:
    """Open a page and wait until Material has started."""
    page.goto(live_site.url(site_page.path))
    wait_for_material(page)
    expect(page.locator("html")).to_have_attribute("lang", site_page.lang)
    return f"/{site_page.path}"


def smaller_warnings(page: Page) -> list[tuple[str, str]]:
    """Text inside warnings set smaller than the text around them."""
    sizes = page.evaluate(FONT_SIZES)
    return [(text, size) for text, size in sizes["warnings"] if size != sizes["body"]]


def screenshots_in_both_schemes(page: Page, site_page: SitePage, device: str) -> None:
    """Screenshots for people and CI, in the scheme the page has and then the other."""
    body = page.locator("body")
    for _ in SCHEMES:
        scheme = body.get_attribute("data-md-color-scheme")
        name = next(name for name, value in SCHEMES.items() if value == scheme)
        screenshot(page, f"{page_slug(site_page)}-{name}-{device}")
        page.locator(PALETTE_TOGGLE).click()
        expect(body).not_to_have_attribute("data-md-color-scheme", scheme or "")


def test_every_page_loads_cleanly_on_a_desktop_with_its_warnings_in_full(
    live_site: LiveSite,
) -> None:
    context, watch = live_site.new_context(viewport=DESKTOP)
    page = context.new_page()
    for site_page in SITE_PAGES + NOT_FOUND_PAGES:
        where = visit(page, live_site, site_page)
        boxes = page.locator(".md-content .admonition")
        for index in range(boxes.count()):
            expect(boxes.nth(index)).to_be_visible()
            expect(boxes.nth(index).locator(".admonition-title")).to_be_visible()
        assert smaller_warnings(page) == [], where
        if site_page in SITE_PAGES:
            # While a language has one page, the navigation sidebar gives its room to the text.
            alone = sum(other.lang == site_page.lang for other in SITE_PAGES) == 1
            sidebar = page.locator(".md-sidebar--primary")
            if alone:
                expect(sidebar).to_be_hidden()
            else:
                expect(sidebar).to_be_visible()
            expect(page.locator(".md-sidebar--secondary")).to_be_visible()  # the contents stay
            screenshots_in_both_schemes(page, site_page, "desktop")
        assert watch.take() == [], f"the browser saw on {where}"


def test_every_page_fits_a_phone_screen_with_its_warnings_in_full(live_site: LiveSite) -> None:
    context, watch = live_site.new_context(viewport=PHONE)
    page = context.new_page()
    for site_page in SITE_PAGES + NOT_FOUND_PAGES:
        where = visit(page, live_site, site_page)
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"{where} is {widths[0]}px wide on a {widths[1]}px screen"
        sticking_out = page.evaluate(
            """[...document.querySelectorAll(".md-content *")]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                .map(e => e.outerHTML.slice(0, 80))"""
        )
        assert sticking_out == [], where
        assert smaller_warnings(page) == [], where
        if site_page in SITE_PAGES:
            screenshots_in_both_schemes(page, site_page, "phone")
        assert watch.take() == [], f"the browser saw on {where}"


def test_table_of_contents_entry_brings_its_section_into_view(live_site: LiveSite) -> None:
    page = live_site.open(SITE_PAGES[0].path, viewport=DESKTOP)
    entry = page.locator('.md-sidebar--secondary [data-md-component="toc"] > li > a').last
    anchor = (entry.get_attribute("href") or "").removeprefix("#")
    heading = page.locator(f'[id="{anchor}"]')
    # A page taller than the screen starts with its last section out of view.
    if page.evaluate("document.scrollingElement.scrollHeight > innerHeight * 1.5"):
        expect(heading).not_to_be_in_viewport()
    entry.click()
    expect(heading).to_be_in_viewport()
    assert unquote(urlsplit(page.url).fragment) == anchor


def test_phone_menu_reaches_every_entry_of_the_table_of_contents(live_site: LiveSite) -> None:
    page = live_site.open(SITE_PAGES[0].path, viewport=PHONE)
    page.locator('label.md-header__button[for="__drawer"]').click()
    page.locator('.md-nav--primary label.md-nav__link[for="__toc"]').click()
    entries = page.locator(".md-nav--primary .md-nav--secondary a.md-nav__link")
    expect(entries.first).to_be_in_viewport()  # the contents open on screen
    last = entries.last
    anchor = (last.get_attribute("href") or "").removeprefix("#")
    # A list longer than the screen scrolls inside the menu, under the reader's finger.
    below = last.evaluate("entry => entry.getBoundingClientRect().bottom - innerHeight")
    if below > 0:
        entries.first.hover()
        page.mouse.wheel(0, below + PHONE["height"] / 4)
    expect(last).to_be_in_viewport(ratio=1)
    last.click()
    expect(page.locator("#__drawer")).not_to_be_checked()  # the menu closes itself
    expect(page.locator(f'[id="{anchor}"]')).to_be_in_viewport()


def test_a_sections_heading_typed_into_search_leads_to_the_section(live_site: LiveSite) -> None:
    # Which results show, and in which language: test_browser_search.py.
    page = live_site.open(SITE_PAGES[0].path)
    section, heading = section_to_search(page)
    follow_result(page, search_for(page, heading, section), section)
    expect(page.locator(f'[id="{section}"]')).to_be_in_viewport()


def test_the_scheme_follows_the_system_and_the_palette_toggle(live_site: LiveSite) -> None:
    for preferred, scheme in SCHEMES.items():
        page = live_site.open(SITE_PAGES[0].path, scheme=preferred)
        body = page.locator("body")
        shown = [scheme, next(value for value in SCHEMES.values() if value != scheme), scheme]
        for step, expected in enumerate(shown):
            if step:
                page.locator(PALETTE_TOGGLE).click()
            expect(body).to_have_attribute("data-md-color-scheme", expected)
            luminance = page.evaluate(BACKGROUND_LUMINANCE)
            dark = expected == SCHEMES["dark"]
            assert (luminance < 0.25) if dark else (luminance > 0.8), (preferred, step, luminance)
        expect(page.locator(".md-content h1")).to_be_visible()


def test_a_missing_url_shows_the_404_page_of_its_language(live_site: LiveSite) -> None:
    context, _ = live_site.new_context(allow=(r"status of 404",))
    page = context.new_page()
    for missing in NOT_FOUND_PAGES:
        folder = missing.path.removesuffix("404.html")
        response = page.goto(live_site.url(f"{folder}no-such-page/"))
        assert response is not None and response.status == 404
        if folder:  # the default language's /404.html sends misses below a language folder on
            page.wait_for_url(live_site.url(missing.path))
        expect(page.locator("html")).to_have_attribute("lang", missing.lang)
        expect(page.locator(".md-content h1")).to_contain_text("404")

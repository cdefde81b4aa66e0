"""The light/dark toggle: the site's script on Material's form (partials/palette_toggle.html).

Material's palette component restyled the whole page several times as its
bundle started, even when the palette stayed as it was: most of the page's
total blocking time. The site's script touches the body only when the colours
change. These tests hold what a reader gets: nothing restyled on a first visit
in the page's own scheme, a dark system's palette before the content, the
system followed until the reader chooses, Material's automatic palette, the
keyboard, and the browser's theme colour. That the toggle switches, and the
choice is kept across pages and languages: test_browser_reading.py and
test_browser_csp.py.
"""

from __future__ import annotations

import pytest
from browser_site import PALETTE_TOGGLE, SCHEMES, SITE_PAGES, LiveSite, wait_for_material
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

COLOR_ATTRIBUTES = ["scheme", "primary", "accent", "media", "switching"]
# Before the page's first byte: what happens to the body's palette as it loads.
RECORD_PALETTE_CHANGES = """
window.__palette = {changes: [], metas: [], schemeAtContent: null};
new MutationObserver(records => {
  for (const record of records) {
    if (record.type === "attributes" && record.target === document.body)
      window.__palette.changes.push(record.attributeName);
    for (const node of record.addedNodes || []) {
      if (node.nodeName === "META" && node.name === "color-scheme")
        window.__palette.metas.push(node.name);
      if (node.nodeName === "MAIN" && window.__palette.schemeAtContent === null)
        window.__palette.schemeAtContent = document.body.dataset.mdColorScheme;
    }
  }
}).observe(document, {
  subtree: true, childList: true, attributes: true,
  attributeFilter: %s,
});
""" % [f"data-md-color-{name}" for name in COLOR_ATTRIBUTES]
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
HEADER_COLOR = """() => {
  const rgb = getComputedStyle(document.querySelector(".md-header")).backgroundColor
  return "#" + rgb.match(/\\d+/g).slice(0, 3).map(c => (+c).toString(16).padStart(2, "0")).join("")
}"""


def open_recorded(live_site: LiveSite, scheme: str) -> Page:
    context, _ = live_site.new_context(scheme=scheme)
    context.add_init_script(RECORD_PALETTE_CHANGES)
    page = context.new_page()
    page.goto(live_site.url(SITE_PAGES[0].path))
    wait_for_material(page)
    return page


def expect_theme_color_of_header(page: Page) -> None:
    """The browser's theme colour is the header's, once the page is idle."""
    expect(page.locator('meta[name="theme-color"]')).to_have_attribute(
        "content", page.evaluate(HEADER_COLOR)
    )


def expect_scheme(page: Page, scheme: str) -> None:
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])


def test_a_first_visit_in_the_pages_own_scheme_restyles_nothing_as_it_starts(
    live_site: LiveSite,
) -> None:
    page = open_recorded(live_site, "light")
    expect_theme_color_of_header(page)
    recorded = page.evaluate("window.__palette")
    assert recorded["changes"] == [], f"the palette was set again: {recorded['changes']}"
    assert recorded["metas"] == [], "a color-scheme meta restyles the page; light needs none"
    # The label shown switches to the other scheme; the current one's radio is checked.
    toggle = page.locator(PALETTE_TOGGLE)
    expect(toggle).to_have_count(1)
    current = page.locator("form[data-palette-toggle] input:checked")
    expect(current).to_have_attribute("data-md-color-scheme", SCHEMES["light"])
    expect(toggle).not_to_have_attribute("for", current.get_attribute("id") or "")


def test_a_dark_system_gets_the_dark_palette_before_the_content(live_site: LiveSite) -> None:
    page = open_recorded(live_site, "dark")
    expect_scheme(page, "dark")
    assert page.evaluate("window.__palette.schemeAtContent") == SCHEMES["dark"]
    # The page's root (its scrollbars) is dark too, and so is the browser's bar.
    expect(page.locator('meta[name="color-scheme"]')).to_have_attribute("content", "dark")
    expect_theme_color_of_header(page)


def test_the_page_follows_the_system_until_the_reader_chooses(live_site: LiveSite) -> None:
    page = live_site.open(SITE_PAGES[0].path)
    wait_for_material(page)
    for system in ["dark", "light"]:
        page.emulate_media(color_scheme=system)
        expect_scheme(page, system)
    page.locator(PALETTE_TOGGLE).click()
    expect_scheme(page, "dark")
    for system in ["light", "dark", "light"]:
        page.emulate_media(color_scheme=system)
        page.evaluate(TWO_FRAMES)  # the media query's change event has been handled
        assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES["dark"]
    page.reload()
    expect_scheme(page, "dark")


def test_enter_on_the_toggle_switches_the_palette(live_site: LiveSite) -> None:
    page = live_site.open(SITE_PAGES[0].path)
    wait_for_material(page)
    page.locator("form[data-palette-toggle] input:checked").focus()
    for scheme in ["dark", "light", "dark"]:
        page.keyboard.press("Enter")
        expect_scheme(page, scheme)
        expect(page.locator("form[data-palette-toggle] input:focus")).to_have_attribute(
            "data-md-color-scheme", SCHEMES[scheme]
        )


def test_an_automatic_palette_takes_the_systems_colours_even_once_chosen(
    automatic_palette_site: LiveSite,
) -> None:
    # Material's three-way toggle: automatic, light, dark (conftest.add_automatic_palette).
    page = automatic_palette_site.open(SITE_PAGES[0].path, scheme="dark")
    wait_for_material(page)
    expect_scheme(page, "dark")
    page.emulate_media(color_scheme="light")
    expect_scheme(page, "light")
    for chosen in ["light", "dark"]:  # the light palette, then the dark one
        page.locator(PALETTE_TOGGLE).click()
        expect_scheme(page, chosen)
    page.locator(PALETTE_TOGGLE).click()  # back to automatic, now the reader's choice
    expect(page.locator("form[data-palette-toggle] input:checked")).to_have_attribute(
        "data-md-color-media", "(prefers-color-scheme)"
    )
    for system in ["dark", "light"]:
        page.emulate_media(color_scheme=system)
        expect_scheme(page, system)
    page.reload()
    expect_scheme(page, "light")

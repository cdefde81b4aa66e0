"""What only a browser shows of the site's editorial layer, on a phone and a desktop.

The rules the built HTML proves (markers, the contents list, dated and
sourced notes, the 404 text) are in tests/site/test_editorial_build.py. Here:
UI labels keep to one line on a phone, the contents at the top are on the
first screen and lead to their sections without the menu, the editor's notes
look unlike the author's callouts, and screenshots of each for people.
"""

from __future__ import annotations

import pytest
from browser_site import (
    DESKTOP,
    NOT_FOUND_PAGES,
    PHONE,
    SITE_PAGES,
    LiveSite,
    page_slug,
    screenshot,
)
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

DEVICES = {"desktop": DESKTOP, "phone": PHONE}
CONTENTS = ".md-content .page-contents"
EDITOR_NOTES = ".md-content .admonition.editor"
AUTHOR_CALLOUTS = ".md-content .admonition:not(.editor)"
MARKERS = ".md-content .referral-mark"


def broken_labels(page: Page) -> list[str]:
    """UI labels drawn on more than one line."""
    return page.locator(".md-content strong.ui").evaluate_all(
        "labels => labels.filter(l => l.getClientRects().length > 1).map(l => l.textContent)"
    )


def test_ui_labels_never_break_inside_on_a_phone(live_site: LiveSite) -> None:
    for site_page in SITE_PAGES:
        page = live_site.open(site_page.path, viewport=PHONE)
        assert broken_labels(page) == [], f"/{site_page.path}"


def test_the_contents_are_on_the_first_screen_and_lead_to_each_section(
    live_site: LiveSite,
) -> None:
    for site_page in SITE_PAGES:
        page = live_site.open(site_page.path, viewport=PHONE)
        contents = page.locator(CONTENTS)
        if not contents.count():  # a page without sections has none
            continue
        expect(contents.locator("a").first).to_be_in_viewport()
        entry = contents.locator("a").last
        target = (entry.get_attribute("href") or "").removeprefix("#")
        entry.click()
        expect(page.locator(f'[id="{target}"]')).to_be_in_viewport()
        expect(page.locator("#__drawer")).not_to_be_checked()


def frame(page: Page, selector: str) -> set[tuple[str, str]]:
    """(border style, border colour) of each element, as drawn."""
    found = page.locator(selector).evaluate_all(
        """els => els.map(e => {
            const s = getComputedStyle(e);
            return [s.borderTopStyle, s.borderTopColor];
        })"""
    )
    return {tuple(pair) for pair in found}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_editors_notes_look_unlike_the_authors_callouts(live_site: LiveSite, scheme: str) -> None:
    for site_page in SITE_PAGES:
        page = live_site.open(site_page.path, scheme=scheme)
        notes, callouts = frame(page, EDITOR_NOTES), frame(page, AUTHOR_CALLOUTS)
        assert not notes & callouts, f"/{site_page.path}: {notes} {callouts}"
        for index in range(page.locator(EDITOR_NOTES).count()):
            note = page.locator(EDITOR_NOTES).nth(index)
            note.scroll_into_view_if_needed()
            expect(note.locator(".admonition-title time")).to_be_visible()


def test_referral_markers_are_visible(live_site: LiveSite) -> None:
    for site_page in SITE_PAGES:
        page = live_site.open(site_page.path, viewport=PHONE)
        markers = page.locator(MARKERS)
        for index in range(markers.count()):
            markers.nth(index).scroll_into_view_if_needed()
            expect(markers.nth(index)).to_be_visible()


@pytest.mark.parametrize("device", sorted(DEVICES))
def test_screenshots_of_the_editorial_layer(live_site: LiveSite, device: str) -> None:
    """The top (contents, disclosure), the first editor's note and each 404, as seen."""
    viewport = DEVICES[device]
    for site_page in SITE_PAGES:
        page = live_site.open(site_page.path, viewport=viewport)
        slug = f"editorial-{page_slug(site_page)}-{device}"
        screenshot(page, f"{slug}-top", full_page=False)
        notes = page.locator(EDITOR_NOTES)
        if notes.count():
            notes.first.evaluate("e => e.scrollIntoView({block: 'center'})")
            expect(notes.first).to_be_in_viewport()
            screenshot(page, f"{slug}-note", full_page=False)
    for missing in NOT_FOUND_PAGES:
        context, _ = live_site.new_context(viewport=viewport, allow=(r"status of 404",))
        page = context.new_page()
        page.goto(live_site.url(missing.path))
        expect(page.locator(".md-content h1")).to_contain_text("404")
        screenshot(page, f"editorial-404-{missing.lang}-{device}", full_page=False)


# Headings whose permalink starts a line of its own: the last line of the
# heading's own text ends above the link.
LONELY_PERMALINKS = """() => [...document.querySelectorAll(".md-content article .headerlink")]
  .filter(link => {
    const text = document.createRange()
    text.setStart(link.parentElement, 0)
    text.setEndBefore(link)
    const lines = [...text.getClientRects()].filter(r => r.width > 0)
    return lines.length && link.getClientRects()[0].top >= lines.at(-1).bottom - 1
  })
  .map(link => link.parentElement.id)"""


def test_a_headings_permalink_never_sits_alone_on_a_line_on_a_phone(live_site: LiveSite) -> None:
    for site_page in SITE_PAGES:
        page = live_site.open(site_page.path, viewport=PHONE)
        for width in range(320, 481, 4):  # phones, narrow to wide: the line breaks move
            page.set_viewport_size({"width": width, "height": PHONE["height"]})
            assert page.evaluate(LONELY_PERMALINKS) == [], f"/{site_page.path} at {width} px"

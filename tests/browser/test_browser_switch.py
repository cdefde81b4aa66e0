"""The language switch keeps the reader's place: journeys that prove it reads the build's map.

Which section of the other page stands for which is the map the build writes
into every page; tests/site/test_switch_build.py checks it for every section
of every page. These journeys prove the switcher follows it, on a page pair
made for them (tests/journey.py): its sections are taller than the screen, its
English ids are unlike the Chinese ones, and one Chinese section has no
English counterpart.

The reader's section is the one the URL's fragment names while any of it is
on screen, else the one in view: a heading in the upper half of the screen
starts it, else the reader is still in the section above. At the very top of
the page the reader is at the title, and the switch opens the other page at
its top; so does a section without counterpart, and the plain link without
JavaScript.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest
from browser_site import DESKTOP, PHONE, LiveSite
from journey import STOPS, UNPAIRED, URLS, Stop
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

OTHER = {"zh": "en", "en": "zh"}
IN_VIEW, BELOW_THE_MIDDLE = 0.05, 0.75  # where a heading sits, as a share of the content area


def open_journey(site: LiveSite, lang: str, *, viewport: dict[str, int] = DESKTOP) -> Page:
    context, _ = site.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(site.url(URLS[lang]))
    return page


def place_heading(page: Page, section: str, share: float) -> None:
    """Scroll as a reader does until the heading sits ``share`` down the content area."""
    placed = page.evaluate(
        """([id, share]) => {
            const top = document.querySelector(".md-header").getBoundingClientRect().bottom
            const wanted = top + share * (window.innerHeight - top)
            const heading = document.getElementById(id)
            window.scrollBy(0, heading.getBoundingClientRect().top - wanted)
            return Math.abs(heading.getBoundingClientRect().top - wanted) < 2
        }""",
        [section, share],
    )
    assert placed, f"#{section} cannot be scrolled there: the journey page is too short"


def switch_language(page: Page, site: LiveSite, lang: str) -> str:
    """Choose ``lang`` in the header's language menu; the section id the page opened at."""
    page.locator(".md-select > button").click()
    with page.expect_navigation():
        page.locator(f'a.md-select__link[hreflang="{lang}"]').click()
    assert urlsplit(page.url)._replace(fragment="").geturl() == site.url(URLS[lang])
    expect(page.locator("html")).to_have_attribute("lang", lang)
    return unquote(urlsplit(page.url).fragment)


def assert_opened_at(page: Page, opened: str, lang: str, stop: Stop) -> None:
    assert opened == stop.id(lang), f"opened #{opened}, not #{stop.id(lang)}"
    expect(page.locator(f'[id="{opened}"]')).to_be_in_viewport()


@pytest.mark.parametrize("lang", sorted(OTHER))
def test_the_fragments_section_opens_at_its_counterpart(journey_site: LiveSite, lang: str) -> None:
    stop = STOPS[3]
    page = open_journey(journey_site, lang)
    page.goto(f"{journey_site.url(URLS[lang])}#{stop.id(lang)}")
    opened = switch_language(page, journey_site, OTHER[lang])
    assert_opened_at(page, opened, OTHER[lang], stop)


def test_without_a_fragment_the_section_in_view_opens(journey_site: LiveSite) -> None:
    page = open_journey(journey_site, "zh")
    at_top = switch_language(page, journey_site, "en")
    assert at_top == "", f"from the title, the switch opened #{at_top}"

    page.goto(journey_site.url(URLS["zh"]))
    place_heading(page, STOPS[2].zh, IN_VIEW)
    assert_opened_at(page, switch_language(page, journey_site, "en"), "en", STOPS[2])

    page.goto(journey_site.url(URLS["zh"]))
    place_heading(page, STOPS[2].zh, BELOW_THE_MIDDLE)  # still reading the stop before
    assert_opened_at(page, switch_language(page, journey_site, "en"), "en", STOPS[1])


def test_a_reader_who_scrolled_away_from_the_fragment_gets_the_section_in_view(
    journey_site: LiveSite,
) -> None:
    page = open_journey(journey_site, "en")
    page.goto(f"{journey_site.url(URLS['en'])}#{STOPS[0].en}")
    place_heading(page, STOPS[3].en, IN_VIEW)
    assert_opened_at(page, switch_language(page, journey_site, "zh"), "zh", STOPS[3])


def test_on_a_phone_the_section_in_view_opens_at_its_counterpart(journey_site: LiveSite) -> None:
    page = open_journey(journey_site, "en", viewport=PHONE)
    place_heading(page, STOPS[4].en, IN_VIEW)
    assert_opened_at(page, switch_language(page, journey_site, "zh"), "zh", STOPS[4])


def test_a_section_without_counterpart_opens_the_other_page_at_its_top(
    journey_site: LiveSite,
) -> None:
    page = open_journey(journey_site, "zh")
    page.goto(f"{journey_site.url(URLS['zh'])}#{UNPAIRED}")
    assert switch_language(page, journey_site, "en") == ""
    assert page.evaluate("window.scrollY") == 0


def test_without_javascript_the_link_opens_the_other_page(journey_site: LiveSite) -> None:
    context, _ = journey_site.new_context(javascript=False)
    page = context.new_page()
    page.goto(f"{journey_site.url(URLS['zh'])}#{STOPS[3].zh}")
    link = page.locator('a.md-select__link[hreflang="en"]')
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url == journey_site.url(URLS["en"])

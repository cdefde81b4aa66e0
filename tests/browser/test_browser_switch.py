"""The language switch keeps the reader's place, on a desktop and on a phone.

From every h2 section of every page, in both directions, switching language
must open the other page at the matching section: the one the translation
record pairs it with (``translation_of.sections`` in the translated page's
front matter, in the order of the translation's headings; by position without
a record). "The reader's section" is the URL's fragment, or with none, the
section in view: the test scrolls its heading to the top of the content, as a
reader who has read down to it. Headings the page cannot scroll that far up
(into the upper half of the screen, near its end) are reached by their
fragment only.

Without JavaScript the plain link still opens the other page, and a section
without a counterpart opens the other page at its top.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from browser_site import DESKTOP, PHONE, ROOT, SITE_PAGES, LiveSite, SitePage, screenshot
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

DEVICES = {"desktop": DESKTOP, "phone": PHONE}
HEADINGS = ".md-content article :is(h1, h2, h3)[id]"
MID_PAGE = 4  # the h2 whose switch is kept as screenshots (zh 绑定付款方式)


def front_matter(page: SitePage) -> dict:
    text = (ROOT / "docs" / page.source).read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text[4 : text.index("\n---", 4)]) or {}


@dataclass(frozen=True)
class Switch:
    start: SitePage
    target: SitePage

    def __str__(self) -> str:
        return f"{self.start.lang}:/{self.start.path}->{self.target.lang}:/{self.target.path}"

    def recorded(self) -> tuple[SitePage, list[str]] | None:
        """The translation of the pair and the original section ids it records, if any."""
        for translation, original in ((self.start, self.target), (self.target, self.start)):
            record = front_matter(translation).get("translation_of") or {}
            if record.get("path") == f"docs/{original.source}":
                return translation, list(record.get("sections") or {})
        return None


def switches() -> list[Switch]:
    by_name: dict[str, list[SitePage]] = {}
    for page in SITE_PAGES:
        name = PurePosixPath(page.source).relative_to(page.lang).as_posix()
        by_name.setdefault(name, []).append(page)
    return [
        Switch(start, target)
        for pages in by_name.values()
        for start in pages
        for target in pages
        if start is not target
    ]


def outline(live_site: LiveSite, page_at: SitePage) -> list[str]:
    context, _ = live_site.new_context()
    page = context.new_page()
    page.goto(live_site.url(page_at.path), wait_until="domcontentloaded")
    ids = page.locator(HEADINGS).evaluate_all("hs => hs.map(h => h.id)")
    context.close()
    return ids


def expected_counterparts(live_site: LiveSite, switch: Switch) -> dict[str, str]:
    """Start section id -> target section id, from the record (or by position)."""
    start, target = outline(live_site, switch.start), outline(live_site, switch.target)
    found = switch.recorded()
    if found is None:
        assert len(start) == len(target), "outlines differ and there is no translation record"
        return dict(zip(start, target, strict=True))
    translation, recorded = found
    translated = target if translation is switch.target else start
    assert len(recorded) == len(translated), "the translation record is out of date"
    pairs = dict(zip(recorded, translated, strict=True))
    return (
        pairs if translation is switch.target else {mine: theirs for theirs, mine in pairs.items()}
    )


def header_bottom(page: Page) -> float:
    return page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")


def scroll_to_top_of_content(page: Page, section: str) -> bool:
    """Scroll as a reader who has read down to the section: its heading under the header.

    False when the page ends (or is too short to scroll) before the heading gets
    there: the end of the section before it, heading included, is then still on
    screen above it, and which of the two the reader is at is anyone's guess.
    """
    return page.evaluate(
        """([id, top]) => {
            const heading = document.getElementById(id)
            window.scrollBy(0, heading.getBoundingClientRect().top - top - 16)
            const at = heading.getBoundingClientRect().top
            return window.scrollY > 0 && at >= top && at < top + 48
        }""",
        [section, header_bottom(page)],
    )


def switch_language(page: Page, switch: Switch) -> str:
    """Use the header's language menu; the section id the other page opened at."""
    page.locator(".md-select > button").click()
    with page.expect_navigation():
        page.locator(f'a.md-select__link[hreflang="{switch.target.lang}"]').click()
    return unquote(urlsplit(page.url).fragment)


@pytest.mark.parametrize("device", sorted(DEVICES))
@pytest.mark.parametrize("how", ["fragment", "in view"])
@pytest.mark.parametrize("switch", switches(), ids=str)
def test_switch_opens_the_matching_section_from_every_h2(
    live_site: LiveSite, switch: Switch, how: str, device: str
) -> None:
    counterparts = expected_counterparts(live_site, switch)
    context, _ = live_site.new_context(viewport=DEVICES[device])
    page = context.new_page()
    page.goto(live_site.url(switch.start.path), wait_until="domcontentloaded")
    sections = page.locator(".md-content article h2[id]").evaluate_all("hs => hs.map(h => h.id)")
    assert sections, f"/{switch.start.path} has no h2 sections"
    landed, at_the_end = {}, {}
    for index, section in enumerate(sections):
        start = live_site.url(switch.start.path)
        if how == "fragment":
            page.goto(f"{start}#{section}", wait_until="domcontentloaded")
        else:
            page.goto(start, wait_until="domcontentloaded")
            if not scroll_to_top_of_content(page, section):
                # The page ends first: this section and the one before share the screen.
                before = sections[index - 1] if index else None
                at_the_end[section] = (switch_language(page, switch), before)
                continue
        name = f"switch-{switch.start.lang}-to-{switch.target.lang}-{device}"
        if index == MID_PAGE and how == "fragment":
            screenshot(page, f"{name}-before", full_page=False)
        landed[section] = switch_language(page, switch)
        assert page.url.startswith(live_site.url(switch.target.path)), page.url
        expect(page.locator(f'[id="{counterparts[section]}"]')).to_be_in_viewport()
        if index == MID_PAGE and how == "fragment":
            screenshot(page, f"{name}-after", full_page=False)
    wanted = {section: counterparts[section] for section in landed}
    assert landed == wanted
    for section, (opened, before) in at_the_end.items():
        on_screen = {counterparts[section], counterparts.get(before, "")}
        assert opened in on_screen, f"{section}: opened #{opened}, not one of {on_screen}"


def test_without_javascript_the_link_opens_the_other_page(live_site: LiveSite) -> None:
    context, _ = live_site.new_context(javascript=False)
    page = context.new_page()
    start, target = SITE_PAGES[0], next(p for p in SITE_PAGES if p.lang != SITE_PAGES[0].lang)
    page.goto(f"{live_site.url(start.path)}#{outline(live_site, start)[2]}")
    link = page.locator(f'a.md-select__link[hreflang="{target.lang}"]')
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", target.lang)
    assert page.url == live_site.url(target.path)


def test_a_section_without_counterpart_opens_the_other_page_at_its_top(
    live_site: LiveSite,
) -> None:
    switch = switches()[0]
    context, _ = live_site.new_context()
    page = context.new_page()
    page.goto(live_site.url(switch.start.path), wait_until="domcontentloaded")
    section = page.locator(".md-content article h2[id]").nth(MID_PAGE).get_attribute("id")
    page.goto(f"{live_site.url(switch.start.path)}#{section}", wait_until="domcontentloaded")
    page.evaluate(
        """([section, lang]) => {
            const block = document.getElementById("__language_switch")
            const data = JSON.parse(block.textContent)
            delete data.counterparts[lang][section]
            block.textContent = JSON.stringify(data)
        }""",
        [section, switch.target.lang],
    )
    assert switch_language(page, switch) == ""
    assert page.url == live_site.url(switch.target.path)
    assert page.evaluate("window.scrollY") == 0

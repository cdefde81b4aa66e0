"""A reader's visit to each language's page, in Chromium, as GitHub Pages serves it.

Every test here also fails if the page logs a console error, throws, violates
its Content-Security-Policy or requests anything from another origin (the
``live_site`` fixture and ``browser_site.Watch``).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote, urlsplit

import pytest
from browser_site import (
    CJK,
    DESKTOP,
    LANGUAGES,
    PHONE,
    SCHEMES,
    Language,
    LiveSite,
    screenshot,
    search,
)
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

OpenPage = Callable[..., Page]
# Admonition kinds in the guide, in page order; both languages have the same ones.
ADMONITION_KINDS = ["warning", "tip", "note", "danger"]


def test_loads_without_errors_or_other_hosts_before_and_after_search(
    live_site: LiveSite, open_page: OpenPage, language: Language
) -> None:
    page = open_page()
    assert page.locator("html").get_attribute("lang") == language.code
    search(page, language)
    watch = live_site.watch_of(page)
    assert watch.problems == []


@pytest.mark.parametrize("start", sorted(LANGUAGES))
def test_language_switcher_goes_to_the_counterpart_and_back(
    live_site: LiveSite, start: str
) -> None:
    other = next(code for code in LANGUAGES if code != start)
    page = live_site.open(LANGUAGES[start].path)
    for target in (other, start):
        page.locator(".md-select > button").click()
        page.locator(f'a.md-select__link[hreflang="{target}"]').click()
        page.wait_for_url(live_site.url(LANGUAGES[target].path))
        expect(page.locator("html")).to_have_attribute("lang", target)


def test_table_of_contents_entry_brings_its_section_into_view(open_page: OpenPage) -> None:
    page = open_page(viewport=DESKTOP)
    entry = page.locator('.md-sidebar--secondary [data-md-component="toc"] > li > a').last
    anchor = entry.get_attribute("href") or ""
    heading = page.locator(f'[id="{anchor.removeprefix("#")}"]')
    expect(heading).not_to_be_in_viewport()
    entry.click()
    expect(heading).to_be_in_viewport()
    assert unquote(urlsplit(page.url).fragment) == anchor.removeprefix("#")


def test_search_finds_the_section_in_the_readers_language(
    live_site: LiveSite, open_page: OpenPage, language: Language
) -> None:
    page = open_page()
    hits = search(page, language)
    sections = [hit for hit in hits if hit.anchor]
    assert language.section in [hit.anchor for hit in sections[:2]], hits
    language_root = live_site.url(language.path)
    for hit in hits:
        assert hit.href.startswith(language_root), f"{hit.href} is outside {language_root}"
        if language.code == "en":
            assert not CJK.search(hit.title), f"Chinese result on the English page: {hit.title}"
        else:
            assert "/en/" not in hit.href, f"English result on the Chinese page: {hit.href}"
            assert CJK.search(hit.title), f"untranslated result on the Chinese page: {hit.title}"
    target = next(hit for hit in sections if hit.anchor == language.section)
    link = page.locator(f'.md-search-result__link[href="{target.href}"]')
    if not link.is_visible():  # further matches on a page sit in a collapsed "more" list
        page.locator(".md-search-result__more > summary").first.click()
    link.click()
    expect(page.locator(f'[id="{language.section}"]')).to_be_in_viewport()


def test_admonitions_are_visible_with_titles_in_the_pages_language(
    open_page: OpenPage, language: Language
) -> None:
    page = open_page()
    admonitions = page.locator(".md-content .admonition")
    expect(admonitions).to_have_count(len(ADMONITION_KINDS))
    for index, kind in enumerate(ADMONITION_KINDS):
        admonition = admonitions.nth(index)
        expect(admonition).to_have_class(f"admonition {kind}")
        admonition.scroll_into_view_if_needed()
        expect(admonition).to_be_visible()
        title = admonition.locator(".admonition-title")
        expect(title).to_be_visible()
        text = title.inner_text().strip()
        assert text, f"{kind} admonition has an empty title"
        if language.code == "zh":
            assert CJK.search(text), f"untranslated title on the Chinese page: {text}"
        else:
            assert not CJK.search(text), f"Chinese title on the English page: {text}"


def test_phone_has_no_sideways_overflow_and_reaches_the_toc_from_the_menu(
    open_page: OpenPage,
) -> None:
    page = open_page(viewport=PHONE)
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"page is {widths[0]}px wide on a {widths[1]}px screen"
    sticking_out = page.evaluate(
        """[...document.querySelectorAll(".md-content *")]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .map(e => e.outerHTML.slice(0, 80))"""
    )
    assert sticking_out == []

    page.locator('label.md-header__button[for="__drawer"]').click()
    page.locator('.md-nav--primary label.md-nav__link[for="__toc"]').click()
    entry = page.locator(".md-nav--primary .md-nav--secondary a.md-nav__link").last
    expect(entry).to_be_in_viewport()
    anchor = entry.get_attribute("href") or ""
    entry.click()
    expect(page.locator("#__drawer")).not_to_be_checked()  # the menu closes itself
    expect(page.locator(f'[id="{anchor.removeprefix("#")}"]')).to_be_in_viewport()


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_light_and_dark_schemes_render(
    open_page: OpenPage, language: Language, scheme: str, device: str
) -> None:
    page = open_page(scheme=scheme, viewport=DESKTOP if device == "desktop" else PHONE)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    luminance = page.evaluate(
        """() => {
            const [r, g, b] = getComputedStyle(document.body).backgroundColor
                .match(/\\d+(\\.\\d+)?/g).map(Number);
            return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
        }"""
    )
    assert (luminance > 0.8) if scheme == "light" else (luminance < 0.25), luminance
    expect(page.locator(".md-content h1")).to_be_visible()
    screenshot(page, f"{language.code}-{scheme}-{device}")


def test_palette_toggle_switches_the_scheme(open_page: OpenPage) -> None:
    page = open_page(scheme="light")
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    page.locator('form[data-md-component="palette"] label:visible').click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.locator('form[data-md-component="palette"] label:visible').click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")


def test_missing_url_shows_the_404_page(live_site: LiveSite, language: Language) -> None:
    context, _ = live_site.new_context(allow=(r"status of 404",))
    page = context.new_page()
    response = page.goto(live_site.url(f"{language.path}no-such-page/"))
    assert response is not None and response.status == 404
    if language.path:  # the Chinese /404.html sends misses under /en/ to /en/404.html
        page.wait_for_url(live_site.url(f"{language.path}404.html"))
    expect(page.locator("html")).to_have_attribute("lang", language.code)
    expect(page.locator(".md-content h1")).to_contain_text("404")

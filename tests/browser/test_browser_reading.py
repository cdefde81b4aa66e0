"""A reader's visit to every page of the site, in Chromium, as GitHub Pages serves it.

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
    NOT_FOUND_PAGES,
    PHONE,
    SCHEMES,
    SITE_PAGES,
    Language,
    LiveSite,
    SitePage,
    counterpart,
    other_language,
    page_id,
    page_slug,
    screenshot,
    search,
)
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

OpenPage = Callable[..., Page]
ADMONITION_KINDS = {"note", "tip", "warning", "danger", "info", "success", "question", "failure"}


def test_loads_without_errors_or_other_hosts_before_and_after_search(
    live_site: LiveSite, open_page: OpenPage, language: Language
) -> None:
    page = open_page()
    assert page.locator("html").get_attribute("lang") == language.code
    search(page, language)
    watch = live_site.watch_of(page)
    assert watch.problems == []


def test_language_switcher_goes_to_the_counterpart_and_back(
    live_site: LiveSite, site_page: SitePage
) -> None:
    page = live_site.open(site_page.path)
    for target in (counterpart(site_page, other_language(site_page)), site_page):
        page.locator(".md-select > button").click()
        page.locator(f'a.md-select__link[hreflang="{target.lang}"]').click()
        page.wait_for_url(live_site.url(target.path))  # from the top: no section to keep
        expect(page.locator("html")).to_have_attribute("lang", target.lang)


def test_table_of_contents_entry_brings_its_section_into_view(open_page: OpenPage) -> None:
    page = open_page(viewport=DESKTOP)
    entry = page.locator('.md-sidebar--secondary [data-md-component="toc"] > li > a').last
    anchor = entry.get_attribute("href") or ""
    heading = page.locator(f'[id="{anchor.removeprefix("#")}"]')
    # A page taller than the screen starts with its last section out of view.
    if page.evaluate("document.scrollingElement.scrollHeight > innerHeight * 1.5"):
        expect(heading).not_to_be_in_viewport()
    entry.click()
    expect(heading).to_be_in_viewport()
    assert unquote(urlsplit(page.url).fragment) == anchor.removeprefix("#")


def test_a_search_result_leads_to_its_section(open_page: OpenPage, language: Language) -> None:
    # Which results show, and in which language: test_browser_search.py.
    page = open_page()
    hits = search(page, language)
    sections = [hit for hit in hits if hit.anchor]
    assert language.section in [hit.anchor for hit in sections[:2]], hits
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
    for index in range(admonitions.count()):
        admonition = admonitions.nth(index)
        kinds = set((admonition.get_attribute("class") or "").split()) & ADMONITION_KINDS
        assert len(kinds) == 1, admonition.get_attribute("class")
        admonition.scroll_into_view_if_needed()
        expect(admonition).to_be_visible()
        title = admonition.locator(".admonition-title")
        expect(title).to_be_visible()
        text = title.inner_text().strip()
        assert text, f"{kinds} admonition has an empty title"
        if language.code == "zh":
            assert CJK.search(text), f"untranslated title on the Chinese page: {text}"
        else:
            assert not CJK.search(text), f"Chinese title on the English page: {text}"


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_warnings_are_as_large_as_the_text_around_them(open_page: OpenPage, device: str) -> None:
    page = open_page(viewport=DESKTOP if device == "desktop" else PHONE)
    sizes = page.evaluate(
        """() => {
            const size = el => getComputedStyle(el).fontSize
            const body = document.querySelector(".md-content article > p, .md-content article li")
            return {
                body: size(body),
                warnings: [...document.querySelectorAll(
                    ".md-content .admonition > :not(.admonition-title), "
                    + ".md-content details > :not(summary)"
                )].map(el => [el.textContent.trim().slice(0, 30), size(el)]),
            }
        }"""
    )
    smaller = [(text, size) for text, size in sizes["warnings"] if size != sizes["body"]]
    assert smaller == [], f"body text is {sizes['body']}"


def test_desktop_gives_the_room_to_the_content_while_a_language_has_one_page(
    open_page: OpenPage, site_page: SitePage
) -> None:
    page = open_page(viewport=DESKTOP)
    pages_in_language = sum(other.lang == site_page.lang for other in SITE_PAGES)
    sidebar = page.locator(".md-sidebar--primary")
    if pages_in_language == 1:
        expect(sidebar).to_be_hidden()
        expect(page.locator(".md-sidebar--secondary")).to_be_visible()  # the contents stay
    else:
        expect(sidebar).to_be_visible()


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
    open_page: OpenPage, site_page: SitePage, scheme: str, device: str
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
    screenshot(page, f"{page_slug(site_page)}-{scheme}-{device}")


def test_palette_toggle_switches_the_scheme(open_page: OpenPage) -> None:
    page = open_page(scheme="light")
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    page.locator('form[data-md-component="palette"] label:visible').click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.locator('form[data-md-component="palette"] label:visible').click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")


@pytest.mark.parametrize("missing", NOT_FOUND_PAGES, ids=page_id)
def test_missing_url_shows_the_404_page(live_site: LiveSite, missing: SitePage) -> None:
    folder = missing.path.removesuffix("404.html")
    context, _ = live_site.new_context(allow=(r"status of 404",))
    page = context.new_page()
    response = page.goto(live_site.url(f"{folder}no-such-page/"))
    assert response is not None and response.status == 404
    if folder:  # the default language's /404.html sends misses below a language folder on
        page.wait_for_url(live_site.url(missing.path))
    expect(page.locator("html")).to_have_attribute("lang", missing.lang)
    expect(page.locator(".md-content h1")).to_contain_text("404")

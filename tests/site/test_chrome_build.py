"""Calm chrome, proved on the built pages: one title pattern, no redundant sidebar.

Every page's tab title is its heading, then the site name, in both languages.
While a language has one page, Material's left navigation sidebar (which
would repeat the site name and the page title) is hidden with Material's own
``hide: navigation``; once the nav lists a second page (the "Adding a page"
replay of the ``built`` fixture), it is shown again, listing every page. The
palette toggle of every page speaks the page's language. The browser proves
that a hidden sidebar is not shown and that the toggle switches the scheme
(tests/browser/test_browser_reading.py).
"""

from __future__ import annotations

import re

from built import Built

PRIMARY_SIDEBAR = '//*[contains(concat(" ", @class, " "), " md-sidebar--primary ")]'
PAGES_IN_NAV = './/nav[contains(@class, "md-nav--primary")]/ul/li'
PALETTE_FORM = "//form[@data-palette-toggle]"
PALETTE_OPTIONS = f"{PALETTE_FORM}/input"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def i18n_languages(config: dict) -> list[dict]:
    plugin = next(p for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    return plugin["i18n"]["languages"]


def site_names(config: dict) -> dict[str, str]:
    """Each language's site name: the config's, or the one its i18n entry sets."""
    return {x["locale"]: x.get("site_name", config["site_name"]) for x in i18n_languages(config)}


def palette_names(config: dict) -> dict[str, list[str]]:
    """Each language's palette toggle names, in order: the theme's, or its i18n entry's."""
    names = {}
    for language in i18n_languages(config):
        palette = (language.get("theme") or {}).get("palette") or config["theme"]["palette"]
        names[language["locale"]] = [option["toggle"]["name"] for option in palette]
    return names


def test_every_title_is_the_heading_then_the_site_name(built: Built) -> None:
    names = site_names(built.config)
    for page in built.every_page():
        tree = built.html(page.url)
        heading = tree.xpath("//article//h1")[0]
        for permalink in heading.xpath('.//a[contains(@class, "headerlink")]'):
            permalink.drop_tree()
        title = tree.findtext(".//title")
        assert title == f"{heading.text_content().strip()} - {names[page.lang]}", page.url


def test_the_navigation_sidebar_shows_only_with_more_than_one_page(built: Built) -> None:
    pages = built.every_page()
    for page in pages:
        sidebar = built.html(page.url).xpath(PRIMARY_SIDEBAR)
        assert len(sidebar) == 1, page.url
        in_language = sum(other.lang == page.lang for other in pages)
        assert (sidebar[0].get("hidden") is not None) is (in_language == 1), page.url
        if in_language > 1:
            assert len(sidebar[0].xpath(PAGES_IN_NAV)) == in_language, page.url


def test_every_palette_toggle_is_named_in_the_pages_language(built: Built) -> None:
    names = palette_names(built.config)
    for page in built.every_page():
        labels = [str(x.get("aria-label")) for x in built.html(page.url).xpath(PALETTE_OPTIONS)]
        assert labels == names[page.lang], page.url
        assert all(bool(CJK.search(label)) is (page.lang == "zh") for label in labels), page.url


def test_the_palette_toggle_runs_the_sites_script_before_the_content(built: Built) -> None:
    # Material's palette component restyles the whole page when its bundle
    # starts, even when the palette does not change: it must not mount. The
    # site's script follows the toggle inline, so a dark system's palette is
    # set before the content is parsed (partials/palette_toggle.html).
    urls = [page.url for page in built.every_page()]
    urls += [f"{language.prefix}404.html" for language in built.pages.languages]
    texts = set()
    for url in urls:
        tree = built.html(url)
        assert tree.xpath('//*[@data-md-component="palette"]') == [], f"/{url}"
        (form,) = tree.xpath(PALETTE_FORM)
        order = {element: i for i, element in enumerate(tree.iter())}
        toggles = [s for s in tree.iter("script") if "data-palette-toggle" in (s.text or "")]
        assert len(toggles) == 1, f"/{url}: {len(toggles)} palette toggle scripts"
        (content,) = tree.xpath("//main")
        assert order[form] < order[toggles[0]] < order[content], f"/{url}"
        texts.add(toggles[0].text)
    assert len(texts) == 1, "the toggle script differs between pages: the CSP needs one hash each"

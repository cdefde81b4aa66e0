"""What the built pages promise readers and search engines."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from guide.importer import convert
from guide.pages import site_pages
from selectolax.lexbor import LexborHTMLParser

# The anchors the original guide's hand-written 目录 linked to: old deep links.
UPSTREAM = Path(__file__).resolve().parents[1] / "fixtures/upstream/guide.zh.md"
LEGACY_ANCHORS = tuple(convert(UPSTREAM.read_text(encoding="utf-8")).toc_anchors)
ENGLISH_ANCHORS = (
    "overview",
    "open-a-virtual-card",
    "use-the-remote-environment",
    "log-in-to-the-openai-platform",
    "add-a-payment-method",
    "create-an-api-key",
    "api-spending-limits-and-billing",
    "summary",
)
SITE_URL = "http://127.0.0.1:8000/"
CJK = re.compile(r"[\u4e00-\u9fff]")
# The guide's own page, whose content some tests check.
PAGES = {"zh": "index.html", "en": "en/index.html"}
# Every page of the site in every language: (locale, URL below the site root).
SITE = site_pages(Path(__file__).resolve().parents[2])
EVERY_PAGE = SITE.urls()
OTHER = {"zh": "en", "en": "zh"}
ADMONITION_TITLES = {
    "zh": [("warning", "注意"), ("tip", "提示"), ("note", "注意"), ("danger", "警告")],
    "en": [("warning", "Caution"), ("tip", "Tip"), ("note", "Note"), ("danger", "Warning")],
}


def page(site: Path, lang: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / PAGES[lang]).read_text(encoding="utf-8"))


def built(site: Path, url: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / url / "index.html").read_text(encoding="utf-8"))


def counterpart(url: str, lang: str) -> str:
    """The same page's URL in the other language."""
    pair = next(p for p in SITE.pairs if SITE.url(p, lang) == url)
    return SITE.url(pair, OTHER[lang])


def ids(tree: LexborHTMLParser) -> set[str]:
    return {node.attributes["id"] for node in tree.css("[id]")}


def test_the_original_table_of_contents_named_every_section() -> None:
    assert len(LEGACY_ANCHORS) == 8 and LEGACY_ANCHORS[0] == "概述"


@pytest.mark.parametrize("anchor", LEGACY_ANCHORS)
def test_legacy_chinese_anchor_lands_on_its_section(site: Path, anchor: str) -> None:
    heading = page(site, "zh").css_first(f'h2[id="{anchor}"]')
    assert heading is not None, f"#{anchor} is not a section heading"


def test_english_anchors_are_readable_and_stable(site: Path) -> None:
    assert set(ENGLISH_ANCHORS) <= ids(page(site, "en"))


def test_hand_written_table_of_contents_is_gone(site: Path) -> None:
    tree = page(site, "zh")
    assert not [h for h in tree.css("h2") if h.text(strip=True).startswith("目录")]
    # Material renders the table of contents twice: beside the text, and in the mobile menu.
    for toc in tree.css("nav.md-nav--secondary"):
        links = [a.attributes["href"] for a in toc.css("a.md-nav__link")]
        in_order = [link for link in links if link.lstrip("#") in LEGACY_ANCHORS]
        assert in_order == [f"#{anchor}" for anchor in LEGACY_ANCHORS]


@pytest.mark.parametrize(("lang", "url"), EVERY_PAGE)
def test_html_lang_matches_the_page(site: Path, lang: str, url: str) -> None:
    assert built(site, url).css_first("html").attributes["lang"] == lang


@pytest.mark.parametrize(("lang", "url"), EVERY_PAGE)
def test_hreflang_alternates_are_absolute_with_x_default(site: Path, lang: str, url: str) -> None:
    links = built(site, url).css('link[rel="alternate"][hreflang]')
    alternates = {link.attributes["hreflang"]: link.attributes["href"] for link in links}
    zh = url if lang == "zh" else counterpart(url, lang)
    en = url if lang == "en" else counterpart(url, lang)
    assert alternates == {"zh": SITE_URL + zh, "en": SITE_URL + en, "x-default": SITE_URL + zh}


@pytest.mark.parametrize(("lang", "url"), EVERY_PAGE)
def test_switcher_leads_to_the_same_page_in_the_other_language(
    site: Path, lang: str, url: str
) -> None:
    options = built(site, url).css(".md-select__link[hreflang]")
    targets = {o.attributes["hreflang"]: o.attributes["href"] for o in options}
    assert set(targets) == {"zh", "en"}
    other = counterpart(url, lang)
    resolved = (Path("/", url) / targets[OTHER[lang]]).resolve().as_posix().rstrip("/") + "/"
    assert resolved == f"/{other}".rstrip("/") + "/"


def test_sitemap_lists_every_page_in_both_languages(site: Path) -> None:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ET.parse(site / "sitemap.xml")
    locations = {loc.text for loc in tree.findall(".//s:loc", namespace)}
    assert locations == {SITE_URL + url for _, url in EVERY_PAGE}


def test_switcher_sitemap_exists_in_every_language_folder(site: Path) -> None:
    assert (site / "en/sitemap.xml").read_bytes() == (site / "sitemap.xml").read_bytes()


@pytest.mark.parametrize(("lang", "url"), EVERY_PAGE)
def test_meta_description_is_in_the_page_language(site: Path, lang: str, url: str) -> None:
    description = built(site, url).css_first('meta[name="description"]').attributes["content"]
    assert len(description) > 40
    assert bool(CJK.search(description)) is (lang == "zh")


def test_404_is_chinese_and_english_misses_get_english(site: Path) -> None:
    root_404 = (site / "404.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in root_404
    assert '<html lang="en"' in (site / "en/404.html").read_text(encoding="utf-8")
    assert "location.replace" in root_404 and '["/en/"]' in root_404


@pytest.mark.parametrize("lang", PAGES)
def test_admonitions_by_severity_with_titles_in_the_page_language(site: Path, lang: str) -> None:
    found = []
    for node in page(site, lang).css("div.admonition"):
        kinds = set(node.attributes["class"].split()) - {"admonition"}
        title = node.css_first(".admonition-title").text(strip=True)
        found.append((kinds.pop(), title))
    assert found == ADMONITION_TITLES[lang]


@pytest.mark.parametrize("lang", PAGES)
def test_ui_labels_are_marked(site: Path, lang: str) -> None:
    labels = [node.text(strip=True) for node in page(site, lang).css("strong.ui")]
    assert "Create new secret key" in labels
    assert "Add payment details" in labels
    assert len(labels) == 6


@pytest.mark.parametrize(("lang", "url"), EVERY_PAGE)
def test_external_links_are_safe_and_referrals_sponsored(site: Path, lang: str, url: str) -> None:
    for anchor in built(site, url).css("article a[href^='http']"):
        rel = set((anchor.attributes.get("rel") or "").split())
        href = anchor.attributes["href"]
        expected = {"sponsored", "noopener"} if "bit.ly" in href else {"noopener"}
        assert rel == expected, href


def search_index(site: Path, folder: str) -> dict:
    return json.loads((site / folder / "search/search_index.json").read_text(encoding="utf-8"))


def test_each_language_has_its_own_search_index(site: Path) -> None:
    chinese, english = search_index(site, ""), search_index(site, "en")
    assert all(CJK.search(doc["title"]) or not doc["location"] for doc in chinese["docs"][1:])
    assert not [d for d in chinese["docs"] if d["location"].startswith("en/")]
    assert not [d for d in english["docs"] if CJK.search(d["title"])]
    assert {d["location"] for d in english["docs"]} >= {f"#{a}" for a in ENGLISH_ANCHORS}
    assert english["config"]["lang"] == ["en"]

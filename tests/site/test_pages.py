"""What every built page promises readers and search engines.

Each rule loops over every page of the ``built`` project (the repository,
and each README workflow replayed on a copy) and takes its expectation from
the project's sources: the pages as the page reader reads them, mkdocs.yml,
the translation records, the upstream guide the Chinese page was imported from.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

from built import Built, BuiltPage
from guide.importer import TOC_TITLES, convert
from guide.render import markdown_settings

UPSTREAM = Path("tests/fixtures/upstream/guide.zh.md")
IMPORTED = "docs/zh/index.md"  # where import_guide.py writes the upstream guide
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
READABLE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
CONTENT = "//article[contains(@class, 'md-content__inner')]"


def content_headings(built: Built, page: BuiltPage, deepest: int = 6) -> list[str]:
    tags = " | ".join(f"{CONTENT}//h{level}[@id]" for level in range(1, deepest + 1))
    return [str(h.get("id")) for h in built.html(page.url).xpath(tags)]


def in_its_language(text: str, lang: str) -> bool:
    """Chinese text has Chinese in it; other text has next to none (a quoted name at most)."""
    letters = [c for c in text if c.isalpha()]
    chinese = sum(bool(CJK.match(c)) for c in letters)
    return chinese > 0 if lang == "zh" else chinese * 5 <= len(letters)


def test_every_anchor_of_the_upstream_table_of_contents_lands_on_a_section(built: Built) -> None:
    anchors = convert((built.root / UPSTREAM).read_text(encoding="utf-8")).toc_anchors
    assert anchors, f"{UPSTREAM} has no 目录 to read old deep links from"
    page = next(p for p in built.every_page() if p.source == built.root / IMPORTED)
    sections = built.html(page.url).xpath(f"{CONTENT}//h2/@id")
    assert [anchor for anchor in anchors if anchor not in sections] == []


def test_the_hand_written_table_of_contents_is_not_imported(built: Built) -> None:
    page = next(p for p in built.every_page() if p.source == built.root / IMPORTED)
    headings = [h.text_content().strip() for h in built.html(page.url).xpath(f"{CONTENT}//h2")]
    assert not [text for text in headings if text.startswith(TOC_TITLES)]


def test_translated_headings_have_readable_ids(built: Built) -> None:
    unreadable = [
        f"{page.source.relative_to(built.root)}: #{heading_id} is not a readable id "
        "(lower-case letters, digits and hyphens); write the heading without an id, "
        "and it takes one from its words"
        for page in built.every_page()
        if not built.language(page.lang).default
        for heading_id in content_headings(built, page)
        if not READABLE_ID.fullmatch(heading_id)
    ]
    assert unreadable == [], "\n".join(unreadable)


def test_the_table_of_contents_lists_every_section_in_page_order(built: Built) -> None:
    toc = markdown_settings(built.root / "mkdocs.yml").configs.get("toc", {})
    deepest = int(toc.get("toc_depth", 6))
    for page in built.every_page():
        # The page's title (its h1) heads the page, not the table of contents.
        expected = [f"#{i}" for i in content_headings(built, page, deepest)[1:]]
        navs = built.html(page.url).xpath("//nav[contains(@class, 'md-nav--secondary')]")
        assert navs, f"/{page.url} has no table of contents"
        for nav in navs:
            assert [str(h) for h in nav.xpath(".//a[contains(@class, 'md-nav__link')]/@href")] == (
                expected
            ), page.url


def test_html_lang_is_the_pages_language(built: Built) -> None:
    for page in built.every_page():
        assert built.html(page.url).get("lang") == page.lang, page.url


def test_hreflang_alternates_are_absolute_with_x_default(built: Built) -> None:
    default = next(x.locale for x in built.pages.languages if x.default)
    for page in built.every_page():
        versions = {page.lang: page.url}
        other = built.counterpart(page)
        if other is not None:
            versions[other.lang] = other.url
        links = built.html(page.url).xpath("//head/link[@rel='alternate'][@hreflang]")
        alternates = {str(link.get("hreflang")): str(link.get("href")) for link in links}
        expected = {lang: built.site_url + url for lang, url in versions.items()}
        expected["x-default"] = built.site_url + versions.get(default, page.url)
        assert alternates == expected, page.url


def test_the_switcher_leads_to_the_same_page_in_the_other_language(built: Built) -> None:
    for page in built.every_page():
        other = built.counterpart(page)
        if other is None:
            continue
        options = built.html(page.url).xpath("//a[contains(@class, 'md-select__link')][@hreflang]")
        targets = {str(o.get("hreflang")): str(o.get("href")) for o in options}
        resolved = (Path("/", page.url) / targets[other.lang]).resolve().as_posix()
        assert resolved.rstrip("/") == f"/{other.url}".rstrip("/"), page.url


def test_the_sitemap_lists_every_page_and_each_language_folder_has_it(built: Built) -> None:
    tree = ET.parse(built.site / "sitemap.xml")
    locations = {loc.text for loc in tree.findall(".//s:loc", SITEMAP)}
    assert locations == {built.site_url + page.url for page in built.every_page()}
    for language in built.pages.languages:
        copy = built.site / language.prefix / "sitemap.xml"
        assert copy.read_bytes() == (built.site / "sitemap.xml").read_bytes(), copy


def test_each_page_describes_itself_in_its_language(built: Built) -> None:
    for page in built.every_page():
        meta = built.html(page.url).xpath("//head/meta[@name='description']/@content")
        assert meta, f"/{page.url} has no meta description"
        own = built.source(page).front_matter.get("description")
        if own:
            assert meta[0] == " ".join(str(own).split()), page.url
        assert in_its_language(meta[0], page.lang), (page.url, meta[0])


def test_each_language_has_its_own_404_page(built: Built) -> None:
    languages = built.pages.languages
    others = [x for x in languages if not x.default]
    root_404 = (built.site / "404.html").read_text(encoding="utf-8")
    default = next(x for x in languages if x.default)
    assert f'<html lang="{default.locale}"' in root_404
    site_path = urlsplit(built.site_url).path
    for language in others:
        page = (built.site / language.prefix / "404.html").read_text(encoding="utf-8")
        assert f'<html lang="{language.locale}"' in page
        # A miss below the language's folder is sent to its 404 page.
        assert f'"{site_path}{language.prefix}"' in root_404


def test_the_built_page_shows_the_admonitions_of_its_source(built: Built) -> None:
    for page in built.every_page():
        tree = built.html(page.url)
        shown = []
        for node in tree.xpath(f"{CONTENT}//div[contains(@class, 'admonition')]"):
            kinds = set(str(node.get("class")).split()) - {"admonition"}
            title = node.xpath("string(./p[@class='admonition-title'])").strip()
            shown.append((kinds.pop(), title))
        written = [(a.kind, a.title) for a in built.source(page).admonitions]
        assert shown == written, page.url
        for _, title in shown:
            assert in_its_language(title, page.lang), (page.url, title)


def test_a_translation_keeps_its_originals_admonition_types(built: Built) -> None:
    for page in built.every_page():
        original = built.counterpart(page)
        if built.language(page.lang).default or original is None:
            continue
        kinds = [a.kind for a in built.source(page).admonitions]
        assert kinds == [a.kind for a in built.source(original).admonitions], page.url


def test_every_ui_label_of_the_source_is_marked(built: Built) -> None:
    for page in built.every_page():
        shown = [
            " ".join(node.text_content().split())
            for node in built.html(page.url).xpath(f"{CONTENT}//strong[contains(@class, 'ui')]")
        ]
        assert shown == [label.name for label in built.source(page).labels], page.url


def test_external_links_are_safe_and_referrals_sponsored(built: Built) -> None:
    sponsored = {host.lower() for host in built.config.get("extra", {}).get("sponsored_hosts", [])}
    assert sponsored, "mkdocs.yml lists no extra.sponsored_hosts"
    for page in built.every_page():
        for link in built.html(page.url).xpath(f"{CONTENT}//a[starts-with(@href, 'http')]"):
            href = str(link.get("href"))
            rel = set(str(link.get("rel") or "").split())
            host = (urlsplit(href).hostname or "").lower()
            expected = {"sponsored", "noopener"} if host in sponsored else {"noopener"}
            assert rel == expected, (page.url, href)

"""The language switch's section map, as the build writes it into each page.

For every section of every page, the map must name the counterpart the
translation record pairs it with (``translation_of``: the original's ids in
the order of the translation's headings), in both directions; a page without
a record is paired by its heading outline. A section with no counterpart is
left out (the switch then opens the other page at its top). Ids are the ones
the built pages give. The rules hold on every ``built`` project, and on the
tests' own journey project (tests/journey.py), which has a section without
counterpart and a pair without record. The browser journeys that prove the
switch reads this map are in tests/browser/test_browser_switch.py.
"""

from __future__ import annotations

import json

import pytest
from built import Built
from guide.page import read_page
from guide.pages import PagePair
from guide.record import record_of
from journey import PAGE, PLAIN, UNPAIRED, journey_project
from lxml import html
from site_build import build_here

DATA = "__language_switch"
HEADINGS = "//article//*[self::h1 or self::h2 or self::h3][@id]"


@pytest.fixture(scope="module")
def journey(tmp_path_factory: pytest.TempPathFactory) -> Built:
    project = journey_project(tmp_path_factory.mktemp("journey"))
    result = build_here(project / "site", project=project)
    assert result.returncode == 0, result.stderr
    return Built("journey", project, project / "site")


def switch_data(page: html.HtmlElement, where: str) -> dict:
    blocks = page.xpath(f'//script[@id="{DATA}"]')
    assert len(blocks) == 1, f"/{where}: {len(blocks)} language switch maps"
    assert blocks[0].get("type") == "application/json", where  # data, not a script to hash
    return json.loads(blocks[0].text)


def heading_ids(page: html.HtmlElement) -> list[str]:
    return [str(heading.get("id")) for heading in page.xpath(HEADINGS)]


def expected_pairs(
    built: Built, pair: PagePair, original: list[str], translation: list[str]
) -> dict[str, str]:
    """Original section id -> translation section id, from the record or by position."""
    record = record_of(read_page(pair.translation))
    if record is not None and pair.original.samefile(built.root / record.original):
        assert len(record.order) == len(translation), (
            f"{pair.translation}: the record lists {len(record.order)} sections for "
            f"{len(translation)} headings"
        )
        pairs = zip(record.order, translation, strict=True)
        return {key: mine for key, mine in pairs if key in original}
    assert len(original) == len(translation), f"{pair.name}: outlines differ and no record"
    return dict(zip(original, translation, strict=True))


def check_every_pair(built: Built) -> dict[str, dict]:
    """Check the map of each translated page pair; each page's map by its URL."""
    default, other = built.pages.default.locale, built.pages.languages[1].locale
    maps = {}
    for pair in built.pages.translated:
        urls = {lang: built.pages.url(pair, lang) for lang in (default, other)}
        ids = {lang: heading_ids(built.html(url)) for lang, url in urls.items()}
        pairs = expected_pairs(built, pair, ids[default], ids[other])
        inverse = {theirs: mine for mine, theirs in pairs.items()}
        for lang, counterparts in ((default, {other: pairs}), (other, {default: inverse})):
            data = switch_data(built.html(urls[lang]), urls[lang])
            assert data == {"sections": ids[lang], "counterparts": counterparts}, urls[lang]
            maps[urls[lang]] = data
    return maps


def test_every_section_of_every_page_maps_to_its_recorded_counterpart(built: Built) -> None:
    maps = check_every_pair(built)
    assert maps, "no translated page pair"
    assert all(data["counterparts"] != {} for data in maps.values())


def test_not_found_pages_have_no_map_and_keep_the_plain_links(built: Built) -> None:
    locales = {language.locale for language in built.pages.languages}
    for language in built.pages.languages:
        page = built.html(f"{language.prefix}404.html")
        assert not page.xpath(f'//script[@id="{DATA}"]'), language.locale
        links = page.xpath('//a[contains(@class, "md-select__link")]/@hreflang')
        assert set(links) == locales, language.locale


def test_a_section_without_counterpart_is_left_out(journey: Built) -> None:
    maps = check_every_pair(journey)
    pair = next(pair for pair in journey.pages.pairs if pair.name == PAGE)
    chinese = maps[journey.pages.url(pair, "zh")]
    mapped = chinese["counterparts"]["en"]
    assert [section for section in chinese["sections"] if section not in mapped] == [UNPAIRED]
    english = maps[journey.pages.url(pair, "en")]
    assert UNPAIRED not in english["counterparts"]["zh"].values()


def test_a_page_without_record_is_paired_by_its_outline(journey: Built) -> None:
    pair = next(pair for pair in journey.pages.pairs if pair.name == PLAIN)
    assert record_of(read_page(pair.translation)) is None
    maps = check_every_pair(journey)
    assert maps[journey.pages.url(pair, "zh")]["counterparts"]["en"]

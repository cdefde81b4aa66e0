"""The language switch's section map, as the build writes it into each page.

The map must pair each section with the counterpart the translation record
names (``translation_of.sections`` in the translated page, in the order of
its headings), in both directions; a section with no counterpart is left out
(the switch then opens the other page at its top); a page without a record is
paired by its heading outline. Ids are the ones the built pages give.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

ROOT = Path(__file__).resolve().parents[2]
DATA = "script#__language_switch"
HEADINGS = "article h1[id], article h2[id], article h3[id]"


def parsed(path: Path) -> LexborHTMLParser:
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def switch_data(page: LexborHTMLParser) -> dict:
    block = page.css_first(DATA)
    assert block is not None, "no language switch map in the page"
    assert block.attributes.get("type") == "application/json"  # data, not a script to hash
    return json.loads(block.text())


def heading_ids(page: LexborHTMLParser) -> list[str]:
    return [node.attributes["id"] for node in page.css(HEADINGS)]


def recorded_sections(source: Path) -> list[str]:
    text = source.read_text(encoding="utf-8")
    front = yaml.safe_load(text[4 : text.index("\n---", 4)])
    return list(front["translation_of"]["sections"])


def test_each_page_maps_its_sections_to_the_recorded_counterparts(site: Path) -> None:
    chinese, english = parsed(site / "index.html"), parsed(site / "en/index.html")
    recorded = recorded_sections(ROOT / "docs/en/index.md")
    expected = dict(zip(recorded, heading_ids(english), strict=True))
    assert switch_data(chinese) == {
        "sections": heading_ids(chinese),
        "counterparts": {"en": expected},
    }
    inverse = {en: zh for zh, en in expected.items()}
    assert switch_data(english) == {
        "sections": heading_ids(english),
        "counterparts": {"zh": inverse},
    }


@pytest.mark.parametrize("page", ["404.html", "en/404.html"])
def test_not_found_pages_have_no_map_and_keep_the_plain_links(site: Path, page: str) -> None:
    tree = parsed(site / page)
    assert tree.css_first(DATA) is None
    assert {a.attributes["hreflang"] for a in tree.css("a.md-select__link")} == {"zh", "en"}


def test_a_section_without_counterpart_is_left_out(grown_site: Path) -> None:
    chinese, english = parsed(grown_site / "index.html"), parsed(grown_site / "en/index.html")
    data = switch_data(chinese)
    assert "新增章节" in data["sections"]
    assert "新增章节" not in data["counterparts"]["en"]
    recorded = recorded_sections(ROOT / "docs/en/index.md")
    assert data["counterparts"]["en"] == dict(zip(recorded, heading_ids(english), strict=True))
    assert "新增章节" not in switch_data(english)["counterparts"]["zh"].values()


def test_a_page_without_record_is_paired_by_its_outline(grown_site: Path) -> None:
    chinese, english = (
        parsed(grown_site / "grown/index.html"),
        parsed(grown_site / "en/grown/index.html"),
    )
    pairs = dict(zip(heading_ids(chinese), heading_ids(english), strict=True))
    assert switch_data(chinese)["counterparts"] == {"en": pairs}
    assert switch_data(english)["counterparts"] == {"zh": {v: k for k, v in pairs.items()}}

"""The notice on a translated page whose original changed after it was translated."""

from __future__ import annotations

from pathlib import Path

import pytest
from guide.page_pairs import add_pairs
from page_top import under_title
from site_build import build_here
from translation_notice import notice, original_url

NOTICE = "translation-notice"


def test_notice_goes_right_under_the_title() -> None:
    page = '<h1 id="guide">Guide</h1>\n<p>Text</p>'
    block = notice([("Open a virtual card", "开通虚拟卡"), ("A <b> & c", None)], "../")
    result = under_title(page, block)
    assert result.startswith('<h1 id="guide">Guide</h1>\n<section class="admonition warning')
    assert (
        '<a href="../#开通虚拟卡" hreflang="zh"><em>Open a virtual card</em></a>, '
        '<a href="../" hreflang="zh"><em>A &lt;b&gt; &amp; c</em></a>'
    ) in result
    assert '<a href="../" hreflang="zh">Chinese page</a>' in result


@pytest.mark.parametrize(
    ("url", "prefix", "expected"),
    [
        ("en/", "en/", "../"),
        ("en/setup/", "en/", "../../setup/"),
        ("en/a.html", "en/", "../a.html"),
    ],
)
def test_the_notice_links_to_the_same_page_in_the_original(
    url: str, prefix: str, expected: str
) -> None:
    assert original_url(url, prefix) == expected


def test_a_fresh_translation_gets_no_notice(site: Path) -> None:
    pages = list(site.rglob("*.html"))
    assert pages
    for page in pages:
        assert NOTICE not in page.read_text(encoding="utf-8"), page


PAGE = "notice.md"
ZH = "# 标题\n\n## 开卡\n\n等待几分钟即可使用。\n\n## 充值\n\n充值 $5。\n"
EN = (
    "# Title { #title }\n\n## Get a card { #get-a-card }\n\nWait a few minutes.\n\n"
    "## Top up { #top-up }\n\nTop up $5.\n"
)


def built_after(project_copy: Path, tmp_path: Path, old: str, new: str) -> Path:
    """The site built from a copy with the test's page pair, its original then edited."""
    add_pairs(project_copy, {PAGE: (ZH, EN)})
    original = project_copy / "docs/zh" / PAGE
    original.write_text(ZH.replace(old, new), encoding="utf-8")
    result = build_here(tmp_path / "out", project=project_copy)
    assert result.returncode == 0, result.stderr
    return tmp_path / "out"


def test_an_edited_chinese_section_puts_a_notice_on_the_english_page(
    project_copy: Path, tmp_path: Path
) -> None:
    site = built_after(project_copy, tmp_path, "等待几分钟", "等待十分钟")
    english = (site / "en/notice/index.html").read_text(encoding="utf-8")
    assert NOTICE in english
    # The stale section, and only it, links to the same section of the Chinese page.
    assert '<a href="../../notice/#开卡" hreflang="zh"><em>Get a card</em></a>.' in english
    assert "#充值" not in english
    assert english.index(NOTICE) < english.index('id="get-a-card"')
    assert NOTICE not in (site / "notice/index.html").read_text(encoding="utf-8")
    # Other pages' translations are fresh.
    assert NOTICE not in (site / "en/index.html").read_text(encoding="utf-8")


def test_a_whitespace_only_edit_gets_no_notice(project_copy: Path, tmp_path: Path) -> None:
    site = built_after(project_copy, tmp_path, "等待几分钟即可使用", "等待几分钟 即可使用  ")
    assert NOTICE not in (site / "en/notice/index.html").read_text(encoding="utf-8")

"""The notice on a translated page whose original changed after it was translated."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from site_build import build
from translation_notice import notice, original_url, with_notice

NOTICE = "translation-notice"


def test_notice_goes_right_under_the_title() -> None:
    page = '<h1 id="guide">Guide</h1>\n<p>Text</p>'
    block = notice([("Open a virtual card", "开通虚拟卡"), ("A <b> & c", None)], "../")
    result = with_notice(page, block)
    assert result.startswith('<h1 id="guide">Guide</h1>\n<section class="admonition warning')
    assert (
        '<a href="../#开通虚拟卡" hreflang="zh"><em>Open a virtual card</em></a>, '
        '<a href="../" hreflang="zh"><em>A &lt;b&gt; &amp; c</em></a>'
    ) in result
    assert '<a href="../" hreflang="zh">Chinese page</a>' in result
    assert with_notice("<p>x</p>", "N") == "N<p>x</p>"


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
    for page in ("index.html", "en/index.html"):
        assert NOTICE not in (site / page).read_text(encoding="utf-8")


@pytest.fixture
def project(project_copy: Path, root: Path) -> Path:
    """The site's sources plus scripts/guide, which the hook compares with."""
    shutil.copytree(
        root / "scripts/guide",
        project_copy / "scripts/guide",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    return project_copy


def test_an_edited_chinese_section_puts_a_notice_on_the_english_page(
    project: Path, tmp_path: Path
) -> None:
    zh = project / "docs/zh/index.md"
    text = zh.read_text(encoding="utf-8")
    zh.write_text(text.replace("几分钟即可使用", "十分钟内即可使用"), encoding="utf-8")
    result = build(tmp_path / "out", project=project)
    assert result.returncode == 0, result.stderr
    english = (tmp_path / "out/en/index.html").read_text(encoding="utf-8")
    assert NOTICE in english
    # The stale section links to the same section of the Chinese page.
    assert '<a href="../#开通虚拟卡" hreflang="zh"><em>Open a virtual card</em></a>.' in english
    assert english.index(NOTICE) < english.index('id="overview"')
    assert NOTICE not in (tmp_path / "out/index.html").read_text(encoding="utf-8")


def test_a_whitespace_only_edit_gets_no_notice(project: Path, tmp_path: Path) -> None:
    zh = project / "docs/zh/index.md"
    text = zh.read_text(encoding="utf-8")
    zh.write_text(text.replace("几分钟即可使用", "几分钟 即可使用  "), encoding="utf-8")
    result = build(tmp_path / "out", project=project)
    assert result.returncode == 0, result.stderr
    assert NOTICE not in (tmp_path / "out/en/index.html").read_text(encoding="utf-8")

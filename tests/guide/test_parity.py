"""Parity between the two languages, section by section, and the command that reports it."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import check_parity
import pytest
from built import Built
from guide.page import Section, parse_page, read_page
from guide.pages import site_pages
from guide.parity import compare, paired_sections, summary
from in_process import run_main

ORIGINAL = """# 标题

## 开始

1. 充值 $5，点击 **Add**{ .ui }。
2. 打开 [A](https://example.org/a)。

!!! warning "注意"

    两年，2 个，邀请码 **CODE1**。

## 结束

正文。
"""
TRANSLATION = """# Title

## Start

1. Top up $5, click **Add**{ .ui }.
2. Open [A](https://example.org/a).

!!! warning "Caution"

    2 years, two of them, invite code **CODE1**.

## End

Text.
"""


def differences(translation: str) -> list[str]:
    original = parse_page(ORIGINAL, "zh.md")
    return [str(d) for d in compare(original, parse_page(translation, "en.md"))]


def edited(old: str, new: str) -> str:
    assert old in TRANSLATION
    return TRANSLATION.replace(old, new, 1)


def test_a_faithful_translation_has_no_differences() -> None:
    assert differences(TRANSLATION) == []


def test_every_page_pair_is_in_parity(built: Built) -> None:
    pairs = built.pages.translated
    assert pairs, "the site has no translated page"
    for pair in pairs:
        assert compare(read_page(pair.original), read_page(pair.translation)) == []


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "## Start",
            "### Start",
            "en.md:3: section 'Start' is level 3, but '开始' (zh.md:3) is level 2",
        ),
        (
            "## End\n",
            "",
            "en.md:13: section '结束' (zh.md:12) has no counterpart: add a level-2 heading",
        ),
        (
            "!!! warning",
            "!!! note",
            "en.md:8: section 'Start' has admonitions [note], the original (zh.md:3) has [warning]",
        ),
        (
            "(https://example.org/a)",
            "(https://example.org/b)",
            "en.md:3: section 'Start' lacks link https://example.org/a (zh.md:6)",
        ),
        ("$5", "$6", "en.md:5: number $6 is not in the original section '开始' (zh.md:3)"),
        ("two of them", "3 of them", "en.md:3: section 'Start' lacks number 2 (zh.md:10)"),
        ("**CODE1**", "**CODE2**", "en.md:3: section 'Start' lacks code CODE1 (zh.md:10)"),
        ("**Add**{ .ui }", "**Plus**{ .ui }", "en.md:3: section 'Start' lacks UI label Add"),
        (
            ".\n2. Open",
            ". Open",
            "en.md:3: section 'Start' has 1 numbered steps, '开始' (zh.md:3) has 2",
        ),
        ('"Caution"', '""', "en.md:8: admonition has no title in its language"),
    ],
)
def test_each_kind_of_difference_is_named_with_file_and_line(
    old: str, new: str, message: str
) -> None:
    found = differences(edited(old, new))
    assert any(line.startswith(message) for line in found), found


def test_a_number_moved_to_another_section_is_a_difference() -> None:
    moved = edited("2 years, ", "").replace("Text.", "Text for 2 years.")
    found = differences(moved)
    assert "en.md:3: section 'Start' lacks number 2 (zh.md:10)" in found
    assert "en.md:14: number 2 is not in the original section '结束' (zh.md:12)" in found


def test_sentence_case_number_words_pass() -> None:
    assert differences(edited("2 years, two of them", "Two years, 2 of them")) == []


# How to change one fact of each kind where the translation writes it.
CHANGES: dict[str, Callable[[str], str]] = {
    "number": lambda text: text.replace(text.strip("$¥€£")[-1], "7" if text[-1] != "7" else "8"),
    "link": lambda url: url.rstrip("/") + "/changed",
    "code": lambda code: code + "X",
}


def facts_of(section: Section) -> dict[str, list[tuple[str, int]]]:
    return {
        "number": [(n.text, n.line) for n in section.numbers if n.text[-1].isdigit()],
        "link": [(x.url, x.line) for x in section.links if x.external],
        "code": [(c.value, c.line) for c in section.codes],
    }


def test_each_fact_changed_on_a_real_translation_fails(built: Built) -> None:
    """Every kind of fact the pages carry, changed where the translation writes it."""
    tried = set()
    for pair in built.pages.translated:
        original, translation = read_page(pair.original), read_page(pair.translation)
        for _, section in paired_sections(original, translation):
            for kind, facts in facts_of(section).items():
                if kind in tried or not facts:
                    continue
                tried.add(kind)
                text, line = facts[0]
                lines = translation.lines[:]
                assert text in lines[line - 1], (kind, text, line)
                lines[line - 1] = lines[line - 1].replace(text, CHANGES[kind](text), 1)
                changed = parse_page("\n".join(lines) + "\n", translation.path)
                found = [str(d) for d in compare(original, changed)]
                where = f"{translation.path}:"
                assert any(f" {kind} " in d and d.startswith(where) for d in found), (kind, found)
    assert tried, "no page carries a number, a link or a code to check"


def test_the_summary_says_one_of_a_kind_in_the_singular() -> None:
    page = parse_page(TRANSLATION, "en.md")
    shown = summary(page).split(", ")
    kinds = {"admonition": page.admonitions, "external link": page.external_links}
    kinds |= {"UI label": page.labels, "section": page.headings}
    for one, items in kinds.items():
        assert (f"{len(items)} {one}" + ("" if len(items) == 1 else "s")) in shown, shown
    assert any(len(items) == 1 for items in kinds.values()), "the page has one of nothing"


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_main(check_parity.main, args, cwd)


def test_command_passes_on_the_repository(root: Path) -> None:
    result = run_cli(cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    for pair in site_pages(root).translated:
        shown = [p.relative_to(root).as_posix() for p in (pair.translation, pair.original)]
        assert f"{shown[0]} matches {shown[1]}" in result.stdout


def test_command_reports_differences_and_exits_1(root: Path, tmp_path: Path) -> None:
    zh, en = tmp_path / "zh.md", tmp_path / "en.md"
    zh.write_text(ORIGINAL, encoding="utf-8")
    en.write_text(edited("$5", "$7"), encoding="utf-8")
    result = run_cli(str(zh), str(en), cwd=root)
    assert result.returncode == 1
    assert "en.md:5: number $7 is not in the original section" in result.stdout


def test_command_names_an_unreadable_file_without_a_traceback(root: Path, tmp_path: Path) -> None:
    result = run_cli(str(tmp_path / "missing.md"), "docs/en/index.md", cwd=root)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error: ") and "missing.md" in result.stderr
    assert "Traceback" not in result.stderr

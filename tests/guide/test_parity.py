"""Parity between the two languages, section by section, and the command that reports it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from guide.page import parse_page, read_page
from guide.parity import compare

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


def test_the_real_pages_are_in_parity(root: Path) -> None:
    zh, en = read_page(root / "docs/zh/index.md"), read_page(root / "docs/en/index.md")
    assert compare(zh, en) == []


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


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("**ACCPAY**", "**ACCPAX**", "lacks code ACCPAY"),
        ("$9.99/year", "$9.90/year", "lacks number $9.99"),
        ("verify 2 API keys", "verify 3 API keys", "lacks number 2"),
        ("[Usage page](https://platform.openai.com/usage)", "Usage page", "lacks link"),
    ],
)
def test_a_changed_fact_on_the_real_english_page_fails(
    root: Path, old: str, new: str, needle: str
) -> None:
    en = (root / "docs/en/index.md").read_text(encoding="utf-8")
    assert old in en
    found = compare(
        read_page(root / "docs/zh/index.md"), parse_page(en.replace(old, new), "docs/en/index.md")
    )
    assert any(needle in str(d) and str(d).startswith("docs/en/index.md:") for d in found), found


@pytest.mark.parametrize(
    ("old", "new"), [("verify 2 API keys", "verify two API keys"), ("2 years is", "Two years is")]
)
def test_a_number_written_as_a_word_passes(root: Path, old: str, new: str) -> None:
    en = (root / "docs/en/index.md").read_text(encoding="utf-8")
    assert old in en
    page = parse_page(en.replace(old, new), "docs/en/index.md")
    assert compare(read_page(root / "docs/zh/index.md"), page) == []


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    script = cwd / "scripts/check_parity.py"
    return subprocess.run(
        [sys.executable, str(script), *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_command_passes_on_the_repository(root: Path) -> None:
    result = run_cli(cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "docs/en/index.md matches docs/zh/index.md" in result.stdout


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

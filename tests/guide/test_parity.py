"""Parity between the two languages, and the command that reports it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from guide.parity import compare
from guide.structure import extract, read_guide

ORIGINAL = """# 标题

## 一

1. 充值 $5。
2. 打开 [A](https://example.org/a)。

!!! warning "注意"

    两年，2 个。
"""


def translated(**changes: str) -> str:
    text = """# Title

## One

1. Top up $5.
2. Open [A](https://example.org/a).

!!! warning "Caution"

    2 years, 2 of them.
"""
    for old, new in changes.items():
        text = text.replace(old.replace("_", " "), new)
    return text


def differences(translation: str) -> list[str]:
    return compare(extract(ORIGINAL, "zh.md"), extract(translation, "en.md"))


def test_a_faithful_translation_has_no_differences() -> None:
    assert differences(translated()) == []


def test_the_real_pages_are_in_parity(root: Path) -> None:
    zh, en = read_guide(root / "docs/zh/index.md"), read_guide(root / "docs/en/index.md")
    assert compare(zh, en) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"## One": "### One"},
            "heading 2 'One' (en.md:3) is level 3, but '一' (zh.md:3) is level 2",
        ),
        (
            {"## One": "One"},
            "heading 2 is missing: add a level-2 heading for '一' (zh.md:3) to en.md",
        ),
        (
            {"!!! warning": "!!! note"},
            "admonition 1 (en.md:8) is 'note', but the original (zh.md:8) is 'warning'",
        ),
        (
            {"https://example.org/a": "https://example.org/b"},
            "link https://example.org/a (zh.md:6) is missing from en.md",
        ),
        ({"$5": "$6"}, "money amount $5 appears 0 times in en.md but once in zh.md"),
        ({"2 of them": "3 of them"}, "number 3 (en.md:10) does not appear in zh.md"),
        ({"2._Open": "- Open"}, "section 'One' (en.md:3) has 1 numbered steps, '一' has 2"),
    ],
)
def test_each_kind_of_difference_is_named_for_the_translator(
    change: dict[str, str], message: str
) -> None:
    text = translated()
    for old, new in change.items():
        text = text.replace(old.replace("_", " "), new)
    assert message in differences(text)


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    script = cwd / "scripts/check_parity.py"
    return subprocess.run(
        [sys.executable, str(script), *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_command_passes_on_the_repository(root: Path) -> None:
    result = run_cli(cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "matches" in result.stdout


def test_command_reports_differences_and_exits_1(root: Path, tmp_path: Path) -> None:
    zh, en = tmp_path / "zh.md", tmp_path / "en.md"
    zh.write_text(ORIGINAL, encoding="utf-8")
    en.write_text(translated(**{"$5": "$7"}), encoding="utf-8")
    result = run_cli(str(zh), str(en), cwd=root)
    assert result.returncode == 1
    assert "money amount $7 appears once" in result.stdout


def test_command_names_an_unreadable_file_without_a_traceback(root: Path, tmp_path: Path) -> None:
    result = run_cli(str(tmp_path / "missing.md"), "docs/en/index.md", cwd=root)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error: ") and "missing.md" in result.stderr
    assert "Traceback" not in result.stderr

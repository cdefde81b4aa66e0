"""Torn and duplicate heading ids fail the strict build, naming the file and the line.

The pages are the test's own, written into a copy of the project the way the
README adds a page (both languages, the translation record, a nav line).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from copies import line_of
from guide.page_pairs import add_pairs, copy_build_inputs
from site_build import build_here

PAGE = "ids.md"
ZH = """# 编号

## 第一节 { #first }

正文。

## 第二节

正文。

## 第三节

正文。
"""
EN = """# Ids { #ids }

## Section one { #first }

Text.

## Section two { #section-two }

Text.

## Section three { #section-three }

Text.
"""
TORN = ("## Section two { #section-two }", "## Section two { #section-two")
DOUBLED = ("## 第三节", "## 第三节 { #first }")
MOVED = ("## Section three { #section-three }", "## Section three { #third }")
THEMES = ("# Ids { #ids }", "# Ids { #__drawer }")  # an id Material gives its menu drawer


def build_with(tmp_path: Path, *edits: tuple[str, str, str]) -> tuple[Path, str]:
    """A copy with the page pair, then ``(language, old, new)`` edits; the build's output."""
    project = copy_build_inputs(tmp_path / "project")
    add_pairs(project, {PAGE: (ZH, EN)})
    for language, old, new in edits:
        path = project / "docs" / language / PAGE
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    result = build_here(project / "site", project=project)
    return project, result.stderr if result.returncode else ""


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One build with three mistakes in the translation: each is reported on its own."""
    edits = [("en", *TORN), ("en", *MOVED), ("en", *THEMES)]
    return build_with(tmp_path_factory.mktemp("broken"), *edits)


def warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("WARNING -  heading_ids: ")]


def test_the_pages_as_written_build_clean(tmp_path: Path) -> None:
    _, output = build_with(tmp_path)
    assert output == ""


def test_braces_left_in_a_heading_fail_with_file_and_line(broken: tuple[Path, str]) -> None:
    project, output = broken
    line = line_of(project / "docs/en" / PAGE, TORN[1])
    assert any(
        f"docs/en/{PAGE}:{line}: heading 'Section two {{ #section-two' shows attribute-list "
        "braces" in warning
        for warning in warnings(output)
    ), output


def test_two_equal_ids_on_a_page_fail_at_the_second(tmp_path: Path) -> None:
    project, output = build_with(tmp_path, ("zh", *DOUBLED))
    line = line_of(project / "docs/zh" / PAGE, DOUBLED[1])
    assert (
        f"WARNING -  heading_ids: docs/zh/{PAGE}:{line}: the id 'first' is on 2 elements of "
        "the page: links to it reach only the first; give each its own id"
    ) in output.splitlines(), output


def test_a_heading_off_the_id_its_record_pairs_fails(broken: tuple[Path, str]) -> None:
    project, output = broken
    line = line_of(project / "docs/en" / PAGE, MOVED[1])
    expected = (
        f"docs/en/{PAGE}:{line}: the heading for '第三节' has the id 'third', but its "
        "translation record pairs it with '#section-three'"
    )
    assert any(expected in warning for warning in warnings(output)), output
    # The torn heading moved off its recorded id too, and is named at its own line.
    torn = line_of(project / "docs/en" / PAGE, TORN[1])
    assert any(f"docs/en/{PAGE}:{torn}: the heading for '第二节'" in w for w in warnings(output))


def test_a_heading_may_not_take_an_id_of_the_theme(broken: tuple[Path, str]) -> None:
    project, output = broken
    line = line_of(project / "docs/en" / PAGE, THEMES[1])
    expected = f"docs/en/{PAGE}:{line}: the heading id '__drawer' is also an id of the theme's"
    assert any(expected in warning for warning in warnings(output)), output


def test_a_section_translated_but_not_yet_recorded_builds(tmp_path: Path) -> None:
    """The README translates, then checks parity, then records: the build holds in between."""
    added = ("## 第三节", "## 新的一节\n\n新的内容。\n\n## 第三节")
    translated = (
        "## Section three",
        "## A new section { #a-new-section }\n\nNew text.\n\n## Section three",
    )
    _, output = build_with(tmp_path, ("zh", *added), ("en", *translated))
    assert output == ""

"""The strict build: it passes as committed, and fails on a broken internal link."""

from __future__ import annotations

from pathlib import Path

from site_build import build_here

LANGUAGE_PAGES = ("index.html", "en/index.html")


def test_strict_build_writes_both_languages(site: Path) -> None:
    for page in LANGUAGE_PAGES:
        assert (site / page).is_file(), page


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_broken_anchor_fails_and_names_the_file(project_copy: Path, tmp_path: Path) -> None:
    append(project_copy / "docs/en/index.md", "\nSee [the overview](#no-such-section).\n")
    result = build_here(tmp_path / "out", project=project_copy)
    assert result.returncode != 0
    assert "en/index.md" in result.stderr
    assert "no-such-section" in result.stderr


def test_link_to_a_missing_page_fails(project_copy: Path, tmp_path: Path) -> None:
    append(project_copy / "docs/zh/index.md", "\n[不存在的页面](missing.md)\n")
    result = build_here(tmp_path / "out", project=project_copy)
    assert result.returncode != 0
    assert "missing.md" in result.stderr

"""The strict build: it passes as committed, and fails on a broken internal link."""

from __future__ import annotations

import subprocess
from pathlib import Path

from built import Built
from site_build import build_here


def test_the_build_writes_every_page_and_no_other(built: Built) -> None:
    expected = {page.url for page in built.every_page()}
    written = {
        path.parent.relative_to(built.site).as_posix().removeprefix(".") + "/"
        for path in built.site.rglob("index.html")
    }
    assert {url.removeprefix("/") for url in written} == expected


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


def test_the_command_and_the_in_process_build_write_the_same_files(
    site: Path, command_build: subprocess.CompletedProcess[str]
) -> None:
    """The tests build in-process (build_here); the maintainer and CI run the command."""
    assert command_build.returncode == 0, command_build.stderr
    cli = Path(command_build.args[-1])
    in_process = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    command = {p.relative_to(cli): p.read_bytes() for p in cli.rglob("*") if p.is_file()}
    assert sorted(command) == sorted(in_process)
    assert [name for name in command if command[name] != in_process[name]] == []

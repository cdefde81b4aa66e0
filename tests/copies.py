"""Copies of the project for tests that change it, and pages of the tests' own.

A test that needs a particular fact writes it on a page of its own in a copy,
so no test depends on today's wording of the guide:

- ``copy_working_tree``: what a commit of the work tree would hold (tracked
  files and new files that are not ignored), for tests that run the project's
  commands the way a maintainer does;
- ``copy_build_inputs``: what the build and the tools read (mkdocs.yml, docs/,
  overrides/, scripts/), for tests that only build or check;
- ``write_pair``: a page in both languages, with its translation record, as
  the README's "Adding a page" makes it; ``add_to_nav`` lists it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from guide.freshness import new_record
from guide.page import parse_page
from guide.record import record_block, with_record

ROOT = Path(__file__).resolve().parent.parent
BUILD_INPUTS = ("mkdocs.yml", "docs", "overrides", "scripts")
IGNORED = shutil.ignore_patterns("__pycache__")
NAV = re.compile(r"^nav:\n(?:  - .*\n)+", re.MULTILINE)


def project_files(root: Path = ROOT) -> list[str]:
    """What a commit of the work tree would hold, relative to ``root``."""
    if shutil.which("git") is None or not (root / ".git").exists():
        pytest.skip("needs git and a git checkout of the project to know its files")
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return [name for name in listing.stdout.split("\0") if name]


def copy_working_tree(target: Path, root: Path = ROOT) -> Path:
    for name in project_files(root):
        source = root / name
        if source.is_file():  # a tracked file deleted in the work tree is not copied
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def copy_build_inputs(target: Path, root: Path = ROOT) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for part in BUILD_INPUTS:
        source = root / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=IGNORED)
        else:
            shutil.copy2(source, target / part)
    return target


def write_pair(project: Path, name: str, original: str, translation: str) -> None:
    """``docs/zh/<name>`` and ``docs/en/<name>``, the translation with its record."""
    zh, en = project / "docs/zh" / name, project / "docs/en" / name
    for path, text in ((zh, original), (en, translation)):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    shown = zh.relative_to(project).as_posix()
    record = new_record(shown, parse_page(original, zh), parse_page(translation, en))
    en.write_text(with_record(translation, record_block(record)), encoding="utf-8")


def add_to_nav(project: Path, name: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    nav = NAV.search(text)
    assert nav, "mkdocs.yml has no nav list"
    config.write_text(text[: nav.end()] + f"  - {name}\n" + text[nav.end() :], encoding="utf-8")


def line_of(path: Path, text: str, occurrence: int = 1) -> int:
    """The 1-based line of the n-th line of ``path`` that holds ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [number for number, line in enumerate(lines, 1) if text in line]
    assert len(found) >= occurrence, f"{path} has no line {occurrence} with {text!r}"
    return found[occurrence - 1]

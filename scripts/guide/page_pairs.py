"""A copy of the project, and page pairs added to it the way the README says.

Each pair is two files (the original in the default language's folder, the
translation in the other's: ``docs/zh/NAME``, ``docs/en/NAME``) and a line
under ``nav:`` in mkdocs.yml; then the translation's record says what it
covers, as ``translation_freshness.py --update`` writes it. The search
benchmark (scripts/bench_search.py) grows the site with it, and tests build
the pages they need with it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from guide.freshness import new_record
from guide.page import parse_page
from guide.pages import site_pages
from guide.record import record_block, with_record

ROOT = Path(__file__).resolve().parents[2]
# What a build and the tools read.
BUILD_INPUTS = ("mkdocs.yml", "docs", "overrides", "scripts")
NAV = re.compile(r"^nav:\n(?:  - .*\n)+", re.MULTILINE)


class PagePairError(RuntimeError):
    """The copy could not be grown: the message says why, in one line."""


def copy_build_inputs(into: Path, root: Path = ROOT) -> Path:
    """A copy of what the build and the tools read, in ``into``."""
    into.mkdir(parents=True, exist_ok=True)
    for part in BUILD_INPUTS:
        source = root / part
        if source.is_dir():
            shutil.copytree(source, into / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, into / part)
    return into


def add_to_nav(project: Path, *names: str) -> None:
    """``- NAME`` under ``nav:`` in the project's mkdocs.yml, after the pages it lists."""
    config_file = project / "mkdocs.yml"
    config = config_file.read_text(encoding="utf-8")
    nav = NAV.search(config)
    if nav is None:
        raise PagePairError(f"{config_file}: no nav list to add pages to")
    lines = "".join(f"  - {name}\n" for name in names)
    config_file.write_text(config[: nav.end()] + lines + config[nav.end() :], encoding="utf-8")


def write_pair(project: Path, name: str, original: str, translation: str) -> None:
    """The two files of a page, the translation with its record (the nav is not touched)."""
    languages = site_pages(project).languages
    zh = next(language.folder for language in languages if language.default) / name
    en = next(language.folder for language in languages if not language.default) / name
    for path in (zh, en):
        path.parent.mkdir(parents=True, exist_ok=True)
    zh.write_text(original, encoding="utf-8")
    shown = zh.relative_to(project).as_posix()
    record = new_record(shown, parse_page(original, zh), parse_page(translation, en))
    en.write_text(with_record(translation, record_block(record)), encoding="utf-8")


def add_pairs(project: Path, pairs: dict[str, tuple[str, str]]) -> None:
    """Add each NAME: (original, translation) to the project, the nav and the record."""
    add_to_nav(project, *pairs)
    for name, (original, translation) in pairs.items():
        write_pair(project, name, original, translation)

"""A copy of the project with page pairs added the way the README says.

Each pair is two files (the original in the default language's folder, the
translation in the other's: ``docs/zh/NAME``, ``docs/en/NAME``) and a line
under ``nav:`` in mkdocs.yml; then ``translation_freshness.py --update``
records what each translation covers. The search benchmark
(scripts/bench_search.py) grows the site with it, and the search tests add
the page they need.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from guide.pages import site_pages

ROOT = Path(__file__).resolve().parents[2]
PARTS = ("docs", "overrides", "scripts")  # what a build and the recording need
NAV = re.compile(r"^nav:\n(?:  - .*\n)+", re.MULTILINE)


class PagePairError(RuntimeError):
    """The copy could not be grown: the message says why, in one line."""


def project_copy(into: Path, root: Path = ROOT) -> Path:
    """A copy of the project's build inputs and tools in ``into`` (which must not exist)."""
    for part in PARTS:
        shutil.copytree(root / part, into / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(root / "mkdocs.yml", into / "mkdocs.yml")
    return into


def add_pairs(project: Path, pairs: dict[str, tuple[str, str]]) -> None:
    """Add each NAME: (original, translation) to the project, the nav and the record."""
    config_file = project / "mkdocs.yml"
    config = config_file.read_text(encoding="utf-8")
    nav = NAV.search(config)
    if nav is None:
        raise PagePairError(f"{config_file}: no nav list to add pages to")
    lines = "".join(f"  - {name}\n" for name in pairs)
    config_file.write_text(config[: nav.end()] + lines + config[nav.end() :], encoding="utf-8")
    languages = site_pages(project).languages
    original_folder = next(language.folder for language in languages if language.default)
    translation_folder = next(language.folder for language in languages if not language.default)
    for name, (original, translation) in pairs.items():
        (original_folder / name).write_text(original, encoding="utf-8")
        (translation_folder / name).write_text(translation, encoding="utf-8")
    record = [sys.executable, "scripts/translation_freshness.py", "--update"]
    record += [(translation_folder / name).relative_to(project).as_posix() for name in pairs]
    result = subprocess.run(record, cwd=project, capture_output=True, text=True, check=False)
    if result.returncode:
        last = (result.stdout + result.stderr).strip().splitlines()[-1:]
        raise PagePairError(f"translation_freshness.py --update failed: {''.join(last)}")

"""Copies of the whole work tree, for tests that run the project's commands as a maintainer does.

``copy_working_tree`` holds what a commit of the work tree would hold (tracked
files and new files that are not ignored). A test that only builds or checks
copies the build inputs and writes pages of its own with ``guide.page_pairs``
(``copy_build_inputs``, ``add_pairs``, ``write_pair``, ``add_to_nav``), so no
test depends on today's wording of the guide.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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


def line_of(path: Path, text: str, occurrence: int = 1) -> int:
    """The 1-based line of the n-th line of ``path`` that holds ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [number for number, line in enumerate(lines, 1) if text in line]
    assert len(found) >= occurrence, f"{path} has no line {occurrence} with {text!r}"
    return found[occurrence - 1]

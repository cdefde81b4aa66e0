"""Fixtures shared by every test: the repository root and one strict build of the site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from site_build import build

ROOT = Path(__file__).resolve().parent.parent
# What a build needs; copied when a test edits the project.
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once, strictly, with the default local site_url."""
    site_dir = tmp_path_factory.mktemp("site")
    result = build(site_dir)
    assert result.returncode == 0, f"strict build failed:\n{result.stderr}"
    return site_dir


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throwaway copy of the project's build inputs, for tests that break them."""
    copy = tmp_path / "project"
    copy.mkdir()
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, copy / part)
    return copy

"""Fixtures shared by every test: the repository root and one strict build of the site."""

from __future__ import annotations

from pathlib import Path

import pytest
from copies import copy_build_inputs
from site_build import build_here

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once, strictly, with the default local site_url."""
    site_dir = tmp_path_factory.mktemp("site")
    result = build_here(site_dir)
    assert result.returncode == 0, f"strict build failed:\n{result.stderr}"
    return site_dir


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throwaway copy of what the build and the tools read, for tests that break it."""
    return copy_build_inputs(tmp_path / "project")

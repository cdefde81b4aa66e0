"""Fixtures shared by every test: the repository root and one strict build of the site."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from built import Built
from copies import copy_build_inputs
from replay import REPLAYS, Replay
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


@pytest.fixture(scope="session")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Replay]:
    """A README workflow replayed on a copy of the working tree, once per session."""
    done: dict[str, Replay] = {}

    def replay(name: str) -> Replay:
        if name not in done:
            done[name] = REPLAYS[name](tmp_path_factory.mktemp(name))
        return done[name]

    return replay


@pytest.fixture(scope="session", params=["repository", *REPLAYS])
def built(request: pytest.FixtureRequest, replayed: Callable[[str], Replay]) -> Built:
    """The repository's site, and the site of each README workflow replayed on a copy."""
    if request.param == "repository":
        return Built("repository", ROOT, request.getfixturevalue("site"))
    replay = replayed(request.param)
    assert replay.tested, f"{replay.name}: the README workflow never reaches its test command"
    return Built(request.param, replay.root, replay.site)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests of one built project share a worker, so each README replay runs once."""
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "built" in params:
            item.add_marker(pytest.mark.xdist_group(f"built-{params['built']}"))

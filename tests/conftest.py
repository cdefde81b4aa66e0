"""Fixtures shared by every test: the repository root and one strict build of the site."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from built import Built
from guide.page_pairs import copy_build_inputs
from once import once_per_run
from replay import REPLAYS, Replay
from run_collection import COLLECTED
from site_build import build_here

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    """Give SIGINT back its default where the run started in the background.

    A shell ignores SIGINT for what it starts with ``&``, and every child
    inherits that: tests that stop a command as a terminal's Ctrl-C does
    would then wait on a child that cannot hear it. A Python handler is reset
    to the default in each child a test starts.
    """
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    config.stash[COLLECTED] = [item.nodeid for item in items]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once per run (shared by the workers), strictly, with the default site_url."""
    return once_per_run(tmp_path_factory, "site", build_site)


def build_site(folder: Path) -> Path:
    result = build_here(folder)
    assert result.returncode == 0, f"strict build failed:\n{result.stderr}"
    return folder


@pytest.fixture(scope="session")
def command_build(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """The site built by the maintainer's command, ``dev.py build``, once per run (shared).

    The command is ``args``, with the site folder last; ``stdout`` and ``stderr``
    are what it printed.
    """
    return once_per_run(tmp_path_factory, "command-build", build_with_dev_py)


def build_with_dev_py(folder: Path) -> subprocess.CompletedProcess[str]:
    command = ["python3", "scripts/dev.py", "build", "--site-dir", str(folder / "site")]
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=300
    )


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throwaway copy of what the build and the tools read, for tests that break it."""
    return copy_build_inputs(tmp_path / "project")


@pytest.fixture(scope="session")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Replay]:
    """A README workflow replayed on a copy of the working tree, once per run."""

    def replay(name: str) -> Replay:
        return once_per_run(tmp_path_factory, name, REPLAYS[name])

    return replay


@pytest.fixture(scope="session", params=["repository", *REPLAYS])
def built(request: pytest.FixtureRequest, replayed: Callable[[str], Replay]) -> Built:
    """The repository's site, and the site of each README workflow replayed on a copy."""
    if request.param == "repository":
        return Built("repository", ROOT, request.getfixturevalue("site"))
    replay = replayed(request.param)
    assert replay.tested, f"{replay.name}: the README workflow never reaches its test command"
    return Built(request.param, replay.root, replay.site)

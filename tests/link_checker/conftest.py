"""Fixtures for the link checker's tests: the loopback stand-in, quick checks, and the
guard that keeps every test's traffic on loopback.

The stand-in itself lives in ``link_standin.py`` (a uniquely named module, so
that tests elsewhere in the repo can have their own ``conftest.py``); the guard
in ``loopback_only/``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from guide.model import Location
from link_checker.config import load_config
from link_checker.extract import default_files, extract
from link_checker.models import Link, Result
from link_checker.runner import Options, Report, run
from link_checker.urls import host_of
from link_standin import FAST_CONFIG, FAST_TABLE, StandIn
from loopback_only import loopback_guard

GUARD_FOLDER = Path(__file__).parent / "loopback_only"


@pytest.fixture(autouse=True)
def loopback_only(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """Every test here, and every process it starts, reaches loopback only.

    Tests marked ``network`` are the exception: they are about the internet.
    """
    if request.node.get_closest_marker("network"):
        yield
        return
    inherited = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(GUARD_FOLDER), *inherited]))
    loopback_guard.turn(True)
    try:
        yield
    finally:
        loopback_guard.turn(False)


@pytest.fixture(scope="session")
def standin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StandIn]:
    """The stand-in web, also standing in for every host the guide links to."""
    config = load_config()
    pages = extract(default_files(config.root, config.paths))
    server = StandIn(tmp_path_factory.mktemp("standin"), [host_of(url) for url in pages.links])
    server.start()
    yield server
    server.stop()


@pytest.fixture
def check(standin: StandIn):
    """Check URLs against the stand-in; returns the ``Report``.

    ``canary=False`` leaves the canary unresolvable: the network looks down.
    """

    def run_check(
        *urls: str,
        canary: bool = True,
        unresolvable: Sequence[str] = (),
        strict: bool = False,
        **changes: object,
    ) -> Report:
        config = replace(FAST_CONFIG, **changes)
        options = Options(
            ca_file=standin.ca_path,
            overrides=standin.overrides(canary=canary, unresolvable=unresolvable),
            strict=strict,
        )
        links = [Link(url, [Location("page.md", line)]) for line, url in enumerate(urls, 1)]
        return run(links, config, options)

    return run_check


@pytest.fixture
def check_one(check):
    """Check one URL; returns its ``Result``."""

    def run_one(url: str, **kwargs: object) -> Result:
        (result,) = check(url, **kwargs).results
        return result

    return run_one


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A folder with a fast config, used as the working directory."""
    (tmp_path / "pyproject.toml").write_text(FAST_TABLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path

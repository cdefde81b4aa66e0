"""Fixtures for the maintainer's path: a fresh checkout of the project (see checkout.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from checkout import run_in
from copies import copy_working_tree
from dev import BIN, find_uv
from once import once_per_run


@pytest.fixture(scope="session")
def fresh_checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's files in a new folder, set up by its own first command.

    Set up once per run and shared by the workers: the tests only read it.
    """
    return once_per_run(tmp_path_factory, "fresh-checkout", set_up_checkout)


def set_up_checkout(folder: Path) -> Path:
    checkout = copy_working_tree(folder / "project")
    # Installing uv (pip, from PyPI) is the one setup step that needs the
    # network: the checkout gets this machine's pinned uv instead.
    uv = Path(find_uv())
    (checkout / ".uv" / BIN).mkdir(parents=True)
    (checkout / ".uv" / BIN / uv.name).symlink_to(uv)
    setup = run_in(checkout, ["python3", "scripts/dev.py", "run", "python", "--version"])
    assert setup.returncode == 0, f"setup failed:\n{setup.stdout}{setup.stderr}"
    return checkout

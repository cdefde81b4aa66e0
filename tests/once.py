"""Work shared by the xdist workers of one test run: done by the first that asks."""

from __future__ import annotations

import fcntl
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")


def once_per_run(factory: pytest.TempPathFactory, key: str, make: Callable[[Path], T]) -> T:
    """``make(folder)`` once per test run, whichever xdist worker asks first; the others
    wait for it and share its (pickled) result."""
    shared = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each worker's own
    folder = shared / f"once-{key}"
    folder.mkdir(exist_ok=True)
    done, failed = folder / "result.pickle", folder / "failed.txt"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if failed.exists():
            pytest.fail(failed.read_text(encoding="utf-8"), pytrace=False)
        if not done.exists():
            try:
                done.write_bytes(pickle.dumps(make(folder / "work")))
            except BaseException as error:
                failed.write_text(f"{key} failed in another test:\n{error}", encoding="utf-8")
                raise
        return pickle.loads(done.read_bytes())

"""One sentence, not a traceback, when a command runs outside the project's environment.

Every command in ``scripts/`` imports this module before anything else (ruff's
import sorting keeps it first: ``[tool.ruff.lint.isort]`` in pyproject.toml).
When the command then fails to import a library that ``scripts/dev.py``
installs into ``.venv/`` (markdown, yaml, aiohttp, ...), the reader gets the
command to run instead of a traceback, and exit code 2 as for any usage error::

    error: scripts/check_parity.py needs the project's environment (no module
    named 'markdown'); run: python3 scripts/dev.py run python scripts/check_parity.py

Imported as a module (by the tests, say), it changes nothing. Standard library
only: it must work where nothing else is installed.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from types import TracebackType

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
USAGE_ERROR = 2


def run_hint(argv: list[str]) -> str:
    """The same command, through dev.py, from the repository root."""
    script = Path(argv[0]).resolve()
    try:
        shown = script.relative_to(ROOT).as_posix()
    except ValueError:
        shown = argv[0]
    return shlex.join(["python3", "scripts/dev.py", "run", "python", shown, *argv[1:]])


def missing_library(error: BaseException) -> str | None:
    """The top-level name of a library that is not installed, if that is what ``error`` is."""
    if not isinstance(error, ModuleNotFoundError) or not error.name:
        return None
    top = error.name.split(".")[0]
    return None if top in sys.stdlib_module_names else top


def explain(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    name = missing_library(error)
    if name is None:
        sys.__excepthook__(kind, error, trace)
        return
    script = Path(sys.argv[0]).name
    print(
        f"error: scripts/{script} needs the project's environment (no module named "
        f"{name!r}); run: {run_hint(sys.argv)}",
        file=sys.stderr,
    )
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(USAGE_ERROR)  # an excepthook cannot set the exit code any other way


def started_as_command() -> bool:
    main = getattr(sys.modules.get("__main__"), "__file__", None)
    return main is not None and Path(main).resolve().parent == SCRIPTS


if started_as_command():
    sys.excepthook = explain

"""A command started outside the project's environment says how to run it, in one sentence.

Each command in scripts/ runs with only the standard library (``python -S``: no
site-packages), the way ``python3 scripts/x.py`` runs on a machine where
nothing is installed. It either needs nothing more for ``--help``, or stops
with exit 2 and one line that names the command to run instead; that command,
copied as printed, then works.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Not commands: dev.py sets the environment up, project_env.py is the guard itself.
NOT_COMMANDS = {"dev.py", "project_env.py"}
COMMANDS = sorted(p.name for p in (ROOT / "scripts").glob("*.py") if p.name not in NOT_COMMANDS)
HINT = "run: "


def bare(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The command under a Python that has only its standard library."""
    return subprocess.run(
        [sys.executable, "-S", f"scripts/{script}", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


@pytest.mark.parametrize("script", COMMANDS)
def test_outside_the_environment_a_command_is_help_or_one_sentence(script: str) -> None:
    result = bare(script, "--help")
    assert "Traceback" not in result.stderr, result.stderr
    if result.returncode == 0:
        assert result.stdout.startswith("usage:") or "Usage:" in result.stdout
        return
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: scripts/{script} needs the project's environment (no module")
    assert line.endswith(f"{HINT}python3 scripts/dev.py run python scripts/{script} --help")


def test_the_command_it_prints_runs_as_printed() -> None:
    stopped = bare("check_parity.py", "--help")
    assert stopped.returncode == 2, stopped.stderr
    printed = stopped.stderr.strip().split(HINT, 1)[1]
    result = subprocess.run(
        shlex.split(printed), cwd=ROOT, capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "check_parity.py" in result.stdout


def test_imported_as_a_module_it_leaves_the_excepthook_alone() -> None:
    import project_env

    assert not project_env.started_as_command()
    assert sys.excepthook is not project_env.explain

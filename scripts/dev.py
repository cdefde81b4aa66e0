"""Set up and run the project with nothing but Python >= 3.11 on the machine.

usage: python3 scripts/dev.py COMMAND [ARGS...]

commands:
  serve          the site at http://127.0.0.1:8000/ with live reload (mkdocs serve)
  test           every test that needs no browser, in parallel (pytest; its
                 arguments may follow)
  test --all     every test, the browser tests in Chromium included (what CI runs)
  build          the strict build into site/ (mkdocs build --strict)
  run CMD ...    any command in the project's environment, e.g.
                   python3 scripts/dev.py run python scripts/check_parity.py
  uv ARGS ...    the project's pinned uv itself, e.g. `uv lock`; nothing is synced first

Every command but `uv` first brings .venv/ in line with uv.lock. The first run
installs uv (pinned) into .uv/ and the locked dependencies into .venv/; later
runs reuse both. The command then takes this process's place, so Ctrl-C and a
SIGTERM from an IDE or a process manager reach it directly and nothing is left
running. Standard library only: this runs before any dependency is installed.
"""

from __future__ import annotations

import difflib
import os
import shutil
import signal
import subprocess
import sys
import venv
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UV_VERSION = "0.13.9"
BOOTSTRAP = ROOT / ".uv"
ENVIRONMENT = ROOT / ".venv"
BIN = "Scripts" if os.name == "nt" else "bin"
# Tests run in parallel (pytest-xdist): one worker per CPU and one more, as
# many tests spend part of their time waiting on a server, a timeout or a child.
WORKERS = (os.cpu_count() or 1) + 1
EVERY_TEST = ["pytest", "-n", str(WORKERS)]
COMMANDS = {
    "serve": ["mkdocs", "serve", "--dev-addr", "127.0.0.1:8000", "--livereload"],
    "test": [*EVERY_TEST, "-m", "not browser"],
    "build": ["mkdocs", "build", "--strict"],
    "run": [],
}
# `test --all` drops the marker filter: the browser tests run too.
ALL_TESTS = "--all"
INSTALLING_UV = "installing uv {version} into {folder}/ (once)"
HELP = ("-h", "--help", "help")
USAGE = "usage: python3 scripts/dev.py {serve|test [--all]|build|run CMD...|uv ARGS...} [ARGS...]"
# The signals that stop a process from a terminal, an IDE or a process manager.
FORWARDED = [
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
]


def find_uv() -> str:
    """uv from PATH, or a pinned copy installed once into .uv/."""
    on_path = shutil.which("uv")
    if on_path:
        return on_path
    uv = BOOTSTRAP / BIN / ("uv.exe" if os.name == "nt" else "uv")
    if not uv.exists():
        print(INSTALLING_UV.format(version=UV_VERSION, folder=BOOTSTRAP.name), file=sys.stderr)
        venv.create(BOOTSTRAP, with_pip=True)
        pip = [str(BOOTSTRAP / BIN / "python"), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, f"uv=={UV_VERSION}"], check=True)
    return str(uv)


def environment(uv: str) -> dict[str, str]:
    """What `uv run` would set: the project's .venv first on PATH, then uv itself."""
    path = os.pathsep.join([str(ENVIRONMENT / BIN), str(Path(uv).parent), os.environ["PATH"]])
    env = {**os.environ, "PATH": path, "VIRTUAL_ENV": str(ENVIRONMENT)}
    env.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner (see MAINTAINING.md)
    env.pop("PYTHONHOME", None)
    return env


def run_to_end(command: list[str], env: Mapping[str, str]) -> int:
    """Run a child to its end, passing on the signals that would stop this process."""
    child = subprocess.Popen(command, cwd=ROOT, env=env)
    previous = {sig: signal.signal(sig, lambda sig, _: child.send_signal(sig)) for sig in FORWARDED}
    try:
        return child.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def hand_over(command: list[str], env: Mapping[str, str]) -> int:
    """Replace this process with ``command`` (a child where exec cannot replace it)."""
    program = shutil.which(command[0], path=env["PATH"])
    if program is None:
        print(f"error: {command[0]}: not found in {ENVIRONMENT.name}/ or on PATH", file=sys.stderr)
        return 127
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "nt":
        return run_to_end([program, *command[1:]], env)
    os.chdir(ROOT)
    os.execve(program, [command[0], *command[1:]], env)
    return 0  # not reached


def unknown_command(name: str) -> str:
    """One line naming a command dev.py does not have, and the nearest one it has."""
    known = [*COMMANDS, "uv"]
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"error: unknown command '{name}'{hint} (commands: {', '.join(known)})"


def command_line(argv: list[str]) -> list[str]:
    """The command a dev.py command stands for, with the user's arguments after it."""
    name, args = argv[0], argv[1:]
    if name == "test" and ALL_TESTS in args:
        args = [arg for arg in args if arg != ALL_TESTS]
        return [*EVERY_TEST, *args]
    return [*COMMANDS[name], *args]


def main(argv: list[str]) -> int:
    if argv and argv[0] in HELP:
        print(__doc__.strip())
        return 0
    if not argv:
        print(USAGE, file=sys.stderr)
        return 2
    if argv[0] not in COMMANDS and argv[0] != "uv":
        print(unknown_command(argv[0]), file=sys.stderr)
        return 2
    if argv[0] == "run" and len(argv) == 1:
        print("usage: python3 scripts/dev.py run CMD [ARGS...]", file=sys.stderr)
        return 2
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs before any check of the Python
        print("error: Python 3.11 or newer is needed", file=sys.stderr)
        return 2
    try:
        uv = find_uv()
    except (OSError, subprocess.CalledProcessError) as error:
        print(
            f"error: installing uv {UV_VERSION} into {BOOTSTRAP.name}/ failed ({error})",
            file=sys.stderr,
        )
        return 1
    env = environment(uv)
    if argv[0] == "test":
        # Each xdist worker rewrites the test modules' asserts; a setting that
        # forbids writing bytecode makes every worker redo it (seconds per run).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    if argv[0] == "uv":
        return hand_over([uv, *argv[1:]], env)
    code = run_to_end([uv, "sync", "--locked", "--quiet"], env)
    if code < 0:  # stopped by a signal, passed on to uv above
        return 128 - code
    if code != 0:
        print(f"error: installing dependencies failed (uv exit {code})", file=sys.stderr)
        return 1
    return hand_over(command_line(argv), env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Set up and run the project with nothing but Python >= 3.11 on the machine.

    python3 scripts/dev.py serve    the site at http://127.0.0.1:8000/, live reload
    python3 scripts/dev.py test     every test (pytest arguments may follow)
    python3 scripts/dev.py build    the strict build into site/

The first run installs uv (pinned) into .uv/ and the locked dependencies into
.venv/; later runs reuse both. Standard library only: this runs before them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UV_VERSION = "0.13.9"
BOOTSTRAP = ROOT / ".uv"
COMMANDS = {
    "serve": ["mkdocs", "serve", "--dev-addr", "127.0.0.1:8000", "--livereload"],
    "test": ["pytest"],
    "build": ["mkdocs", "build", "--strict"],
}
USAGE = "usage: python3 scripts/dev.py {serve|test|build} [ARGS...]"


def find_uv() -> str:
    """uv from PATH, or a pinned copy installed once into .uv/."""
    on_path = shutil.which("uv")
    if on_path:
        return on_path
    uv = BOOTSTRAP / "bin" / "uv"
    if not uv.exists():
        print(f"installing uv {UV_VERSION} into {BOOTSTRAP.name}/ (once)", file=sys.stderr)
        venv.create(BOOTSTRAP, with_pip=True)
        pip = [str(BOOTSTRAP / "bin" / "python"), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, f"uv=={UV_VERSION}"], check=True)
    return str(uv)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(USAGE, file=sys.stderr)
        return 2
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs before any check of the Python
        print("error: Python 3.11 or newer is needed", file=sys.stderr)
        return 2
    uv = find_uv()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        subprocess.run([uv, "sync", "--locked", "--quiet"], cwd=ROOT, env=env, check=True)
    except subprocess.CalledProcessError as error:
        print(
            f"error: installing dependencies failed (uv exit {error.returncode})", file=sys.stderr
        )
        return 1
    command = [uv, "run", "--locked", "--no-sync", *COMMANDS[argv[0]], *argv[1:]]
    try:
        return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

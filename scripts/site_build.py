"""Build the site the one way the project builds it: ``mkdocs build --strict``.

Tests, the Lighthouse script and CI share this, so a build means the same
thing everywhere. ``SITE_URL`` sets the published address (see mkdocs.yml).
"""

from __future__ import annotations

import project_env  # noqa: F401 - first: a missing library is one sentence

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def mkdocs_command() -> str:
    """The ``mkdocs`` command of this environment.

    Not ``python -m mkdocs``: run that way, MkDocs logs the warnings it
    catches (DeprecationWarnings from plugins and hooks) to a logger nobody
    listens to, and the build says less than ``mkdocs build`` does.
    """
    found = shutil.which("mkdocs", path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit(
            f"error: no mkdocs next to {sys.executable}: "
            "run python3 scripts/dev.py run python scripts/site_build.py"
        )
    return found


def build(
    site_dir: Path, *, site_url: str | None = None, project: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """Run a strict build of ``project`` into ``site_dir``; never raises on failure."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [mkdocs_command(), "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="site_build.py", description=__doc__.split("\n")[0])
    parser.add_argument("site_dir", nargs="?", type=Path, default=ROOT / "site")
    result = build(parser.parse_args(argv).site_dir)
    sys.stderr.write(result.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Build the site the one way the project builds it: ``mkdocs build --strict``.

Tests, the Lighthouse script and CI share this, so a build means the same
thing everywhere. ``SITE_URL`` sets the published address (see mkdocs.yml).

``build`` runs the ``mkdocs`` command. ``build_here`` runs the very same
build (config, plugins, hooks, strictness) inside this process: the tests
build dozens of copies, and a process that has MkDocs, Material's templates
and jieba's dictionary loaded builds one in about half the time. A test
checks that both give the same files.
"""

from __future__ import annotations

import project_env  # noqa: F401 - first: a missing library is one sentence

import argparse
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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


class _Lines(logging.Handler):
    """MkDocs' log as its command prints it: ``WARNING -  message``."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname:<8}-  {record.getMessage()}")


@contextmanager
def build_environment(site_url: str | None) -> Iterator[None]:
    """The environment a build sees: SITE_URL as given (unset: the config's default)."""
    saved = {name: os.environ.get(name) for name in ("SITE_URL", "NO_MKDOCS_2_WARNING")}
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    if site_url:
        os.environ["SITE_URL"] = site_url
    else:
        os.environ.pop("SITE_URL", None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def build_here(
    site_dir: Path, *, site_url: str | None = None, project: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """``build``, run in this process; the log lines come back as ``stderr``."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    lines, level = _Lines(), logger.level
    logger.addHandler(lines)
    logger.setLevel(logging.INFO)
    code = 0
    try:
        with build_environment(site_url):
            config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
    except MkDocsException as error:
        code = 1
        lines.lines.append(str(error))
    finally:
        logger.removeHandler(lines)
        logger.setLevel(level)
    args = ["mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    return subprocess.CompletedProcess(args, code, "", "\n".join(lines.lines) + "\n")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="site_build.py", description=__doc__.split("\n")[0])
    parser.add_argument("site_dir", nargs="?", type=Path, default=ROOT / "site")
    result = build(parser.parse_args(argv).site_dir)
    sys.stderr.write(result.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Time the bilingual build against a plain one-language build of the same page.

Both builds run here, in one run, alternating, with the same theme, Markdown
extensions and hooks; the plain one drops the i18n plugin and builds only
docs/zh. Prints the median wall time of each and their ratio.

Usage: python3 scripts/dev.py run python scripts/bench_build.py [--runs N]
"""

from __future__ import annotations

import project_env  # noqa: F401 - first: a missing library is one sentence

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N_BLOCK = re.compile(r"^  - i18n:\n(?:^(?:    |\s*$).*\n)*", re.MULTILINE)


def plain_project(workdir: Path) -> Path:
    """A copy of the project that builds only the Chinese page, without static-i18n."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    plain, count = I18N_BLOCK.subn("", config)
    if count != 1:
        raise SystemExit("error: mkdocs.yml: could not find the i18n plugin block to drop")
    project = workdir / "plain"
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(ROOT / "docs/zh", project / "docs")
    shutil.copytree(ROOT / "docs/stylesheets", project / "docs/stylesheets")
    (project / "mkdocs.yml").write_text(plain, encoding="utf-8")
    return project


def timed_build(project: Path, site: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore", "PATH": ""},
    )
    elapsed = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"error: build of {project.name} failed:\n{result.stderr}")
    return elapsed


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="builds of each kind (default 5)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        plain = plain_project(workdir)
        times: dict[str, list[float]] = {"bilingual (zh + en)": [], "plain (zh only)": []}
        timed_build(ROOT, workdir / "warm")  # first run writes jieba's cache
        for _ in range(args.runs):
            times["bilingual (zh + en)"].append(timed_build(ROOT, workdir / "site-both"))
            times["plain (zh only)"].append(timed_build(plain, workdir / "site-plain"))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name:22} median {value:.2f} s over {args.runs} builds")
    both, plain_time = medians.values()
    print(f"ratio bilingual / plain: {both / plain_time:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

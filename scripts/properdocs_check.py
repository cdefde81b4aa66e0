"""Build the site with MkDocs and with ProperDocs, and show they publish the same thing.

Usage: python3 scripts/dev.py run python scripts/properdocs_check.py [--keep DIR] [--summary FILE]

ProperDocs is the maintained fork of MkDocs 1.x that reads mkdocs.yml and runs
the same theme, plugins and hooks (see MAINTAINING.md). It is in the optional
``properdocs`` dependency group:

    python3 scripts/dev.py uv run --locked --group properdocs \
        python scripts/properdocs_check.py

Both engines build strictly from the same environment; then every file is
compared: the same pages, the same heading ids on each page, the same search
indexes, and byte-identical pages otherwise. The only expected difference,
the ``<meta name="generator">`` tag naming the engine, is left out.

Exit 0 when the builds match, 1 when they differ (each difference on one
line), 2 when ProperDocs is missing or a build fails.
"""

from __future__ import annotations

import project_env  # noqa: F401 - first: a missing library is one sentence

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ("mkdocs", "properdocs")
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
HEADINGS = "//h1[@id]|//h2[@id]|//h3[@id]|//h4[@id]|//h5[@id]|//h6[@id]"
SEARCH_INDEX = "search_index.json"


def files(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


def content(path: Path) -> bytes:
    """The file as the reader gets it: gzip unpacked, the engine's generator tag left out."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    if path.suffix == ".html":
        data = GENERATOR.sub(b"", data)
    return data


def heading_ids(data: bytes) -> list[str]:
    return [str(value) for value in lxml_html.fromstring(data).xpath(f"({HEADINGS})/@id")]


def first_difference(a: bytes, b: bytes) -> str:
    lines_a, lines_b = a.splitlines(), b.splitlines()
    for number, (line_a, line_b) in enumerate(zip(lines_a, lines_b, strict=False), start=1):
        if line_a != line_b:
            return f"line {number}: {line_a[:80]!r} against {line_b[:80]!r}"
    return f"{len(lines_a)} lines against {len(lines_b)}"


def compare_search_index(name: str, a: bytes, b: bytes) -> list[str]:
    index_a, index_b = json.loads(a), json.loads(b)
    problems = []
    if index_a.get("config") != index_b.get("config"):
        problems.append(f"{name}: search config differs")
    docs_a = {doc["location"]: doc for doc in index_a.get("docs", [])}
    docs_b = {doc["location"]: doc for doc in index_b.get("docs", [])}
    if set(docs_a) != set(docs_b):
        only = sorted(set(docs_a) ^ set(docs_b))
        problems.append(f"{name}: search entries differ in location: {', '.join(only[:5])}")
    problems += [
        f"{name}: search entry {location!r} differs"
        for location in sorted(set(docs_a) & set(docs_b))
        if docs_a[location] != docs_b[location]
    ]
    return problems


def compare_sites(a: Path, b: Path) -> list[str]:
    """Every way site ``b`` differs from site ``a``, one line each ([] when the same)."""
    files_a, files_b = files(a), files(b)
    problems = [f"{name}: only in {a.name}" for name in sorted(files_a - files_b)]
    problems += [f"{name}: only in {b.name}" for name in sorted(files_b - files_a)]
    for name in sorted(files_a & files_b):
        data_a, data_b = content(a / name), content(b / name)
        if data_a == data_b:
            continue
        if name.endswith(".html") and heading_ids(data_a) != heading_ids(data_b):
            problems.append(f"{name}: heading ids differ")
        elif name.endswith(SEARCH_INDEX):
            problems += compare_search_index(name, data_a, data_b) or [f"{name}: differs"]
        else:
            problems.append(f"{name}: differs at {first_difference(data_a, data_b)}")
    return problems


def build(engine: str, site: Path) -> subprocess.CompletedProcess[str]:
    program = shutil.which(engine, path=str(Path(sys.executable).parent))
    command = [program or engine, "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def summary(problems: list[str], versions: dict[str, str]) -> str:
    engines = " and ".join(f"{engine} {version}" for engine, version in versions.items())
    if not problems:
        return f"### ProperDocs: same site\n\n{engines} built identical sites.\n"
    listed = "\n".join(f"- {problem}" for problem in problems)
    return f"### ProperDocs: {len(problems)} differences\n\n{engines}:\n\n{listed}\n"


def engine_versions() -> dict[str, str]:
    from importlib.metadata import version

    return {engine: version(engine) for engine in ENGINES}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="properdocs_check.py",
        description="Build with MkDocs and with ProperDocs and compare pages, heading ids "
        "and search indexes.",
    )
    parser.add_argument("--keep", type=Path, help="keep both builds in DIR/mkdocs, DIR/properdocs")
    parser.add_argument("--summary", type=Path, help="append a Markdown summary to FILE")
    args = parser.parse_args(argv)
    if shutil.which("properdocs", path=str(Path(sys.executable).parent)) is None:
        print(
            "error: properdocs is not installed here; run this through "
            "`uv run --locked --group properdocs` (see the usage in this file)",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        out = args.keep or Path(scratch)
        for engine in ENGINES:
            result = build(engine, out / engine)
            if result.returncode != 0:
                last = (result.stderr.strip().splitlines() or ["no output"])[-1]
                print(f"error: {engine} build failed: {last}", file=sys.stderr)
                return 2
        problems = compare_sites(out / ENGINES[0], out / ENGINES[1])
    for problem in problems:
        print(problem)
    report = summary(problems, engine_versions())
    print(report.splitlines()[0].removeprefix("### "))
    if args.summary:
        with args.summary.open("a", encoding="utf-8") as file:
            file.write(report)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

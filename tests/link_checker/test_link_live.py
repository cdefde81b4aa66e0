"""The guide's links on the real internet (marked ``network``; skips when offline)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from link_checker.report_json import parse_report

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "check_links.py"
EXIT_UNVERIFIED = 3


@pytest.mark.network
def test_the_guide_links_work_on_the_internet():
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--format", "json", "--no-progress"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=280,
    )
    if done.returncode == EXIT_UNVERIFIED:
        pytest.skip(done.stderr.strip().splitlines()[-1])
    assert done.returncode in (0, 1), done.stderr
    report = parse_report(done.stdout, "the JSON report")
    failures = [
        f"{source}: {link.url} is {link.verdict}: {link.reason}"
        for link in report.links
        if link.verdict == "broken"
        for source in link.sources
    ]
    assert done.returncode == 0, "\n".join(failures)

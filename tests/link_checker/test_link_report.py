"""Formatters: escaping in GitHub annotations and Markdown tables, and the summary."""

from __future__ import annotations

import io

from link_checker.models import FileProblem, Result, Source, Verdict
from link_checker.report import print_text, render_github, render_markdown, summary
from link_checker.runner import Report
from rich.console import Console

ODD_URL = "https://example.org/a|b?x=1%2C2"


def report() -> Report:
    return Report(
        results=[
            Result(
                ODD_URL,
                Verdict.BROKEN,
                "not found (404 Not Found)\nsecond line",
                404,
                ODD_URL,
                [Source("docs/a,b.md", 7)],
            ),
            Result(
                "https://ok.example.org/",
                Verdict.UNVERIFIED,
                "network unavailable (name ok.example.org does not resolve)",
                sources=[Source("docs/x.md", 1)],
            ),
        ],
        problems=[FileProblem("docs/bad.md", 3, "not valid UTF-8 (byte 0xff); file skipped")],
        files=["docs/a,b.md", "docs/x.md", "docs/bad.md"],
        network="unavailable",
        network_detail="no canary is reachable",
    )


def test_github_annotations_escape_their_properties_and_data():
    lines = render_github(report()).splitlines()
    assert lines[0] == (
        "::error file=docs/bad.md,line=3,title=Unreadable file::"
        "not valid UTF-8 (byte 0xff); file skipped"
    )
    assert lines[1] == (
        "::error file=docs/a%2Cb.md,line=7,title=Broken link::https://example.org/a|b?x=1%252C2 "
        "is broken: not found (404 Not Found)%0Asecond line"
    )
    assert lines[2].startswith("::warning file=docs/x.md,line=1,title=Link not verified::")
    assert lines[3] == (
        "::warning title=Network unavailable::"
        "network unavailable: 1 link not verified (no canary is reachable)"
    )


def test_markdown_cells_escape_pipes_and_newlines():
    text = render_markdown(report())
    assert "| **broken** | https://example.org/a\\|b?x=1%2C2 | `docs/a,b.md:7` |" in text
    assert "not found (404 Not Found) second line |" in text
    assert "> **network unavailable: 1 link not verified** (no canary is reachable)" in text


def test_the_summary_counts_every_verdict_and_the_exit_code():
    counts = summary(report())
    assert {k: counts[k] for k in ("total", "ok", "moved", "blocked", "broken", "unverified")} == {
        "total": 2,
        "ok": 0,
        "moved": 0,
        "blocked": 0,
        "broken": 1,
        "unverified": 1,
    }
    assert counts["exit_code"] == 1
    assert counts["network"] == "unavailable"
    assert counts["file_errors"] == [
        {"path": "docs/bad.md", "line": 3, "message": "not valid UTF-8 (byte 0xff); file skipped"}
    ]


def test_the_text_report_ends_with_one_line_per_failing_use():
    buffer = io.StringIO()
    print_text(report(), Console(file=buffer, width=120, no_color=True))
    assert buffer.getvalue().splitlines()[-4:] == [
        "docs/bad.md:3: not valid UTF-8 (byte 0xff); file skipped",
        f"docs/a,b.md:7: {ODD_URL} is broken: not found (404 Not Found) second line",
        "2 links: 1 broken, 1 unverified.",
        "network unavailable: 1 link not verified",
    ]

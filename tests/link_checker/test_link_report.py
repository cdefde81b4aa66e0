"""Formatters: every report is safe to paste, escaping is right, the summary counts.

URLs, reasons and paths come from pages and servers. A carriage return, an
escape sequence or a ``::error::`` in any of them must not reach a terminal,
a Markdown table or a workflow log raw, in any format.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from guide.model import Location, Problem
from link_checker.models import Result, Unverified, Verdict
from link_checker.report import (
    UNSAFE_CHARACTERS,
    print_text,
    printable,
    render_github,
    render_json,
    render_markdown,
    summary,
)
from link_checker.report_json import ReportedLink
from link_checker.runner import Report
from rich.console import Console

ODD_URL = "https://example.org/a|b?x=1%2C2"
# A carriage return that would start a new workflow command, an ANSI colour,
# a C1 control (NEL), a line separator and a bidi override.
PAYLOAD = "x\r::error::injected\x1b[31mred\x85next\u2028line\u202edesrever"
EVIL_URL = f"https://evil.example/{PAYLOAD}"
EVIL_PATH = f"docs/{PAYLOAD}.md"
ANNOTATION = re.compile(r"::(error|warning|notice)( [^:]+)?::")


def report() -> Report:
    return Report(
        results=[
            Result(
                ODD_URL,
                Verdict.BROKEN,
                "not found (404 Not Found)\nsecond line",
                404,
                ODD_URL,
                [Location("docs/a,b.md", 7)],
            ),
            Result(
                "https://ok.example.org/",
                Verdict.UNVERIFIED,
                "network unavailable (name ok.example.org does not resolve)",
                sources=[Location("docs/x.md", 1)],
                unverified_by=Unverified.NETWORK,
            ),
        ],
        problems=[Problem(Location("docs/bad.md", 3), "not valid UTF-8 (byte 0xff); file skipped")],
        files=["docs/a,b.md", "docs/x.md", "docs/bad.md"],
        network="unavailable",
        network_detail="no canary is reachable",
    )


def hostile_report() -> Report:
    """The payload in every field a formatter shows."""
    return Report(
        results=[
            Result(
                EVIL_URL,
                Verdict.BROKEN,
                f"redirect to {PAYLOAD}",
                302,
                EVIL_URL,
                [Location(EVIL_PATH, 4)],
            ),
            Result(
                f"https://gone.example/{PAYLOAD}",
                Verdict.UNVERIFIED,
                f"network unavailable ({PAYLOAD})",
                sources=[Location(EVIL_PATH, 9)],
                unverified_by=Unverified.NETWORK,
            ),
            Result(
                f"https://bug.example/{PAYLOAD}",
                Verdict.UNVERIFIED,
                f"checker error: ValueError: {PAYLOAD}",
                sources=[Location(EVIL_PATH, 12)],
                unverified_by=Unverified.CHECKER_ERROR,
            ),
        ],
        problems=[Problem(Location(EVIL_PATH, 2), f"cannot read {PAYLOAD}")],
        files=[EVIL_PATH],
        network="unavailable",
        network_detail=f"no canary is reachable ({PAYLOAD})",
    )


def text_report(value: Report) -> str:
    buffer = io.StringIO()
    print_text(value, Console(file=buffer, width=200, no_color=True))
    return buffer.getvalue()


FORMATTERS = {
    "text": text_report,
    "json": render_json,
    "markdown": render_markdown,
    "github": render_github,
}


def unsafe_characters(text: str) -> list[str]:
    allowed = {"\n"}
    return [hex(ord(c)) for c in text if ord(c) in UNSAFE_CHARACTERS and c not in allowed]


@pytest.mark.parametrize("fmt", FORMATTERS)
def test_no_format_lets_a_control_character_through(fmt):
    out = FORMATTERS[fmt](hostile_report())
    assert unsafe_characters(out) == []
    assert "injected" in out  # the payload is shown, escaped, not dropped


@pytest.mark.parametrize("fmt", FORMATTERS)
def test_no_payload_can_start_a_workflow_command(fmt):
    out = FORMATTERS[fmt](hostile_report())
    for line in out.splitlines():
        if line.startswith("::"):
            assert fmt == "github", line
            assert ANNOTATION.match(line), line
            assert not line.startswith("::error::"), line


def test_github_annotations_keep_cr_and_lf_as_workflow_escapes():
    lines = render_github(hostile_report()).splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    # 1 file problem, 3 results with one source each, 2 notes (network, checker error)
    assert len(annotations) == 6
    assert annotations[0].startswith("::error file=docs/x%0D%3A%3Aerror%3A%3Ainjected\\x1b")
    broken = next(line for line in annotations if ",line=4," in line)
    assert "redirect to x%0D::error::injected\\x1b[31mred\\x85next\\u2028line\\u202e" in broken


def test_json_keeps_every_string_exact_in_escapes():
    out = render_json(hostile_report())
    document = json.loads(out)
    link = document["links"][0]
    assert (link["url"], link["final_url"]) == (EVIL_URL, EVIL_URL)
    assert link["sources"] == [{"path": EVIL_PATH, "line": 4}]
    assert "\\u001b" in out and "\\u0085" in out and "\\u2028" in out and "\\u202e" in out
    assert document["summary"]["file_errors"][0]["message"] == f"cannot read {PAYLOAD}"


def test_text_and_markdown_show_the_escapes():
    for out in (text_report(hostile_report()), render_markdown(hostile_report())):
        assert "x\\r::error::injected\\x1b[31mred\\x85next\\u2028line\\u202edesrever" in out


def test_printable_escapes_controls_only():
    assert printable("a\tb\nc\rd\x00e\x7ff\x9bg\u2028h\u202ei") == (
        "a\\tb\\nc\\rd\\x00e\\x7ff\\x9bg\\u2028h\\u202ei"
    )
    assert printable("普通 text, ünïcode and emoji 🙂") == "普通 text, ünïcode and emoji 🙂"


def test_markdown_cells_cannot_carry_html():
    value = Report(
        results=[
            Result(
                "https://example.org/<img src=x>",
                Verdict.BROKEN,
                "<script>alert(1)</script> | pipe",
                sources=[Location("docs/`tick`.md", 1)],
            )
        ]
    )
    out = render_markdown(value)
    assert "<img" not in out and "<script" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\| pipe" in out
    assert "``docs/`tick`.md:1``" in out  # a code span that a backtick cannot end


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
        "::warning title=Links not verified::"
        "network unavailable: 1 link not verified (no canary is reachable)"
    )


def test_markdown_cells_escape_pipes_and_newlines():
    text = render_markdown(report())
    assert "| **broken** | https://example.org/a\\|b?x=1%2C2 | `docs/a,b.md:7` |" in text
    assert "not found (404 Not Found)\\\\nsecond line |" in text
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
    assert counts["notes"] == ["network unavailable: 1 link not verified"]
    assert counts["file_errors"] == [
        {"path": "docs/bad.md", "line": 3, "message": "not valid UTF-8 (byte 0xff); file skipped"}
    ]


def test_each_cause_of_unverified_links_gets_its_line():
    lines = [note.text for note in hostile_report().notes]
    assert lines == [
        "network unavailable: 1 link not verified",
        "checker error on 1 link (not verified): please report this (with the URL and the "
        "reason) as a bug in the link checker",
    ]


def test_the_text_report_ends_with_one_line_per_failing_use():
    assert text_report(report()).splitlines()[-4:] == [
        "docs/bad.md:3: not valid UTF-8 (byte 0xff); file skipped",
        f"docs/a,b.md:7: {ODD_URL} is broken: not found (404 Not Found)\\nsecond line",
        "2 links: 1 broken, 1 unverified.",
        "network unavailable: 1 link not verified",
    ]


def test_the_broken_links_issue_escapes_what_servers_and_pages_said():
    from link_report import issue_markdown, judge, status_annotation

    broken = ReportedLink(EVIL_URL, "broken", f"gone {PAYLOAD}", (Location(EVIL_PATH, 3),))
    first = judge("2026-11-23T04:17:00Z", [broken], {})
    second = judge("2026-11-30T04:17:00Z", [broken], first.failing)
    body = issue_markdown(second, "https://github.com/o/r/actions/runs/1")
    assert second.status == "alarm"
    assert unsafe_characters(body) == []
    assert "x\\r::error::injected\\x1b[31m" in body
    assert not any(line.startswith("::") for line in body.splitlines())
    assert unsafe_characters(status_annotation(second) or "") == []


def test_a_state_file_with_odd_run_counts_is_read_as_no_runs():
    from link_report import judge

    broken = ReportedLink("https://example.org/", "broken", "404", (Location("docs/a.md", 1),))
    for odd in ("two", None, -3, True, 2.5):
        judged = judge("now", [broken], {"https://example.org/": {"runs": odd}})
        assert judged.failing["https://example.org/"]["runs"] == 1

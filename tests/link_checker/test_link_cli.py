"""The command line: exit codes, output formats, and one-line messages for bad input."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from link_checker.cli import main
from link_standin import common_args, page

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "check_links.py"
OK_URL = "https://alpha.linkcheck/ok"
MISSING_URL = "https://alpha.linkcheck/status/404"
MOVED_URL = "https://alpha.linkcheck/redirect/301?to=/ok"
CHALLENGE_URL = "https://alpha.linkcheck/challenge/header"
GONE_URL = "https://gone.linkcheck/"
JSON_LINK_KEYS = {"url", "verdict", "status", "final_url", "moved_to", "reason", "sources"}


def run_script(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


# ── exit codes (the command line in-process; once through the real entry point) ──


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_0_when_every_link_is_fine(standin, workdir, capsys):
    page(workdir, OK_URL, MOVED_URL, CHALLENGE_URL)
    code, out, err = run_main(capsys, "page.md", *common_args(standin, workdir))
    assert code == 0, out + err
    assert "3 links: 1 blocked, 1 moved, 1 ok." in out
    assert "update the link to https://alpha.linkcheck/ok" in out


def test_exit_1_names_each_use_of_a_broken_link_through_the_script(standin, workdir):
    page(workdir, OK_URL, MISSING_URL)
    done = run_script("page.md", *common_args(standin, workdir), cwd=workdir)
    assert done.returncode == 1
    assert f"page.md:4: {MISSING_URL} is broken: not found (404 Not Found)" in done.stdout


def test_exit_1_for_one_dead_domain_on_a_working_network(standin, workdir, capsys):
    page(workdir, OK_URL, GONE_URL)
    code, out, _ = run_main(capsys, "page.md", *common_args(standin, workdir))
    assert code == 1
    assert f"page.md:4: {GONE_URL} is broken: name gone.linkcheck does not resolve" in out


def test_exit_3_when_the_network_is_unavailable(standin, workdir, capsys):
    page(workdir, GONE_URL, OK_URL)
    code, out, err = run_main(capsys, "page.md", *common_args(standin, workdir, canary=False))
    assert code == 3, out + err
    assert out.splitlines()[-1] == "network unavailable: 1 link not verified"
    assert err == ""  # the text report says it once
    assert "is broken" not in out


def test_exit_2_for_a_missing_path_in_one_line(workdir):
    done = run_script("nowhere.md", "--config", "pyproject.toml", cwd=workdir)
    assert done.returncode == 2
    assert done.stderr == "check_links.py: error: no such file or folder: nowhere.md\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["--timeout", "soon"], "argument --timeout: 'soon' is not a number"),
        (["--resolve", "a.org=nowhere"], "'nowhere' is not an IP address"),
        (["--ca-file", "missing.pem"], "CA file missing.pem: No such file or directory"),
        (["--config", "missing.toml"], "missing.toml: no such file"),
        (["--output", "no/report.json"], "cannot write no/report.json: no such folder no"),
    ],
)
def test_usage_errors_are_one_line(workdir, capsys, args, message):
    page(workdir, OK_URL)
    try:
        code = main(["page.md", "--config", "pyproject.toml", *args])
    except SystemExit as exit_:
        code = exit_.code
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert err.count("\n") == 1


# ── bad input files ───────────────────────────────────────────────────


def test_a_malformed_url_is_reported_with_file_and_line(standin, workdir, capsys):
    page(workdir, OK_URL, "https://alpha.linkcheck:99999/")
    code = main(["page.md", *common_args(standin, workdir)])
    out, err = capsys.readouterr()
    assert code == 1
    assert (
        "page.md:4: https://alpha.linkcheck:99999/ is broken: "
        "malformed URL: port out of range (0-65535)"
    ) in out
    assert "Traceback" not in out + err


def test_a_non_utf8_file_is_reported_with_file_and_line(standin, workdir, capsys):
    page(workdir, OK_URL)
    (workdir / "latin1.md").write_bytes(b"# Caf\xe9\n")
    code = main(["page.md", "latin1.md", *common_args(standin, workdir)])
    out, err = capsys.readouterr()
    assert code == 1
    assert (out + err).count("latin1.md:1: not valid UTF-8 (byte 0xe9); file skipped") == 1
    assert "Traceback" not in out + err


def test_an_unreadable_file_is_reported(standin, workdir, capsys):
    docs = workdir / "docs"
    docs.mkdir()
    page(docs, OK_URL)
    (docs / "dangling.md").symlink_to(docs / "target-that-does-not-exist.md")
    code = main(["docs", *common_args(standin, workdir)])
    out, err = capsys.readouterr()
    assert code == 1
    problem = "docs/dangling.md: cannot read the file: No such file or directory; skipped"
    assert (out + err).count(problem) == 1
    assert "Traceback" not in out + err


# ── output formats ────────────────────────────────────────────────────


def test_json_has_the_agreed_shape(standin, workdir, capsys):
    page(workdir, OK_URL, MISSING_URL, OK_URL)
    code = main(["page.md", "--format", "json", *common_args(standin, workdir)])
    document = json.loads(capsys.readouterr().out)
    assert code == 1
    assert set(document) == {"links", "summary"}
    assert [set(link) for link in document["links"]] == [JSON_LINK_KEYS, JSON_LINK_KEYS]
    ok, missing = document["links"]
    assert ok["sources"] == [{"path": "page.md", "line": 3}, {"path": "page.md", "line": 5}]
    assert (missing["verdict"], missing["status"]) == ("broken", 404)
    assert missing["final_url"] == MISSING_URL
    assert missing["reason"] == "not found (404 Not Found)"
    summary = document["summary"]
    assert {k: summary[k] for k in ("total", "ok", "moved", "blocked", "broken", "unverified")} == {
        "total": 2,
        "ok": 1,
        "moved": 0,
        "blocked": 0,
        "broken": 1,
        "unverified": 0,
    }
    assert summary["exit_code"] == 1
    assert summary["checked_at"].endswith("Z")
    datetime.fromisoformat(summary["checked_at"])


def test_markdown_is_a_table_for_an_issue(standin, workdir, capsys):
    page(workdir, OK_URL, MISSING_URL)
    main(["page.md", "--format", "markdown", *common_args(standin, workdir)])
    out = capsys.readouterr().out
    assert out.startswith("### Link check: 2 links: 1 broken, 1 ok\n")
    assert "| Verdict | Link | Where | Reason |" in out
    assert f"| **broken** | {MISSING_URL} | `page.md:4` | not found (404 Not Found) |" in out


def test_github_gives_annotations_then_the_summary(standin, workdir, capsys):
    page(workdir, OK_URL, MISSING_URL, MOVED_URL)
    main(["page.md", "--format", "github", *common_args(standin, workdir)])
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == (
        f"::error file=page.md,line=4,title=Broken link::{MISSING_URL} is broken: "
        "not found (404 Not Found)"
    )
    assert lines[1].startswith("::notice file=page.md,line=5,title=Link moved::")
    assert "### Link check: 3 links: 1 broken, 1 moved, 1 ok" in out


def test_output_goes_to_a_file(standin, workdir, capsys):
    page(workdir, OK_URL)
    code = main(
        ["page.md", "--format", "json", "--output", "report.json", *common_args(standin, workdir)]
    )
    out, err = capsys.readouterr()
    assert (code, out) == (0, "")
    assert err == "1 link: 1 ok.\n"
    report = json.loads((workdir / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["ok"] == 1


def test_json_output_keeps_the_report_beside_another_format(standin, workdir, capsys):
    page(workdir, OK_URL, MISSING_URL)
    args = ["page.md", "--format", "github", "--json-output", "report.json"]
    code = main([*args, *common_args(standin, workdir)])
    out = capsys.readouterr().out
    assert code == 1
    assert out.startswith("::error file=page.md,line=4,")
    report = json.loads((workdir / "report.json").read_text(encoding="utf-8"))
    assert {(link["url"], link["verdict"]) for link in report["links"]} == {
        (OK_URL, "ok"),
        (MISSING_URL, "broken"),
    }


def test_strict_fails_on_a_bot_challenge(standin, workdir, capsys):
    page(workdir, CHALLENGE_URL)
    assert main(["page.md", *common_args(standin, workdir)]) == 0
    assert main(["page.md", "--strict", *common_args(standin, workdir)]) == 1
    assert f"page.md:3: {CHALLENGE_URL} is blocked: bot challenge" in capsys.readouterr().out


def test_timeout_option_beats_the_config(standin, workdir, capsys):
    page(workdir, "https://alpha.linkcheck/slow?delay=3")
    code = main(["page.md", "--timeout", "0.2", *common_args(standin, workdir)])
    assert code == 1
    assert "is broken: timed out after 0.2 s (3 requests)" in capsys.readouterr().out


def test_progress_is_shown_on_a_terminal(standin, workdir):
    page(workdir, *(f"{OK_URL}?n={n}" for n in range(12)))
    primary, secondary = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, str(SCRIPT), "page.md", *common_args(standin, workdir)],
            stdout=subprocess.PIPE,
            stderr=secondary,
            cwd=workdir,
            timeout=60,
        )
        os.close(secondary)
        secondary = -1
        seen = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(primary)
        if secondary != -1:
            os.close(secondary)
    assert done.returncode == 0
    assert b"checking links" in seen
    assert b"checking links" not in done.stdout


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "github"])
def test_control_characters_in_a_page_never_reach_a_report_raw(standin, workdir, capsys, fmt):
    (workdir / "page.md").write_text(
        "# Page\n\n"
        '<a href="https://alpha.linkcheck/status/404?x=1&#13;%0A::error::carriage">cr</a>\n'
        '<a href="https://alpha.linkcheck/status/404?y=&#27;[31mred&#13;&#10;::error::esc">'
        "esc</a>\n",
        encoding="utf-8",
    )
    code = main(["page.md", "--format", fmt, *common_args(standin, workdir)])
    out, err = capsys.readouterr()
    assert code == 1
    for text in (out, err):
        assert not [c for c in text if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) < 0xA0]
        assert not [line for line in text.splitlines() if line.startswith("::error::")]
    # A browser drops CR and LF from an address, so the link checked is the one it opens.
    assert "https://alpha.linkcheck/status/404?x=1%0A::error::carriage" in out
    shown = {"text": "\\x1b", "github": "\\x1b", "markdown": "\\\\x1b", "json": "\\u001b"}
    assert f"y={shown[fmt]}[31mred::error::esc" in out

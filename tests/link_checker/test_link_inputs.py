"""Bad input gets one clear sentence, early: numbers, config, globs, output paths, odd files.

And an interrupt at any moment ends the command with one line and exit 130.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from link_checker.cli import main
from link_standin import FAST_TABLE, common_args, page

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "check_links.py"
OK_URL = "https://alpha.linkcheck/ok"


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:  # argparse
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err.strip()


# ── Numbers ───────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--timeout", "nan", "'nan': must be a finite number"),
        ("--timeout", "inf", "'inf': must be a finite number"),
        ("--timeout", "0", "'0': must be greater than 0 seconds"),
        ("--timeout", "-1", "'-1': must be greater than 0 seconds"),
        ("--deadline", "nan", "'nan': must be a finite number"),
        ("--deadline", "0", "'0': must be greater than 0 seconds"),
        ("--host-interval", "nan", "'nan': must be a finite number"),
        ("--host-interval", "inf", "'inf': must be a finite number"),
        ("--host-interval", "1e300", "'1e300': must be between 0 and 60 seconds"),
        ("--host-interval", "-0.1", "'-0.1': must be between 0 and 60 seconds"),
        ("--host-concurrency", "0", "'0': must be between 1 and 256"),
        ("--max-concurrency", "2.5", "'2.5' is not a whole number"),
    ],
)
def test_numbers_on_the_command_line_are_finite_and_in_range(
    workdir, capsys, option, value, message
):
    page(workdir, OK_URL)
    code, _, err = run_main(capsys, "page.md", option, value)
    assert code == 2
    assert message in one_line(err)
    assert option in err


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("timeout = nan", "timeout: must be a finite number, got nan"),
        ("timeout = -inf", "timeout: must be a finite number, got -inf"),
        ("host_interval = inf", "host_interval: must be a finite number, got inf"),
        ("deadline = 0", "deadline: must be greater than 0 seconds, got 0"),
        ("backoff = -1.0", "backoff: must be between 0 and 600 seconds, got -1.0"),
        ("retry_after_max = nan", "retry_after_max: must be a finite number"),
        ("markdown_max_mb = 0", "markdown_max_mb: must be greater than 0 MB, got 0"),
    ],
)
def test_numbers_in_the_config_are_finite_and_in_range(workdir, capsys, line, message):
    config = workdir / "odd.toml"
    config.write_text(f"[tool.check-links]\n{line}\n", encoding="utf-8")
    page(workdir, OK_URL)
    code, _, err = run_main(capsys, "page.md", "--config", "odd.toml")
    assert code == 2
    assert f"odd.toml: [tool.check-links] {message}" in one_line(err)


# ── Config mistakes: one sentence naming the key ──────────────────────


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"tool = 5\n", "'tool' must be a table ([tool]), not an integer"),
        (b"[tool]\ncheck-links = 5\n", "[tool.check-links] must be a table, not an integer"),
        (b"# caf\xe9\n[tool.check-links]\n", ":1: not valid UTF-8, as TOML must be"),
        (b'[tool.check-links]\npaths = ["/etc/*.md"]\n', "paths: '/etc/*.md' is absolute"),
        (b'[tool.check-links]\npaths = [""]\n', "paths: an empty pattern matches nothing"),
        (b"[tool.check-links]\npaths = []\n", "paths: must list at least one glob pattern"),
        (b'[tool.check-links]\npaths = "docs"\n', "paths: expected a list of strings"),
        (b'[tool.check-links]\nuser_agent = "a\\nb"\n', "user_agent: must be one line"),
        (
            b'[tool.check-links.network]\ncanaries = ["http://x/"]\n',
            "network.canaries: 'http://x/' is not a host name",
        ),
        (b"[tool.check-links]\nhosts = 3\n", "[tool.check-links.hosts] must be a table"),
    ],
)
def test_each_config_mistake_is_one_sentence_naming_the_key(workdir, capsys, content, message):
    (workdir / "odd.toml").write_bytes(content)
    code, _, err = run_main(capsys, "--config", "odd.toml")
    assert code == 2
    assert message in one_line(err)
    assert err.startswith("check_links.py: error: odd.toml")


def test_a_config_that_is_not_a_regular_file_is_refused(workdir, capsys):
    code, _, err = run_main(capsys, "--config", "/dev/zero")
    assert code == 2
    assert "/dev/zero: a character device, not a regular file" in one_line(err)


def test_a_glob_that_matches_nothing_exits_2_naming_it(workdir, capsys):
    (workdir / "globs.toml").write_text(
        '[tool.check-links]\npaths = ["docs/**/*.md", "pages/*.mdx"]\n', encoding="utf-8"
    )
    (workdir / "docs").mkdir()
    page(workdir / "docs", OK_URL)
    code, _, err = run_main(capsys, "--config", "globs.toml")
    assert code == 2
    assert "paths: 'pages/*.mdx' matches no file" in one_line(err)


# ── Output ────────────────────────────────────────────────────────────


def test_an_output_folder_is_refused_before_any_request(standin, workdir, capsys):
    key = uuid.uuid4().hex
    page(workdir, f"{OK_URL}?key={key}")
    (workdir / "reports").mkdir()
    code, _, err = run_main(capsys, "page.md", "-o", "reports", *common_args(standin, workdir))
    assert code == 2
    assert one_line(err) == "check_links.py: error: cannot write reports: it is a folder"
    assert not any(key in path for _, path, _ in standin.hits)


def test_a_full_device_is_one_sentence(standin, workdir, capsys):
    page(workdir, OK_URL)
    code, _, err = run_main(capsys, "page.md", "-o", "/dev/full", *common_args(standin, workdir))
    assert code == 2
    assert one_line(err) == "check_links.py: error: cannot write /dev/full: No space left on device"


def test_stdout_on_a_full_device_is_one_sentence(standin, workdir):
    page(workdir, OK_URL)
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = subprocess.run(
            [sys.executable, str(SCRIPT), "page.md", *common_args(standin, workdir)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=workdir,
            timeout=60,
        )
    assert done.returncode == 2
    assert one_line(done.stderr) == (
        "check_links.py: error: cannot write the report to stdout: No space left on device"
    )


def test_a_report_file_is_replaced_whole(standin, workdir, capsys):
    page(workdir, OK_URL)
    (workdir / "report.json").write_text("old and longer than the new report " * 200, "utf-8")
    code, _, _ = run_main(
        capsys, "page.md", "--format", "json", "-o", "report.json", *common_args(standin, workdir)
    )
    assert code == 0
    assert json.loads((workdir / "report.json").read_text(encoding="utf-8"))["summary"]["ok"] == 1
    assert [p.name for p in workdir.iterdir() if p.name.startswith(".report")] == []


# ── Odd files ─────────────────────────────────────────────────────────


def test_a_fifo_and_a_device_are_not_read(standin, workdir, capsys):
    page(workdir, OK_URL)
    fifo = workdir / "pipe.md"
    os.mkfifo(fifo)
    started = time.monotonic()
    code, out, err = run_main(
        capsys, "page.md", "pipe.md", "/dev/zero", *common_args(standin, workdir)
    )
    assert code == 1
    assert time.monotonic() - started < 60  # reading the FIFO would block for ever
    both = out + err
    assert both.count("pipe.md: a FIFO, not a regular file; skipped") == 1
    assert both.count("/dev/zero: a character device, not a regular file; skipped") == 1


def test_a_markdown_page_over_its_cap_says_what_to_do(standin, workdir, capsys):
    (workdir / "limits.toml").write_text(
        FAST_TABLE.replace("[tool.check-links]\n", "[tool.check-links]\nmarkdown_max_mb = 0.5\n"),
        encoding="utf-8",
    )
    big = workdir / "big.md"
    big.write_text(f"[x]({OK_URL})\n" + "word " * 200_000 + "\n", encoding="utf-8")
    args = ["big.md", "--config", "limits.toml", "--ca-file", str(standin.ca_path)]
    code, out, err = run_main(capsys, *args)
    assert code == 1
    line = next(line for line in (out + err).splitlines() if line.startswith("big.md"))
    assert line.startswith("big.md: 1.0 MB is over the 0.5 MB limit: a Markdown page is rendered")
    assert "split the page, raise markdown_max_mb in [tool.check-links]" in line
    assert line.endswith("; skipped")


def test_an_html_file_over_its_cap_is_skipped_with_a_sentence(standin, workdir, capsys):
    (workdir / "limits.toml").write_text(
        FAST_TABLE.replace("[tool.check-links]\n", "[tool.check-links]\nhtml_max_mb = 0.01\n"),
        encoding="utf-8",
    )
    (workdir / "big.html").write_text("<p>" + "x" * 20_000 + "</p>", encoding="utf-8")
    args = ["big.html", "--config", "limits.toml", "--ca-file", str(standin.ca_path)]
    code, out, err = run_main(capsys, *args)
    assert code == 1
    assert (out + err).count("big.html: 19.5 KB is over the 10.2 KB limit; skipped") == 1


# ── --list ────────────────────────────────────────────────────────────


def test_list_shows_what_is_checked_and_what_is_skipped_with_why(workdir, capsys):
    (workdir / "page.html").write_text(
        '<a href="https://a.example/">a</a>\n'
        '<a href="mailto:x@example.org">m</a>\n'
        '<a href="other.html">o</a>\n'
        '<a href="#top">t</a>\n'
        '<img src="//cdn.example/i.png">\n',
        encoding="utf-8",
    )
    code, out, _ = run_main(capsys, "page.html", "--list")
    assert code == 0
    assert out.splitlines() == [
        "page.html:1: check https://a.example/",
        "page.html:5: check https://cdn.example/i.png",
        "page.html:2: skip mailto:x@example.org (mailto: address, not a web page)",
        "page.html:3: skip other.html (same-site (the strict build checks links between pages))",
        "page.html:4: skip #top (a fragment of the same page (the strict build checks anchors))",
        "2 links to check, 3 skipped, in 1 files.",
    ]


# ── Interrupts ────────────────────────────────────────────────────────


def wait_until_loaded(child: subprocess.Popen, library: str) -> None:
    """Wait until the child has loaded ``library`` (its file appears in the child's maps)."""
    maps = Path(f"/proc/{child.pid}/maps")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if library in maps.read_text(encoding="utf-8", errors="replace"):
                return
        except OSError:
            pass
        if child.poll() is not None:
            raise AssertionError(f"the child ended (exit {child.returncode}) before {library}")
        time.sleep(0.001)
    raise AssertionError(f"the child never loaded {library}")


def interruptible_run(standin, workdir: Path) -> tuple[subprocess.Popen, str]:
    """The command on a page that cannot finish: half its links are never answered."""
    run = uuid.uuid4().hex
    fast = [f"https://beta.linkcheck/ok?run={run}&n={n}" for n in range(10)]
    held = [f"https://alpha.linkcheck/hold?run={run}&n={n}" for n in range(10)]
    page(workdir, *fast, *held)
    child = subprocess.Popen(
        [sys.executable, str(SCRIPT), "page.md", "--timeout", "60", *common_args(standin, workdir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=workdir,
    )
    return child, run


def hits(standin, host: str, path: str, run: str) -> int:
    return sum(
        n for (h, p, _), n in standin.hits.items() if h == host and p.startswith(path) and run in p
    )


# Each moment of a run, and the event that shows the child reached it.
MOMENTS = {
    "importing": lambda child, standin, run: wait_until_loaded(child, "yarl"),
    "reading the pages": lambda child, standin, run: wait_until_loaded(child, "lxml"),
    "checking": lambda child, standin, run: standin.wait_for(
        lambda: hits(standin, "alpha.linkcheck", "/hold", run) >= 1, "a held request"
    ),
    "answers coming in": lambda child, standin, run: standin.wait_for(
        lambda: (
            hits(standin, "beta.linkcheck", "/ok", run) >= 10
            and hits(standin, "alpha.linkcheck", "/hold", run) >= 4
        ),
        "answered and held requests",
    ),
}


@pytest.mark.parametrize("moment", MOMENTS)
def test_an_interrupt_at_any_moment_is_one_line_and_exit_130(standin, workdir, moment):
    child, run = interruptible_run(standin, workdir)
    try:
        MOMENTS[moment](child, standin, run)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    finally:
        child.kill()
    assert (child.returncode, err) == (130, "check_links.py: interrupted\n"), out


def test_sigterm_is_one_line_and_exit_143(standin, workdir):
    child, run = interruptible_run(standin, workdir)
    try:
        MOMENTS["checking"](child, standin, run)
        child.terminate()
        _, err = child.communicate(timeout=60)
    finally:
        child.kill()
    assert (child.returncode, err) == (143, "check_links.py: terminated\n")


def test_a_broken_mkdocs_yml_next_to_the_pages_is_one_sentence(workdir, capsys):
    # Pages render as their mkdocs.yml says; when it cannot say, nothing is guessed.
    page(workdir, OK_URL)
    (workdir / "mkdocs.yml").write_text("markdown_extensions: [no_such_extension]\n", "utf-8")
    code, _, err = run_main(capsys, "page.md")
    assert code == 2
    line = one_line(err)
    assert "mkdocs.yml" in line and "markdown_extensions" in line

"""Judge a scheduled link check against the previous one: warn once, alarm on the second.

Usage: python3 scripts/dev.py run python scripts/link_report.py REPORT.json
           [--previous STATE] [--state STATE] [--summary FILE] [--issue-body FILE]
           [--github-output FILE] [--run-url URL]

REPORT.json is ``check_links.py --format json`` output. STATE remembers, per
URL, how many runs in a row found it ``broken``; the links workflow keeps it
as an artifact of each run and hands the last one to the next run.

- broken in this run only: status ``warn``, a warning and no issue;
- broken in this run and the one before: status ``alarm``, an error (the
  workflow opens or updates the ``broken-links`` issue);
- ``unverified`` (no network, the run's deadline, a checker error) neither
  counts nor forgets a failure;
- nothing broken: status ``ok`` (the workflow closes the issue); with nothing
  verified at all, status ``unknown`` and the state is carried over unchanged.

The per-link annotations and the Markdown table come from the checker itself
(``--format github``); this adds one status annotation on stdout, a status line
appended to --summary (the job summary), the issue text written to
--issue-body (with --details, the checker's Markdown, folded in) and
``status=…`` appended to --github-output. Exit 0, or 2 when a file cannot be read.
"""

from __future__ import annotations

import project_env  # noqa: F401 - first: a missing library is one sentence

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from link_checker.report import cell, code, escape_data
from link_checker.report_json import ReportedLink, ReportError, read_report

STATE_VERSION = 1
ALARM_RUNS = 2
FAILING = "broken"
NO_VERDICT = "unverified"
NO_VERDICTS = ("unverified", "skipped")
ISSUE_MARKER = "<!-- link-check: broken-links -->"
MAX_SOURCES = 4
STATUS_LEVELS = {"warn": "warning", "alarm": "error", "unknown": "notice"}
STATUS_LINES = {
    "ok": "No link is broken.",
    "warn": "A link is broken for the first time: only a warning until the next run agrees.",
    "alarm": "A link is broken in two runs in a row: the `broken-links` issue has the details.",
    "unknown": (
        "The check verified nothing (no network, or the run's deadline came first): "
        "the previous state is kept."
    ),
}


@dataclass(frozen=True)
class Judgement:
    """This run's links, the failures remembered for the next run, and the status."""

    checked_at: str
    links: tuple[ReportedLink, ...]
    failing: dict[str, dict]
    status: str

    def runs(self, url: str) -> int:
        return _count(self.failing.get(url, {}).get("runs"))


def read_state(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ReportError(f"{path}: cannot read the state ({error.strerror or error})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReportError(f"{path}: the state is not valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise ReportError(f"{path}: the state must be a JSON object")
    return data


def read_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ReportError(f"{path}: cannot read the {what} ({error})") from None


def _count(value: object) -> int:
    """A run count from a state file; anything else (a hand edit, an old format) is 0."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def previous_failures(path: Path | None) -> dict[str, dict]:
    """The failures remembered by the previous run; none when there is no usable state."""
    if path is None or not path.is_file():
        return {}
    data = read_state(path)
    failing = data.get("failing")
    if data.get("version") != STATE_VERSION or not isinstance(failing, dict):
        return {}
    return {url: entry for url, entry in failing.items() if isinstance(entry, dict)}


def judge(checked_at: str, links: list[ReportedLink], previous: dict[str, dict]) -> Judgement:
    if links and all(link.verdict in NO_VERDICTS for link in links):
        return Judgement(checked_at, tuple(links), dict(previous), "unknown")
    failing: dict[str, dict] = {}
    for link in links:
        before = previous.get(link.url, {})
        if link.verdict == FAILING:
            failing[link.url] = {
                "runs": _count(before.get("runs")) + 1,
                "since": before.get("since", checked_at),
                "reason": link.reason,
            }
        elif link.verdict == NO_VERDICT and before:
            failing[link.url] = dict(before)
    runs = [entry["runs"] for entry in failing.values()]
    if any(count >= ALARM_RUNS for count in runs):
        status = "alarm"
    elif any(link.verdict == FAILING for link in links):
        status = "warn"
    else:
        status = "ok"
    return Judgement(checked_at, tuple(links), failing, status)


# ── Output ────────────────────────────────────────────────────────────────


def status_annotation(judgement: Judgement) -> str | None:
    """One workflow command for the run's status; None when all is well."""
    level = STATUS_LEVELS.get(judgement.status)
    if level is None:
        return None
    message = escape_data(STATUS_LINES[judgement.status])
    return f"::{level} title=Link check {judgement.status}::{message}"


def where(link: ReportedLink) -> str:
    shown = [code(str(source)) for source in link.sources[:MAX_SOURCES]]
    if len(link.sources) > MAX_SOURCES:
        shown.append(f"… {len(link.sources) - MAX_SOURCES} more")
    return ", ".join(shown)


def summary_markdown(judgement: Judgement) -> str:
    """The status line under the checker's own table in the job summary."""
    return f"\n**Status: {judgement.status}.** {STATUS_LINES[judgement.status]}\n"


def issue_markdown(judgement: Judgement, run_url: str | None, details: str = "") -> str:
    confirmed = [
        link
        for link in judgement.links
        if link.url in judgement.failing and judgement.runs(link.url) >= ALARM_RUNS
    ]
    lines = [
        ISSUE_MARKER,
        "These links of the guide were broken in the last two (or more) weekly link checks:",
        "",
    ]
    for link in confirmed:
        entry = judgement.failing[link.url]
        # Everything here came from pages and servers: escaped, like the checker's reports.
        lines.append(
            f"- {cell(link.url)}: {cell(link.reason or link.verdict)} "
            f"(since {cell(str(entry['since']))}, {entry['runs']} runs in a row), "
            f"used at {where(link)}"
        )
    lines += [
        "",
        "Fix or replace each link in **both** `docs/zh/index.md` and `docs/en/index.md`; "
        "this issue closes itself when a check finds them working again.",
    ]
    if run_url:
        lines += ["", f"Latest run: {run_url}"]
    if details:
        lines += ["", "<details><summary>Full report</summary>", "", details.strip(), ""]
        lines += ["</details>"]
    return "\n".join(lines) + "\n"


def state_json(judgement: Judgement) -> str:
    state = {
        "version": STATE_VERSION,
        "checked_at": judgement.checked_at,
        "failing": judgement.failing,
    }
    return json.dumps(state, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="link_report.py", description="Judge a link check against the previous run."
    )
    parser.add_argument("report", type=Path, help="check_links.py --format json output")
    parser.add_argument("--previous", type=Path, help="the previous run's state (may be missing)")
    parser.add_argument("--state", type=Path, help="where to write this run's state")
    parser.add_argument("--summary", type=Path, help="append the Markdown summary here")
    parser.add_argument("--issue-body", type=Path, help="write the issue text here")
    parser.add_argument("--github-output", type=Path, help="append status=… here")
    parser.add_argument("--run-url", help="the workflow run, linked from the issue")
    parser.add_argument(
        "--details", type=Path, help="the checker's Markdown report, folded into the issue"
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        report = read_report(args.report)
        checked_at = report.summary.get("checked_at") or report.checked_at.isoformat()
        judgement = judge(str(checked_at), list(report.links), previous_failures(args.previous))
        details = read_text(args.details, "Markdown report") if args.details else ""
    except ReportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    annotation = status_annotation(judgement)
    if annotation:
        print(annotation)
    print(f"status: {judgement.status}: {STATUS_LINES[judgement.status]}")
    if args.state:
        write(args.state, state_json(judgement))
    if args.summary:
        append(args.summary, summary_markdown(judgement))
    if args.issue_body:
        write(args.issue_body, issue_markdown(judgement, args.run_url, details))
    if args.github_output:
        append(args.github_output, f"status={judgement.status}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

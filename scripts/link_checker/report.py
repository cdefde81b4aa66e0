"""Write a run's results as a terminal table, JSON, Markdown or GitHub annotations.

The JSON shape is a contract (a workflow and a build hook read it)::

    {"links": [{"url", "verdict", "status", "final_url", "reason",
                "sources": [{"path", "line"}]}],
     "summary": {"total", "ok", "moved", "blocked", "broken", "unverified",
                 "excluded", "files", "file_errors", "network", "strict",
                 "exit_code", "checked_at", "duration_seconds"}}
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

from link_checker.models import VERDICT_ORDER, Result, Verdict
from link_checker.runner import Report

if TYPE_CHECKING:
    from rich.console import Console

FORMATS = ("text", "json", "markdown", "github")
VERDICT_STYLES = {
    Verdict.OK: "green",
    Verdict.MOVED: "cyan",
    Verdict.BLOCKED: "yellow",
    Verdict.BROKEN: "bold red",
    Verdict.UNVERIFIED: "magenta",
}
ANNOTATION_LEVELS = {
    Verdict.BROKEN: "error",
    Verdict.BLOCKED: "warning",
    Verdict.UNVERIFIED: "warning",
    Verdict.MOVED: "notice",
}
ANNOTATION_TITLES = {
    Verdict.BROKEN: "Broken link",
    Verdict.BLOCKED: "Link blocked by a bot check",
    Verdict.UNVERIFIED: "Link not verified",
    Verdict.MOVED: "Link moved",
}


def summary(report: Report) -> dict[str, object]:
    """The ``summary`` object of the JSON report."""
    counts: dict[str, object] = {"total": len(report.results)}
    counts.update({str(v): report.count(v) for v in Verdict})
    counts.update(
        {
            "excluded": report.excluded,
            "files": len(report.files),
            "file_errors": [
                {"path": p.path, "line": p.line, "message": p.message} for p in report.problems
            ],
            "network": report.network,
            "strict": report.strict,
            "exit_code": report.exit_code,
            "checked_at": report.checked_at.isoformat(timespec="seconds").replace("+00:00", "Z"),
            "duration_seconds": round(report.duration, 3),
        }
    )
    return counts


def render_json(report: Report) -> str:
    document = {"links": [r.as_json() for r in report.results], "summary": summary(report)}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def headline(report: Report) -> str:
    """``7 links: 1 broken, 6 ok`` (verdicts in order of concern)."""
    total = len(report.results)
    parts = [f"{report.count(v)} {v}" for v in VERDICT_ORDER if report.count(v)]
    noun = "link" if total == 1 else "links"
    return f"{total} {noun}" + (": " + ", ".join(parts) if parts else "")


def problem_lines(report: Report) -> Iterator[str]:
    """One ``path:line: …`` line per file problem and per use of a failing link."""
    for problem in report.problems:
        yield str(problem)
    for result in _by_concern(report):
        if report.is_failure(result):
            for source in result.sources:
                reason = " ".join(result.reason.split())
                yield f"{source}: {result.url} is {result.verdict}: {reason}"


def closing_line(report: Report) -> str:
    """``7 links: 1 broken, 6 ok.`` with the excluded count when there is one."""
    return headline(report) + (f" ({report.excluded} excluded)" if report.excluded else "") + "."


def _by_concern(report: Report) -> list[Result]:
    order = {v: i for i, v in enumerate(VERDICT_ORDER)}
    return sorted(report.results, key=lambda r: order[r.verdict])


def _where(result: Result, limit: int = 4) -> list[str]:
    shown = [str(s) for s in result.sources[:limit]]
    if len(result.sources) > limit:
        shown.append(f"… {len(result.sources) - limit} more")
    return shown


def print_text(report: Report, console: Console, *, network_line: bool = True) -> None:
    """The readable table, the failing uses one per line, and the summary.

    ``network_line=False`` leaves out the "network unavailable" line, for when
    the caller prints it on stderr to the same terminal.
    """
    # Imported here: rich adds a tenth of a second to every start, and only
    # this format needs it.
    from rich.table import Table
    from rich.text import Text

    if report.results:
        table = Table(title="Link check", title_justify="left", expand=False)
        table.add_column("Verdict", no_wrap=True)
        table.add_column("Status", no_wrap=True, justify="right")
        table.add_column("URL", overflow="fold")
        table.add_column("Where", overflow="fold")
        table.add_column("Reason", overflow="fold")
        for result in _by_concern(report):
            table.add_row(
                Text(str(result.verdict), style=VERDICT_STYLES[result.verdict]),
                "" if result.status is None else str(result.status),
                Text(result.url),
                Text("\n".join(_where(result))),
                Text(result.reason),
            )
        console.print(table)
    for line in problem_lines(report):
        console.print(Text(line), soft_wrap=True)
    console.print(Text(closing_line(report)), soft_wrap=True)
    if network_line and report.network_line:
        console.print(Text(report.network_line), soft_wrap=True)


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report) -> str:
    """A report for an issue body or a job summary."""
    lines = [f"### Link check: {headline(report)}", ""]
    stamp = summary(report)["checked_at"]
    files = len(report.files)
    lines.append(f"Checked at {stamp} in {files} file{'s' if files != 1 else ''}.")
    if report.network_line:
        lines += ["", f"> **{report.network_line}** ({report.network_detail})"]
    if report.problems:
        lines += ["", *(f"- `{_cell(str(p))}`" for p in report.problems)]
    if report.results:
        lines += ["", "| Verdict | Link | Where | Reason |", "| --- | --- | --- | --- |"]
        for result in _by_concern(report):
            verdict = str(result.verdict)
            if report.is_failure(result):
                verdict = f"**{verdict}**"
            where = "<br>".join(f"`{_cell(w)}`" for w in _where(result))
            lines.append(f"| {verdict} | {_cell(result.url)} | {where} | {_cell(result.reason)} |")
    return "\n".join(lines) + "\n"


def escape_data(text: str) -> str:
    """Escape text for the message part of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report) -> str:
    """Workflow annotations (``::error file=…,line=…::…``), then the Markdown summary."""
    lines = []
    for problem in report.problems:
        props = f"file={_escape_property(problem.path)}"
        if problem.line is not None:
            props += f",line={problem.line}"
        lines.append(f"::error {props},title=Unreadable file::{escape_data(problem.message)}")
    for result in _by_concern(report):
        level = ANNOTATION_LEVELS.get(result.verdict)
        if level is None:
            continue
        if report.is_failure(result):
            level = "error"
        title = _escape_property(ANNOTATION_TITLES[result.verdict])
        message = escape_data(f"{result.url} is {result.verdict}: {result.reason}")
        for source in result.sources:
            props = f"file={_escape_property(source.path)},line={source.line},title={title}"
            lines.append(f"::{level} {props}::{message}")
    if report.network_line:
        detail = escape_data(f"{report.network_line} ({report.network_detail})")
        lines.append(f"::warning title=Network unavailable::{detail}")
    return "\n".join([*lines, "", render_markdown(report)]) if lines else render_markdown(report)

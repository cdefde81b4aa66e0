"""Write a run's results as a terminal table, JSON, Markdown or GitHub annotations.

The JSON shape is a contract, read back by ``report_json`` (see there).

Every report is safe to paste: URLs, reasons and paths come from pages and
servers, so control characters (C0, DEL, C1, line separators, bidirectional
overrides) never reach the output raw. Text and Markdown show them escaped
(``\\r``, ``\\x1b``); JSON keeps the exact string in ``\\uXXXX`` escapes; GitHub
annotations encode CR and LF as ``%0D``/``%0A``, as workflow commands require.
Nor do passwords: an address's userinfo is shown as ``user:***@`` in every
field of every format, and each use of such a link gets a warning.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from link_checker.models import VERDICT_ORDER, Result, Verdict
from link_checker.report_json import ReportedLink, link_entry
from link_checker.runner import Report
from link_checker.urls import redact_credentials

if TYPE_CHECKING:
    from guide.model import Location
    from rich.console import Console

FORMATS = ("text", "json", "markdown", "github")
VERDICT_STYLES = {
    Verdict.OK: "green",
    Verdict.MOVED: "cyan",
    Verdict.BLOCKED: "yellow",
    Verdict.BROKEN: "bold red",
    Verdict.UNVERIFIED: "magenta",
    Verdict.SKIPPED: "blue",
}
ANNOTATION_LEVELS = {
    Verdict.BROKEN: "error",
    Verdict.BLOCKED: "warning",
    Verdict.UNVERIFIED: "warning",
    Verdict.MOVED: "notice",
    Verdict.SKIPPED: "notice",
}
ANNOTATION_TITLES = {
    Verdict.BROKEN: "Broken link",
    Verdict.BLOCKED: "Link blocked by a bot check",
    Verdict.UNVERIFIED: "Link not verified",
    Verdict.MOVED: "Link moved",
    Verdict.SKIPPED: "Link not checked",
}
CREDENTIALS_TITLE = "Credentials in a link"
_NAMED_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# Characters that move the cursor, end a line or reorder text on screen.
UNSAFE_CHARACTERS = (
    *range(0x00, 0x20),
    0x7F,
    *range(0x80, 0xA0),
    *(0x2028, 0x2029),  # line and paragraph separators
    *(0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)),  # bidi
)


def _escape(code: int) -> str:
    char = chr(code)
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_PRINTABLE = {code: _escape(code) for code in UNSAFE_CHARACTERS}
_JSON_SAFE = {code: f"\\u{code:04x}" for code in UNSAFE_CHARACTERS if code >= 0x20}


def printable(text: str) -> str:
    """``text`` for a reader: passwords hidden, every control character shown as an
    escape (``\\r``, ``\\x1b``)."""
    return redact_credentials(text).translate(_PRINTABLE)


def summary(report: Report) -> dict[str, object]:
    """The ``summary`` object of the JSON report."""
    counts: dict[str, object] = {"total": len(report.results)}
    counts.update({str(v): report.count(v) for v in Verdict})
    counts.update(
        {
            "excluded": report.excluded,
            "files": len(report.files),
            "file_errors": [
                {"path": p.path, "line": p.line or None, "message": p.message}
                for p in report.problems
            ],
            "network": report.network,
            "strict": report.strict,
            "exit_code": report.exit_code,
            "checked_at": report.checked_at.isoformat(timespec="seconds").replace("+00:00", "Z"),
            "duration_seconds": round(report.duration, 3),
            "notes": [note.text for note in report.notes],
            "warnings": [str(warning) for warning in report.warnings],
        }
    )
    return counts


def reported(result: Result) -> ReportedLink:
    """A result as the JSON report keeps it."""
    return ReportedLink(
        url=result.url,
        verdict=str(result.verdict),
        reason=result.reason,
        sources=tuple(result.sources),
        status=result.status,
        final_url=result.final_url,
        moved_to=result.moved_to,
    )


def render_json(report: Report) -> str:
    links = [link_entry(reported(r)) for r in report.results]
    document = _redacted({"links": links, "summary": summary(report)})
    # json escapes C0 itself; DEL, C1 and the rest only appear inside strings,
    # where a \u escape is the same string.
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return text.translate(_JSON_SAFE) + "\n"


def _redacted(value: Any) -> Any:
    """``value`` with the passwords in every string of it hidden."""
    if isinstance(value, str):
        return redact_credentials(value)
    if isinstance(value, dict):
        return {key: _redacted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_redacted(item) for item in value]
    return value


def headline(report: Report) -> str:
    """``7 links: 1 broken, 6 ok`` (verdicts in order of concern)."""
    total = len(report.results)
    parts = [f"{report.count(v)} {v}" for v in VERDICT_ORDER if report.count(v)]
    noun = "link" if total == 1 else "links"
    return f"{total} {noun}" + (": " + ", ".join(parts) if parts else "")


def problem_lines(report: Report) -> Iterator[str]:
    """One ``path:line: …`` line per file problem, per use of a failing link and per
    warning (printable)."""
    for problem in report.problems:
        yield printable(str(problem))
    for result in _by_concern(report):
        if report.is_failure(result):
            for source in result.sources:
                yield printable(f"{source}: {result.url} is {result.verdict}: {result.reason}")
    for warning in report.warnings:
        yield printable(f"{warning.where}: warning: {warning.message}")


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


def print_text(report: Report, console: Console, *, notes: bool = True) -> None:
    """The readable table, the failing uses one per line, and the summary.

    ``notes=False`` leaves out the lines explaining unverified links, for when
    the caller prints them on stderr to the same terminal.
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
                Text(printable(result.url)),
                Text("\n".join(printable(w) for w in _where(result))),
                Text(printable(result.reason)),
            )
        console.print(table)
    for line in problem_lines(report):
        console.print(Text(line), soft_wrap=True)
    console.print(Text(closing_line(report)), soft_wrap=True)
    if notes:
        for note in report.notes:
            console.print(Text(printable(note.text)), soft_wrap=True)


def cell(text: str) -> str:
    """``text`` for a Markdown table cell: printable, no pipes, no HTML."""
    return (
        printable(text)
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def code(text: str) -> str:
    """``text`` as a Markdown code span in a table cell, whatever backticks it holds."""
    body = printable(text).replace("|", "\\|")
    fence = "`"
    while fence in body:
        fence += "`"
    pad = " " if body.startswith("`") or body.endswith("`") else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def render_markdown(report: Report) -> str:
    """A report for an issue body or a job summary."""
    lines = [f"### Link check: {headline(report)}", ""]
    stamp = summary(report)["checked_at"]
    files = len(report.files)
    lines.append(f"Checked at {stamp} in {files} file{'s' if files != 1 else ''}.")
    for note in report.notes:
        detail = f" ({cell(note.detail)})" if note.detail else ""
        lines += ["", f"> **{cell(note.text)}**{detail}"]
    for warning in report.warnings:
        lines += ["", f"> **Warning:** {code(str(warning.where))}: {cell(warning.message)}"]
    if report.problems:
        lines += ["", *(f"- {code(str(p))}" for p in report.problems)]
    if report.results:
        lines += ["", "| Verdict | Link | Where | Reason |", "| --- | --- | --- | --- |"]
        for result in _by_concern(report):
            verdict = str(result.verdict)
            if report.is_failure(result):
                verdict = f"**{verdict}**"
            where = "<br>".join(code(w) for w in _where(result))
            lines.append(f"| {verdict} | {cell(result.url)} | {where} | {cell(result.reason)} |")
    return "\n".join(lines) + "\n"


def escape_data(text: str) -> str:
    """Escape text for the message part of a workflow command (one line, always)."""
    encoded = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(encoded)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report) -> str:
    """Workflow annotations (``::error file=…,line=…::…``), then the Markdown summary."""
    lines = []
    for problem in report.problems:
        props = _annotation_place(problem.where)
        lines.append(f"::error {props},title=Unreadable file::{escape_data(problem.message)}")
    for result in _by_concern(report):
        level = ANNOTATION_LEVELS.get(result.verdict)
        if level is None:
            continue
        if report.is_failure(result):
            level = "error"
        title = escape_property(ANNOTATION_TITLES[result.verdict])
        message = escape_data(f"{result.url} is {result.verdict}: {result.reason}")
        for source in result.sources:
            lines.append(f"::{level} {_annotation_place(source)},title={title}::{message}")
    for warning in report.warnings:
        place = _annotation_place(warning.where)
        title = escape_property(CREDENTIALS_TITLE)
        lines.append(f"::warning {place},title={title}::{escape_data(warning.message)}")
    for note in report.notes:
        detail = f" ({note.detail})" if note.detail else ""
        lines.append(f"::warning title=Links not verified::{escape_data(note.text + detail)}")
    return "\n".join([*lines, "", render_markdown(report)]) if lines else render_markdown(report)


def _annotation_place(where: Location) -> str:
    place = f"file={escape_property(where.path)}"
    return place + f",line={where.line}" if where.line else place

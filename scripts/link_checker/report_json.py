"""The JSON link report: its shape, and the one reader of it.

``check_links.py --format json`` writes it (``report.render_json``, from the
dictionaries made here); the links workflow (``scripts/link_report.py``), the
site build (``overrides/hooks/last_verified.py``) and the tests read it with
``read_report``. Standard library only: the site builds without the checker's
libraries.

    {"links": [{"url", "verdict", "status", "final_url", "moved_to", "reason",
                "sources": [{"path", "line"}]}],
     "summary": {"total", "ok", "moved", "blocked", "broken", "unverified", "skipped",
                 "excluded", "files", "file_errors", "network", "strict", "exit_code",
                 "checked_at", "duration_seconds", "notes", "warnings"}}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from guide.model import Location

VERDICTS = ("ok", "moved", "blocked", "broken", "unverified", "skipped")
NO_VERDICT = ("unverified", "skipped")


class ReportError(ValueError):
    """A report that cannot be used; ``str()`` is one line naming the file."""


@dataclass(frozen=True)
class ReportedLink:
    """One link of a report, as the checker judged it."""

    url: str
    verdict: str
    reason: str
    sources: tuple[Location, ...]
    status: int | None = None
    final_url: str | None = None
    moved_to: str | None = None


@dataclass(frozen=True)
class LinkReport:
    checked_at: datetime
    links: tuple[ReportedLink, ...]
    summary: dict[str, Any]

    @property
    def verified(self) -> bool:
        """False when no link got a verdict (the check had no network, say)."""
        return any(link.verdict not in NO_VERDICT for link in self.links)

    def count(self, verdict: str) -> int:
        return sum(1 for link in self.links if link.verdict == verdict)


def link_entry(link: ReportedLink) -> dict[str, Any]:
    """The JSON object of one link."""
    return {
        "url": link.url,
        "verdict": link.verdict,
        "status": link.status,
        "final_url": link.final_url,
        "moved_to": link.moved_to,
        "reason": link.reason,
        "sources": [{"path": s.path, "line": s.line} for s in link.sources],
    }


def read_report(path: Path) -> LinkReport:
    """The report in ``path``; ``ReportError`` with one line when it is unusable."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ReportError(f"{path} cannot be read ({error.strerror or error})") from None
    except UnicodeDecodeError as error:
        raise ReportError(f"{path} is not valid JSON ({error})") from None
    return parse_report(text, str(path))


def parse_report(text: str, name: str) -> LinkReport:
    """The report in ``text`` (read from ``name``, for messages)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReportError(f"{name} is not valid JSON ({error})") from None
    try:
        summary = data["summary"]
        links = tuple(_link(entry) for entry in data["links"])
        checked_at = _moment(summary["checked_at"])
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        problem = f"missing {error}" if isinstance(error, KeyError) else str(error)
        raise ReportError(
            f"{name} does not have the link checker's JSON shape ({problem})"
        ) from None
    return LinkReport(checked_at, links, dict(summary))


def _link(entry: dict[str, Any]) -> ReportedLink:
    verdict = entry["verdict"]
    if verdict not in VERDICTS:
        raise ValueError(f"unknown verdict {verdict!r} for {entry['url']}")
    status = entry.get("status")
    return ReportedLink(
        url=str(entry["url"]),
        verdict=verdict,
        reason=str(entry.get("reason") or ""),
        sources=tuple(Location(str(s["path"]), _line(s["line"])) for s in entry["sources"]),
        status=status if isinstance(status, int) and not isinstance(status, bool) else None,
        final_url=_text(entry.get("final_url")),
        moved_to=_text(entry.get("moved_to")),
    )


def _line(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"a source line must be a whole number, not {value!r}")
    return value


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _moment(value: Any) -> datetime:
    moment = datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)

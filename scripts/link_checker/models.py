"""The values passed between the link checker's modules: links, verdicts, results."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Verdict(StrEnum):
    """The one verdict every checked URL gets."""

    OK = "ok"
    MOVED = "moved"
    BLOCKED = "blocked"
    BROKEN = "broken"
    UNVERIFIED = "unverified"


VERDICT_ORDER = (Verdict.BROKEN, Verdict.UNVERIFIED, Verdict.BLOCKED, Verdict.MOVED, Verdict.OK)


@dataclass(frozen=True, order=True)
class Source:
    """Where a link is used: a file path as shown to the reader, and a 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Link:
    """One external URL and every place that uses it."""

    url: str
    sources: list[Source] = field(default_factory=list)


@dataclass(frozen=True)
class FileProblem:
    """A file that could not be read, or a link in it that could not be understood."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


@dataclass
class Result:
    """The verdict on one URL.

    ``network_dependent`` marks a failure that a machine without network would
    also see (a name that does not resolve, an unreachable network); the runner
    turns those into ``unverified`` when the network turns out to be down.
    """

    url: str
    verdict: Verdict
    reason: str
    status: int | None = None
    final_url: str | None = None
    sources: list[Source] = field(default_factory=list)
    network_dependent: bool = False

    def as_json(self) -> dict[str, object]:
        """The stable JSON shape of one link (see ``report``)."""
        return {
            "url": self.url,
            "verdict": str(self.verdict),
            "status": self.status,
            "final_url": self.final_url,
            "reason": self.reason,
            "sources": [{"path": s.path, "line": s.line} for s in self.sources],
        }

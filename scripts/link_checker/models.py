"""The values passed between the link checker's modules: links, verdicts, results."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple


class Verdict(StrEnum):
    """The one verdict every checked URL gets."""

    OK = "ok"
    MOVED = "moved"
    BLOCKED = "blocked"
    BROKEN = "broken"
    UNVERIFIED = "unverified"


class Unverified(StrEnum):
    """Why a URL has no verdict: each cause gets its own line in the report."""

    NETWORK = "network"  # this machine has no network
    DEADLINE = "deadline"  # the run's deadline came first
    CHECKER_ERROR = "checker error"  # a bug in the checker (please report it)


VERDICT_ORDER = (Verdict.BROKEN, Verdict.UNVERIFIED, Verdict.BLOCKED, Verdict.MOVED, Verdict.OK)


class Source(NamedTuple):
    """Where a link is used: a file path as shown to the reader, and a 1-based line.

    A named tuple: big pages have hundreds of thousands of these.
    """

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(slots=True)
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


@dataclass(slots=True)
class Result:
    """The verdict on one URL.

    ``network_dependent`` marks a failure that a machine without network would
    also see (a name that does not resolve, an unreachable network); the runner
    turns those into ``unverified`` when the network turns out to be down.
    ``unverified_by`` says why an ``unverified`` URL has no verdict.
    """

    url: str
    verdict: Verdict
    reason: str
    status: int | None = None
    final_url: str | None = None
    sources: list[Source] = field(default_factory=list)
    network_dependent: bool = False
    unverified_by: Unverified | None = None

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

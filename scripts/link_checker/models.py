"""The values passed between the link checker's modules: links, verdicts, results.

Where a link is used is a ``guide.model.Location`` (``path:line``), and a file
that cannot be read is a ``guide.model.Problem``: the project's one location
and message types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from guide.model import Location


class Verdict(StrEnum):
    """The one verdict every checked URL gets."""

    OK = "ok"
    MOVED = "moved"
    BLOCKED = "blocked"
    BROKEN = "broken"
    UNVERIFIED = "unverified"
    SKIPPED = "skipped"  # deliberately not fetched (a local address)


class Unverified(StrEnum):
    """Why a URL has no verdict: each cause gets its own line in the report."""

    NETWORK = "network"  # this machine has no network
    DEADLINE = "deadline"  # the run's deadline came first
    RETRY_LATER = "retry later"  # the server asked for a longer wait than the check makes
    CHECKER_ERROR = "checker error"  # a bug in the checker (please report it)


VERDICT_ORDER = (
    Verdict.BROKEN,
    Verdict.UNVERIFIED,
    Verdict.BLOCKED,
    Verdict.MOVED,
    Verdict.SKIPPED,
    Verdict.OK,
)


@dataclass(slots=True)
class Link:
    """One external URL and every place that uses it."""

    url: str
    sources: list[Location] = field(default_factory=list)


@dataclass(slots=True)
class Result:
    """The verdict on one URL.

    ``network_dependent`` marks a failure that a machine without network would
    also see (a name that does not resolve, an unreachable network); the runner
    turns those into ``unverified`` when the network turns out to be down.
    ``unverified_by`` says why an ``unverified`` URL has no verdict.
    ``moved_to`` is the address to put in the page instead, for ``moved``.
    """

    url: str
    verdict: Verdict
    reason: str
    status: int | None = None
    final_url: str | None = None
    sources: list[Location] = field(default_factory=list)
    network_dependent: bool = False
    unverified_by: Unverified | None = None
    moved_to: str | None = None

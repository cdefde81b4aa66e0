"""One link-check run: check every URL, then sort out what the network explains."""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from link_checker.client import LinkClient
from link_checker.config import Config
from link_checker.models import FileProblem, Link, Result, Verdict
from link_checker.network import NetworkProbe
from link_checker.resolver import Override, OverrideResolver

EXIT_OK = 0
EXIT_BROKEN = 1
EXIT_USAGE = 2
EXIT_UNVERIFIED = 3
NETWORK_AVAILABLE = "available"
NETWORK_UNAVAILABLE = "unavailable"
NETWORK_NOT_CHECKED = "not checked"


class SetupError(Exception):
    """A run that cannot start (e.g. an unreadable CA file); one line for the user."""


@dataclass(frozen=True)
class Options:
    """Per-run choices that are not project config."""

    ca_file: Path | None = None
    overrides: tuple[Override, ...] = ()
    strict: bool = False


@dataclass
class Report:
    """Everything a formatter needs about one run."""

    results: list[Result]
    problems: list[FileProblem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    excluded: int = 0
    network: str = NETWORK_NOT_CHECKED
    network_detail: str = ""
    strict: bool = False
    checked_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    duration: float = 0.0

    def count(self, verdict: Verdict) -> int:
        return sum(1 for r in self.results if r.verdict is verdict)

    def is_failure(self, result: Result) -> bool:
        return result.verdict is Verdict.BROKEN or (
            self.strict and result.verdict is Verdict.BLOCKED
        )

    @property
    def exit_code(self) -> int:
        if self.problems or any(self.is_failure(r) for r in self.results):
            return EXIT_BROKEN
        if self.count(Verdict.UNVERIFIED):
            return EXIT_UNVERIFIED
        return EXIT_OK

    @property
    def network_line(self) -> str | None:
        """The one-line explanation behind exit code 3, when the network was down."""
        unverified = self.count(Verdict.UNVERIFIED)
        if not unverified:
            return None
        noun = "link" if unverified == 1 else "links"
        return f"network unavailable: {unverified} {noun} not verified"


def ssl_context(ca_file: Path | None) -> ssl.SSLContext:
    """The system's trust store, plus ``ca_file`` when given."""
    context = ssl.create_default_context()
    if ca_file is not None:
        try:
            context.load_verify_locations(cafile=ca_file)
        except (OSError, ssl.SSLError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            raise SetupError(f"CA file {ca_file}: {reason}") from None
    return context


async def check_links(
    links: Sequence[Link],
    config: Config,
    options: Options = Options(),
    on_result: Callable[[Result], None] | None = None,
) -> Report:
    """Check ``links`` (URLs the config excludes are counted, not asked)."""
    started = time.monotonic()
    checked_at = datetime.now(UTC)
    wanted = [link for link in links if not config.is_excluded(link.url)]
    context = ssl_context(options.ca_file)
    resolver = OverrideResolver(options.overrides)
    async with LinkClient(config, resolver, context) as client:

        async def one(link: Link) -> Result:
            result = await client.check(link.url)
            result.sources = list(link.sources)
            if on_result is not None:
                on_result(result)
            return result

        results = list(await asyncio.gather(*(one(link) for link in wanted)))
        network, detail = NETWORK_NOT_CHECKED, ""
        if any(r.network_dependent and r.verdict is Verdict.BROKEN for r in results):
            probe = NetworkProbe(
                resolver, config.canaries, config.canary_port, config.canary_timeout
            )
            status = await probe.status()
            network = NETWORK_AVAILABLE if status.available else NETWORK_UNAVAILABLE
            detail = status.detail
            if not status.available:
                for result in results:
                    if result.network_dependent and result.verdict is Verdict.BROKEN:
                        result.verdict = Verdict.UNVERIFIED
                        result.reason = f"network unavailable ({result.reason})"
    await resolver.close()
    return Report(
        results=results,
        excluded=len(links) - len(wanted),
        network=network,
        network_detail=detail,
        strict=options.strict,
        checked_at=checked_at,
        duration=time.monotonic() - started,
    )


def run(
    links: Sequence[Link],
    config: Config,
    options: Options = Options(),
    on_result: Callable[[Result], None] | None = None,
) -> Report:
    """``check_links`` for callers without an event loop."""
    return asyncio.run(check_links(links, config, options, on_result))

"""One link-check run: check every URL fairly across hosts, by a deadline, then sort
out what the network explains.

No URL can end the run: an unexpected exception while checking one URL becomes
that URL's result (``unverified``, "checker error: …"), and URLs still open at
the deadline become ``unverified`` ("deadline reached").
"""

from __future__ import annotations

import asyncio
import os
import ssl
import sys
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from guide.model import Problem

from link_checker.config import Config
from link_checker.models import Link, Result, Unverified, Verdict
from link_checker.overrides import Override
from link_checker.urls import has_credentials, host_of, redact_credentials

if TYPE_CHECKING:
    from link_checker.client import LinkClient
    from link_checker.resolver import OverrideResolver

EXIT_OK = 0
EXIT_BROKEN = 1
EXIT_USAGE = 2
EXIT_UNVERIFIED = 3
NETWORK_AVAILABLE = "available"
NETWORK_UNAVAILABLE = "unavailable"
NETWORK_NOT_CHECKED = "not checked"
DEBUG_ENV = "LINK_CHECK_DEBUG"
# URLs being checked at once, at most this many times the global request limit
# (the rest wait in per-host queues, so memory follows the number of hosts busy).
LIVE_PER_REQUEST_SLOT = 4
REPORT_BUG = "please report this (with the URL and the reason) as a bug in the link checker"


class SetupError(Exception):
    """A run that cannot start (e.g. an unreadable CA file); one line for the user."""


@dataclass(frozen=True)
class Options:
    """Per-run choices that are not project config.

    ``started`` is the ``time.monotonic()`` the deadline counts from (default:
    when checking starts).
    """

    ca_file: Path | None = None
    overrides: tuple[Override, ...] = ()
    strict: bool = False
    started: float | None = None


@dataclass
class Report:
    """Everything a formatter needs about one run."""

    results: list[Result]
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    excluded: int = 0
    network: str = NETWORK_NOT_CHECKED
    network_detail: str = ""
    strict: bool = False
    checked_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    duration: float = 0.0
    deadline: float | None = None

    def count(self, verdict: Verdict) -> int:
        return sum(1 for r in self.results if r.verdict is verdict)

    def unverified_by(self, cause: Unverified) -> int:
        return sum(1 for r in self.results if r.unverified_by is cause)

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
    def notes(self) -> list[Note]:
        """One line per reason links went unverified (what exit code 3 means here)."""
        notes = []
        network = self.unverified_by(Unverified.NETWORK)
        if network:
            text = f"network unavailable: {_links(network)} not verified"
            notes.append(Note(text, self.network_detail))
        deadline = self.unverified_by(Unverified.DEADLINE)
        if deadline:
            after = f" after {self.deadline:g} s" if self.deadline is not None else ""
            notes.append(Note(f"deadline reached{after}: {_links(deadline)} not verified"))
        later = self.unverified_by(Unverified.RETRY_LATER)
        if later:
            notes.append(Note(f"the server asks to retry later: {_links(later)} not verified"))
        errors = self.unverified_by(Unverified.CHECKER_ERROR)
        if errors:
            notes.append(Note(f"checker error on {_links(errors)} (not verified): {REPORT_BUG}"))
        return notes

    @property
    def warnings(self) -> list[Problem]:
        """Each use of a link that carries credentials: whoever reads the page can use them."""
        return [
            Problem(
                source,
                f"the link {redact_credentials(result.url)} carries credentials that every "
                "reader of the page can see: remove them from the page",
            )
            for result in self.results
            if has_credentials(result.url)
            for source in result.sources
        ]


@dataclass(frozen=True)
class Note:
    """A line explaining unverified links, and the evidence behind it (may be empty)."""

    text: str
    detail: str = ""


def _links(count: int) -> str:
    return f"{count} link" if count == 1 else f"{count} links"


def ssl_context(ca_file: Path | None) -> ssl.SSLContext | None:
    """The system's trust store plus ``ca_file``; None (aiohttp's own default) without one."""
    if ca_file is None:
        return None  # aiohttp already loaded the system store once; reuse it
    context = ssl.create_default_context()
    try:
        context.load_verify_locations(cafile=ca_file)
    except (OSError, ssl.SSLError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise SetupError(f"CA file {ca_file}: {reason}") from None
    return context


def checker_error(url: str, error: BaseException) -> Result:
    """The result for a URL whose check raised: not a link failure, a bug to report."""
    if os.environ.get(DEBUG_ENV):
        traceback.print_exception(error, file=sys.stderr)
    message = str(error)
    reason = f"checker error: {type(error).__name__}" + (f": {message}" if message else "")
    return Result(url, Verdict.UNVERIFIED, reason, unverified_by=Unverified.CHECKER_ERROR)


def deadline_reached(url: str, deadline: float) -> Result:
    return Result(
        url,
        Verdict.UNVERIFIED,
        f"deadline reached: the run stopped after {deadline:g} s before this link was checked",
        unverified_by=Unverified.DEADLINE,
    )


class _Schedule:
    """Checks links host by host, fairly: each host gets as many URLs in flight as its
    politeness allows, and hosts take turns, so the order of links on the page does
    not matter. The client still gates every single request (redirects, retries).

    Workers, not a task per URL: a worker that finishes a URL starts the next one
    at once, without waiting for the event loop to get round to a new task.
    """

    def __init__(
        self,
        links: Sequence[Link],
        client: LinkClient,
        config: Config,
        on_result: Callable[[Result], None] | None,
    ) -> None:
        self._client = client
        self._on_result = on_result
        self._queues: dict[str, deque[Link]] = {}
        for link in links:
            self._queues.setdefault(host_of(link.url), deque()).append(link)
        self._queued = len(links)
        self._limits = {host: config.host_policy(host).concurrency for host in self._queues}
        self._turns: deque[str] = deque(self._queues)  # hosts that may start a URL now
        self._has_turn = set(self._queues)
        self._busy: Counter[str] = Counter()
        self._idle: deque[asyncio.Future[None]] = deque()  # workers waiting for a turn
        capacity = sum(min(len(q), self._limits[h]) for h, q in self._queues.items())
        max_live = max(LIVE_PER_REQUEST_SLOT * config.max_concurrency, 64)
        self._workers = min(capacity, max_live)
        self.results: dict[str, Result] = {}

    async def run(self, seconds: float) -> None:
        """Check everything, or stop after ``seconds`` (unfinished URLs stay without result)."""
        loop = asyncio.get_running_loop()
        workers = [loop.create_task(self._work()) for _ in range(self._workers)]
        if not workers:
            return
        try:
            async with asyncio.timeout(max(seconds, 0.0)):
                await asyncio.gather(*workers)
        except TimeoutError:
            for worker in workers:
                worker.cancel()
            await asyncio.gather(*workers, return_exceptions=True)

    async def _work(self) -> None:
        while True:
            taken = self._take()
            if taken is None:
                if not self._queued:
                    return
                waiter = asyncio.get_running_loop().create_future()
                self._idle.append(waiter)
                await waiter
                continue
            host, link = taken
            try:
                await self._check(link)
            finally:
                self._busy[host] -= 1
                self._offer_turn(host)

    def _take(self) -> tuple[str, Link] | None:
        while self._turns:
            host = self._turns.popleft()
            self._has_turn.discard(host)
            queue = self._queues[host]
            if queue:
                self._queued -= 1
                if not self._queued:
                    self._wake(all_of_them=True)  # nothing left to wait for
                self._busy[host] += 1
                self._offer_turn(host)
                return host, queue.popleft()
        return None

    def _offer_turn(self, host: str) -> None:
        waiting = self._queues[host] and self._busy[host] < self._limits[host]
        if waiting and host not in self._has_turn:
            self._turns.append(host)
            self._has_turn.add(host)
            self._wake()

    def _wake(self, *, all_of_them: bool = False) -> None:
        while self._idle:
            waiter = self._idle.popleft()
            if not waiter.done():
                waiter.set_result(None)
                if not all_of_them:
                    return

    async def _check(self, link: Link) -> None:
        try:
            result = await self._client.check(link.url)
        except Exception as error:  # a bug: this URL's result, not the end of the run
            result = checker_error(link.url, error)
        result.sources = list(link.sources)
        self.results[link.url] = result
        if self._on_result is not None:
            self._on_result(result)


async def check_links(
    links: Sequence[Link],
    config: Config,
    options: Options = Options(),
    on_result: Callable[[Result], None] | None = None,
) -> Report:
    """Check ``links`` (URLs the config excludes are counted, not asked)."""
    # Imported here, not at the top: aiohttp is most of the start-up time, and
    # only a run that asks servers needs it.
    from link_checker.client import LinkClient
    from link_checker.resolver import OverrideResolver

    started = time.monotonic()
    clock_start = options.started if options.started is not None else started
    checked_at = datetime.now(UTC)
    wanted = [link for link in links if not config.is_excluded(link.url)]
    context = ssl_context(options.ca_file)
    resolver = OverrideResolver(options.overrides)
    done: dict[str, Result] = {}
    failure: Exception | None = None  # a bug outside any one URL: the rest are unverified
    network, detail = NETWORK_NOT_CHECKED, ""
    seconds = config.deadline - (time.monotonic() - clock_start)
    ends_at = asyncio.get_running_loop().time() + seconds
    try:
        async with LinkClient(config, resolver, context, ends_at) as client:
            schedule = _Schedule(wanted, client, config, on_result)
            done = schedule.results
            await schedule.run(seconds)
            network, detail = await _explain_network_failures(list(done.values()), resolver, config)
    except Exception as error:
        failure = error
    finally:
        await resolver.close()
    results = [done.get(link.url) or _unfinished(link, config.deadline, failure) for link in wanted]
    return Report(
        results=results,
        excluded=len(links) - len(wanted),
        network=network,
        network_detail=detail,
        strict=options.strict,
        checked_at=checked_at,
        duration=time.monotonic() - started,
        deadline=config.deadline,
    )


def _unfinished(link: Link, deadline: float, failure: Exception | None) -> Result:
    if failure is not None:
        result = checker_error(link.url, failure)
    else:
        result = deadline_reached(link.url, deadline)
    result.sources = list(link.sources)
    return result


async def _explain_network_failures(
    results: list[Result], resolver: OverrideResolver, config: Config
) -> tuple[str, str]:
    """Ask the canaries when a failure could mean "no network"; turn those into unverified."""
    from link_checker.network import NetworkProbe

    suspects = [r for r in results if r.network_dependent and r.verdict is Verdict.BROKEN]
    if not suspects:
        return NETWORK_NOT_CHECKED, ""
    probe = NetworkProbe(resolver, config.canaries, config.canary_port, config.canary_timeout)
    try:
        status = await probe.status()
    except Exception as error:  # a bug; the links keep the verdicts they have
        return NETWORK_NOT_CHECKED, checker_error("", error).reason + f"; {REPORT_BUG}"
    if status.available:
        return NETWORK_AVAILABLE, status.detail
    for result in suspects:
        result.verdict = Verdict.UNVERIFIED
        result.reason = f"network unavailable ({result.reason})"
        result.unverified_by = Unverified.NETWORK
    return NETWORK_UNAVAILABLE, status.detail


def run(
    links: Sequence[Link],
    config: Config,
    options: Options = Options(),
    on_result: Callable[[Result], None] | None = None,
) -> Report:
    """``check_links`` for callers without an event loop."""
    return asyncio.run(check_links(links, config, options, on_result))

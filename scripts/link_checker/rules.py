"""The verdict rules: what a server's answer (or silence) means, in words.

Nothing here touches the network; ``client`` gathers the facts (``Answer`` or
``Failure`` and the redirect chain) and these functions decide.
"""

from __future__ import annotations

import calendar
import email.utils
import functools
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from http import HTTPStatus

from link_checker.config import Expectation
from link_checker.models import Result, Unverified, Verdict
from link_checker.urls import has_session_parameters, host_of

PERMANENT_REDIRECTS = frozenset({301, 308})
GONE_STATUSES = {404: "not found", 410: "gone"}
RATE_LIMITED = 429
UNAVAILABLE = 503
# HTTP defines 1xx-5xx; some sites answer robots with a code past them (999).
FIRST_UNDEFINED_STATUS = 600
# Answers whose Retry-After is honoured (RFC 9110 section 10.2.3, RFC 6585).
WAIT_STATUSES = frozenset({RATE_LIMITED, UNAVAILABLE})
# Statuses a bot wall answers with; only these get their body start read.
CHALLENGE_STATUSES = frozenset({403, 429, 503})
# Headers that say "this is a bot challenge", with the values that mean it.
CHALLENGE_HEADERS = {
    "cf-mitigated": frozenset({"challenge"}),
    "x-amzn-waf-action": frozenset({"challenge", "captcha"}),
}
# Text found near the top of challenge pages (compared in lower case).
CHALLENGE_MARKERS = (
    b"<title>just a moment...</title>",
    b"/cdn-cgi/challenge-platform/",
    b"challenges.cloudflare.com",
    b"window._cf_chl_opt",
    b"<title>attention required! | cloudflare</title>",
    b"captcha-delivery.com",
    b"_incapsula_resource",
    b"px-captcha",
)


# Retry-After in seconds: ASCII digits, nothing else (RFC 9110 delay-seconds).
RETRY_AFTER_SECONDS = re.compile(r"[0-9]+")
# No wait is longer than this (a week); longer values are all "too long".
RETRY_AFTER_CAP = 7 * 24 * 3600.0
MAX_HTTP_DATE_LENGTH = 64


class FailureKind(StrEnum):
    """Why no HTTP answer came back."""

    DNS = "dns"
    REFUSED = "refused"
    UNREACHABLE = "unreachable"
    TLS = "tls"
    TIMEOUT = "timeout"
    DISCONNECTED = "disconnected"
    INVALID = "invalid"
    OTHER = "other"


RETRYABLE_FAILURES = frozenset({FailureKind.TIMEOUT, FailureKind.DISCONNECTED})
# Failures before any HTTP was spoken: a GET after a HEAD would fail the same way.
BEFORE_HTTP = frozenset(
    {FailureKind.DNS, FailureKind.REFUSED, FailureKind.UNREACHABLE, FailureKind.TLS}
)


@dataclass
class Answer:
    """One HTTP answer: only the parts the rules need."""

    url: str
    method: str
    status: int
    location: str | None = None
    challenge: str | None = None
    retry_after: float | None = None
    requests: int = 1  # every request made for this hop, HEAD included
    retried: bool = False  # whether a request was repeated after a failure
    # Set when the server asked for a longer wait than the check makes: why not.
    wait_refused: str | None = None

    @property
    def asked_wait(self) -> float | None:
        """Seconds the server asks to wait before asking again (429 and 503 only)."""
        wants = self.status in WAIT_STATUSES and self.challenge is None
        return self.retry_after if wants else None

    @property
    def is_redirect(self) -> bool:
        return 300 <= self.status < 400 and bool(self.location)

    @property
    def is_success(self) -> bool:
        return 200 <= self.status < 300

    @property
    def wants_retry(self) -> bool:
        return self.challenge is None and (
            self.status == RATE_LIMITED or 500 <= self.status < FIRST_UNDEFINED_STATUS
        )


@dataclass
class Failure:
    """No answer: the name, the connection, TLS or the clock failed."""

    url: str
    kind: FailureKind
    detail: str
    network_dependent: bool = False
    requests: int = 1
    retried: bool = False
    wait_refused: str | None = None  # never set: no server asked anything

    @property
    def asked_wait(self) -> float | None:
        return None

    @property
    def wants_retry(self) -> bool:
        return self.kind in RETRYABLE_FAILURES

    @property
    def reached_server(self) -> bool:
        """Whether the request got as far as speaking HTTP (so a GET may fare better)."""
        return self.kind not in BEFORE_HTTP


@dataclass
class Route:
    """Where a link led, hop by hop, and where it has moved for good.

    Each visit is a URL and the cookies sent with it: coming back to a URL with
    other cookies (a cookie check redirecting to itself) is no loop, as for a
    browser; the hop limit still ends any loop. ``moved_to`` is the target of
    the last permanent redirect in the run of permanent redirects that starts
    at the link, never a URL with session parameters.
    """

    visits: list[tuple[str, str]]
    moved_to: str | None = None
    moved_codes: list[int] = field(default_factory=list)
    all_permanent: bool = True  # every hop so far was a permanent redirect

    @classmethod
    def start(cls, url: str, cookies: str = "") -> Route:
        return cls([(url, cookies)])

    @property
    def urls(self) -> list[str]:
        return [url for url, _ in self.visits]

    @property
    def current(self) -> str:
        return self.visits[-1][0]

    @property
    def redirected(self) -> bool:
        return len(self.visits) > 1

    def seen(self, url: str, cookies: str) -> bool:
        return (url, cookies) in self.visits

    def follow(self, status: int, target: str, cookies: str) -> None:
        permanent = status in PERMANENT_REDIRECTS and not has_session_parameters(target)
        self.all_permanent = self.all_permanent and permanent
        if self.all_permanent:
            self.moved_to = target
            self.moved_codes.append(status)
        self.visits.append((target, cookies))


@functools.lru_cache(maxsize=1024)
def status_text(status: int) -> str:
    """``404 Not Found``; just the number for codes HTTP does not name."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def challenge_evidence(status: int, headers: Mapping[str, str], body_start: bytes) -> str | None:
    """What shows that an answer is a bot challenge, or None."""
    for name, values in CHALLENGE_HEADERS.items():
        value = headers.get(name, "").strip().lower()
        if value in values:
            return f"{name}: {value}"
    if status in CHALLENGE_STATUSES and body_start:
        lowered = body_start.lower()
        for marker in CHALLENGE_MARKERS:
            if marker in lowered:
                return f"challenge page ({marker.decode()!r} in the body)"
    return None


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or HTTP date), or None.

    Total: any text a server sends gives a number in ``[0, RETRY_AFTER_CAP]`` or
    None (not understood, so not honoured), never an exception.
    """
    if not value:
        return None
    text = value.strip()
    if RETRY_AFTER_SECONDS.fullmatch(text):
        # ASCII digits only: str.isdigit() also accepts "²" and "①".
        return min(float(text), RETRY_AFTER_CAP)
    return _seconds_until_http_date(text, time.time() if now is None else now)


def _seconds_until_http_date(text: str, now: float) -> float | None:
    if len(text) > MAX_HTTP_DATE_LENGTH:
        return None
    try:
        parts = email.utils.parsedate_tz(text)
    except (ValueError, TypeError, IndexError, OverflowError):
        return None
    if parts is None or not 1 <= parts[0] <= 9999:
        return None
    try:
        moment = calendar.timegm(parts[:6]) - (parts[9] or 0)
    except (ValueError, OverflowError):
        return None
    return min(max(0.0, moment - now), RETRY_AFTER_CAP)


def attempts_text(attempts: int, retried: bool = True) -> str:
    """`` (4 requests)`` when a request was repeated, counting every request made."""
    return f" ({attempts} requests)" if retried and attempts > 1 else ""


# ── Verdicts decided before or between requests ───────────────────────


def malformed(url: str, problem: str) -> Result:
    return Result(url, Verdict.BROKEN, f"malformed URL: {problem}")


def reserved_name(url: str, host: str, via: str | None = None) -> Result:
    tld = host.rstrip(".").rpartition(".")[2]
    where = f"redirects to {via}, whose host" if via else "host"
    return Result(
        url,
        Verdict.BROKEN,
        f"{where} {host} is under the reserved .{tld} domain, which never resolves",
        final_url=via,
    )


def local_address(url: str, where: str) -> Result:
    return Result(url, Verdict.SKIPPED, f"local address, not checked: {where}")


def redirect_loop(url: str, route: Route, target: str, cookies: str, status: int) -> Result:
    again = route.visits.index((target, cookies))
    path = " → ".join([*route.urls[again:], target])
    return Result(url, Verdict.BROKEN, f"redirect loop: {path}", status, target)


def too_many_redirects(url: str, limit: int, last: str, status: int) -> Result:
    return Result(url, Verdict.BROKEN, f"too many redirects (more than {limit})", status, last)


def bad_redirect(url: str, location: str, problem: str, status: int, current: str) -> Result:
    return Result(
        url,
        Verdict.BROKEN,
        f"redirect ({status}) from {current} to a malformed URL {location!r}: {problem}",
        status,
        current,
    )


def private_redirect(url: str, source_host: str, target: str, where: str, status: int) -> Result:
    return Result(
        url,
        Verdict.BROKEN,
        f"redirect ({status}) from public host {source_host} to {target}, into {where}, "
        "which is not globally routable; not followed",
        status,
        target,
    )


# ── Verdicts from the last answer or failure ──────────────────────────


def judge_failure(url: str, failure: Failure, route: Route) -> Result:
    """The verdict when the last request of the route got no answer."""
    via = f" (after redirect to {failure.url})" if route.redirected else ""
    reason = failure.detail + attempts_text(failure.requests, failure.retried) + via
    return Result(
        url,
        Verdict.BROKEN,
        reason,
        None,
        failure.url if route.redirected else None,
        network_dependent=failure.network_dependent,
    )


def judge_answer(url: str, answer: Answer, route: Route, expectation: Expectation | None) -> Result:
    """The verdict from the last answer of a route."""
    final = answer.url
    redirected = route.redirected
    if answer.wait_refused and answer.status == UNAVAILABLE:
        return _retry_later(url, answer)
    verdict, reason = _base_verdict(answer, route)
    if expectation is not None:
        # A short link seen only as a challenge on its own host tells nothing.
        unknown = verdict is Verdict.BLOCKED and not redirected
        if not unknown and not expectation.allows(final):
            why = f" ({expectation.why})" if expectation.why else ""
            ended = "redirects to" if redirected else "stays on"
            return Result(
                url,
                Verdict.BROKEN,
                f"{ended} {final} ({status_text(answer.status)}), "
                f"but must end on {expectation.describe()}{why}",
                answer.status,
                final,
            )
        if verdict in (Verdict.OK, Verdict.MOVED):
            verdict = Verdict.OK
            reason = (
                f"{status_text(answer.status)} on {host_of(final)}, as expected"
                f"{attempts_text(answer.requests, answer.retried)}"
            )
    moved_to = route.moved_to if verdict is Verdict.MOVED else None
    return Result(url, verdict, reason, answer.status, final, moved_to=moved_to)


def _retry_later(url: str, answer: Answer) -> Result:
    return Result(
        url,
        Verdict.UNVERIFIED,
        f"the server asks to retry after {answer.retry_after:g} s "
        f"({status_text(answer.status)}), {answer.wait_refused}",
        answer.status,
        answer.url,
        unverified_by=Unverified.RETRY_LATER,
    )


def _base_verdict(answer: Answer, route: Route) -> tuple[Verdict, str]:
    status = answer.status
    tries = attempts_text(answer.requests, answer.retried)
    redirected = route.redirected
    if answer.is_success:
        if route.moved_to is not None:
            codes = "/".join(str(code) for code in sorted(set(route.moved_codes)))
            return (
                Verdict.MOVED,
                f"moved permanently ({codes}); update the link to {route.moved_to}",
            )
        if redirected:
            return Verdict.OK, f"{status_text(status)} after redirect to {answer.url}{tries}"
        return Verdict.OK, f"{status_text(status)}{tries}"
    if answer.challenge:
        return (
            Verdict.BLOCKED,
            f"bot challenge ({answer.challenge}, {status_text(status)}): "
            "the host is up but refuses automated checks",
        )
    if status == RATE_LIMITED:
        if answer.wait_refused:
            return (
                Verdict.BLOCKED,
                f"rate limited: {status_text(status)} asks to retry after "
                f"{answer.retry_after:g} s, {answer.wait_refused}",
            )
        return Verdict.BLOCKED, f"rate limited: {status_text(status)}{tries}"
    if status >= FIRST_UNDEFINED_STATUS:
        return (
            Verdict.BLOCKED,
            f"status {status}, which HTTP does not define: the host is up but turns "
            "automated checks away",
        )
    if status in GONE_STATUSES:
        return Verdict.BROKEN, f"{GONE_STATUSES[status]} ({status_text(status)})"
    if status >= 500:
        return Verdict.BROKEN, f"server error {status_text(status)}{tries}"
    if 300 <= status < 400:
        return Verdict.BROKEN, f"redirect ({status_text(status)}) without a Location header"
    return Verdict.BROKEN, f"HTTP {status_text(status)}"

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from http import HTTPStatus

from link_checker.config import Expectation
from link_checker.models import Result, Verdict
from link_checker.urls import host_of

PERMANENT_REDIRECTS = frozenset({301, 308})
GONE_STATUSES = {404: "not found", 410: "gone"}
RATE_LIMITED = 429
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

    @property
    def is_redirect(self) -> bool:
        return 300 <= self.status < 400 and bool(self.location)

    @property
    def is_success(self) -> bool:
        return 200 <= self.status < 300

    @property
    def wants_retry(self) -> bool:
        return self.challenge is None and (self.status == RATE_LIMITED or self.status >= 500)


@dataclass
class Failure:
    """No answer: the name, the connection, TLS or the clock failed."""

    url: str
    kind: FailureKind
    detail: str
    network_dependent: bool = False
    requests: int = 1
    retried: bool = False

    @property
    def wants_retry(self) -> bool:
        return self.kind in RETRYABLE_FAILURES


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


def redirect_loop(url: str, chain: Sequence[str], target: str, status: int) -> Result:
    path = " → ".join([*chain[chain.index(target) :], target])
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


def judge_failure(url: str, failure: Failure, chain: Sequence[str]) -> Result:
    """The verdict when the last request of the chain got no answer."""
    via = f" (after redirect to {failure.url})" if len(chain) > 1 else ""
    reason = failure.detail + attempts_text(failure.requests, failure.retried) + via
    return Result(
        url,
        Verdict.BROKEN,
        reason,
        None,
        failure.url if len(chain) > 1 else None,
        network_dependent=failure.network_dependent,
    )


def judge_answer(
    url: str,
    answer: Answer,
    chain: Sequence[str],
    permanent: Sequence[int],
    expectation: Expectation | None,
    retry_after_max: float,
) -> Result:
    """The verdict from the last answer of a redirect chain."""
    final = answer.url
    redirected = len(chain) > 1
    verdict, reason = _base_verdict(answer, permanent, redirected, retry_after_max)
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
    return Result(url, verdict, reason, answer.status, final)


def _base_verdict(
    answer: Answer, permanent: Sequence[int], redirected: bool, retry_after_max: float
) -> tuple[Verdict, str]:
    status = answer.status
    tries = attempts_text(answer.requests, answer.retried)
    if answer.is_success:
        if permanent:
            codes = "/".join(str(code) for code in sorted(set(permanent)))
            return Verdict.MOVED, f"moved permanently ({codes}); update the link to {answer.url}"
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
        if answer.retry_after is not None and answer.retry_after > retry_after_max:
            return (
                Verdict.BLOCKED,
                f"rate limited: {status_text(status)} asks to retry after "
                f"{answer.retry_after:g} s, longer than the {retry_after_max:g} s this check waits",
            )
        return Verdict.BLOCKED, f"rate limited: {status_text(status)}{tries}"
    if status in GONE_STATUSES:
        return Verdict.BROKEN, f"{GONE_STATUSES[status]} ({status_text(status)})"
    if status >= 500:
        return Verdict.BROKEN, f"server error {status_text(status)}{tries}"
    if 300 <= status < 400:
        return Verdict.BROKEN, f"redirect ({status_text(status)}) without a Location header"
    return Verdict.BROKEN, f"HTTP {status_text(status)}"

"""Ask servers about URLs: politely, with retries, following redirects by hand.

Each URL is asked with HEAD first; an answer that looks like failure, or no
answer at all once a connection was made, is never trusted alone and is
confirmed with GET. Bodies are never read, except the first few kilobytes of a
likely bot-challenge page. Redirects are followed one hop at a time so that
permanent moves, loops, expectations and redirects into private networks can
be judged; cookies are kept for the run, as a browser keeps them.

No connection is used twice: a server that sends a body after a HEAD answer,
or garbage, can spoil only its own answer, never the next request's.
"""

from __future__ import annotations

import asyncio
import errno
import socket
import ssl
from types import TracebackType

import aiohttp

from link_checker import rules
from link_checker.config import Config, HostPolicy
from link_checker.models import Result
from link_checker.resolver import OverrideResolver
from link_checker.rules import Answer, Failure, FailureKind, Route
from link_checker.urls import (
    default_port,
    host_of,
    ip_address,
    is_local_host,
    is_reserved_name,
    malformed_reason,
    non_global,
    redirect_target,
    web_url,
)

ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ACCEPT_LANGUAGE = "en-US,en;q=0.9,zh-CN;q=0.8"
# At most this much of a body is read, and only to recognise a challenge page.
MAX_BODY_BYTES = 16 * 1024
# ... and for at most this long, so a server sending slowly cannot hold us.
BODY_READ_SECONDS = 2.0
MAX_HEADER_BYTES = 64 * 1024
MAX_HEADERS = 256
BINARY_TYPES = ("image/", "video/", "audio/", "font/", "application/octet-stream")
UNREACHABLE_ERRNOS = frozenset({errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL})
RESET_ERRNOS = frozenset({errno.ECONNRESET, errno.EPIPE, errno.ECONNABORTED})


class HostGate:
    """Politeness towards one host: a concurrency limit and a gap between request starts."""

    def __init__(self, policy: HostPolicy) -> None:
        self._slots = asyncio.Semaphore(policy.concurrency)
        self._interval = policy.interval
        self._next_start = 0.0

    # A class-based context manager: entered once per request, it must be cheap.
    async def __aenter__(self) -> None:
        await self._slots.acquire()
        if self._interval > 0:
            try:
                now = asyncio.get_running_loop().time()
                start = max(now, self._next_start)
                self._next_start = start + self._interval
                if start > now:
                    await asyncio.sleep(start - now)
            except BaseException:
                self._slots.release()
                raise

    async def __aexit__(self, *exc_info: object) -> None:
        self._slots.release()


class LinkClient:
    """Checks URLs over one HTTP session; use as ``async with LinkClient(...) as client``."""

    def __init__(
        self,
        config: Config,
        resolver: OverrideResolver,
        ssl_context: ssl.SSLContext | None,
        ends_at: float | None = None,
    ) -> None:
        self.config = config
        self.resolver = resolver
        self._ssl = ssl_context
        self._ends_at = ends_at  # the run's deadline, in event loop time
        self._gates: dict[str, HostGate] = {}
        self._global = asyncio.Semaphore(config.max_concurrency)
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> LinkClient:
        connector = aiohttp.TCPConnector(
            limit=self.config.max_concurrency,
            limit_per_host=0,
            force_close=True,  # one request per connection (see the module's docstring)
            resolver=self.resolver,
            ssl=self._ssl if self._ssl is not None else True,  # True: aiohttp's default
            ttl_dns_cache=300,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            headers={
                "User-Agent": self.config.user_agent,
                "Accept": ACCEPT,
                "Accept-Language": ACCEPT_LANGUAGE,
            },
            timeout=aiohttp.ClientTimeout(total=None),
            cookie_jar=aiohttp.CookieJar(unsafe=True),  # this run's; unsafe: IP hosts too
            # Big sites send long headers (CSP, cookies); aiohttp's 8 KB default is
            # too tight for them and would make a fine page look broken.
            max_line_size=MAX_HEADER_BYTES,
            max_field_size=MAX_HEADER_BYTES,
            max_headers=MAX_HEADERS,
        )
        # aiohttp sends a HEAD or GET again, unasked, after a reset or a close
        # (meant for a reused connection, which this client never has): that
        # would hide a request from the count and ask a failing server twice.
        if hasattr(self._session, "_retry_connection"):
            self._session._retry_connection = False
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._session is not None:
            await self._session.close()

    # ── One URL, hop by hop ───────────────────────────────────────────

    async def check(self, url: str) -> Result:
        """The verdict on ``url`` (``sources`` left empty for the caller to fill)."""
        problem = malformed_reason(url)
        if problem:
            return rules.malformed(url, problem)
        host = host_of(url)
        if is_reserved_name(host):
            return rules.reserved_name(url, host)
        if not self.config.allow_local:
            where = await self._local_destination(url)
            if where:
                return rules.local_address(url, where)
        route = Route.start(url, self._cookies(url))
        while True:
            outcome = await self._hop(route.current)
            if isinstance(outcome, Failure):
                return rules.judge_failure(url, outcome, route)
            if not outcome.is_redirect:
                return rules.judge_answer(url, outcome, route, self.config.expectation_for(url))
            target = await self._next_hop(url, route, outcome)
            if isinstance(target, Result):
                return target
            route.follow(outcome.status, target, self._cookies(target))

    def _cookies(self, url: str) -> str:
        """The cookies this run would send to ``url``, as one text."""
        assert self._session is not None
        jar = self._session.cookie_jar.filter_cookies(web_url(url))
        return "; ".join(f"{name}={jar[name].value}" for name in sorted(jar))

    async def _next_hop(self, url: str, route: Route, answer: Answer) -> str | Result:
        """Where the redirect in ``answer`` leads, or the verdict when it must not be followed."""
        current, location, status = route.current, answer.location or "", answer.status
        target, problem = redirect_target(current, location)
        if target is None:
            return rules.bad_redirect(url, location, problem or "not a URL", status, current)
        cookies = self._cookies(target)
        if route.seen(target, cookies):
            return rules.redirect_loop(url, route, target, cookies, status)
        if len(route.visits) > self.config.max_redirects:
            return rules.too_many_redirects(url, self.config.max_redirects, target, status)
        source_host = host_of(current)
        if not is_local_host(source_host):
            where = await self._local_destination(target)
            if where:
                return rules.private_redirect(url, source_host, target, where, status)
        target_host = host_of(target)
        if is_reserved_name(target_host):
            return rules.reserved_name(url, target_host, via=target)
        return target

    async def _local_destination(self, target: str) -> str | None:
        """Words for the non-global address ``target`` leads to, or None when it is public.

        A literal address is judged as written. A name is resolved, unless it is
        overridden: overrides are stand-ins for public hosts (tests, ``--resolve``).
        The resolver keeps its answer, so the connection goes where was judged.
        """
        host = host_of(target)
        found = non_global(host)
        if found:
            return found.describe(host)
        if ip_address(host) is not None or self.resolver.is_overridden(host):
            return None
        try:
            async with asyncio.timeout(self.config.timeout):
                infos = await self.resolver.resolve(host, default_port(target), socket.AF_UNSPEC)
        except (OSError, TimeoutError, ValueError):
            return None  # the request itself will say why the name fails
        for info in infos:
            found = non_global(info["host"])
            if found:
                return f"{host}, which resolves to {found.describe(info['host'])}"
        return None

    async def _hop(self, url: str) -> Answer | Failure:
        """HEAD, and GET (with retries) unless HEAD clearly succeeded or redirected."""
        head = await self._attempt("HEAD", url)
        if isinstance(head, Answer) and (head.is_success or head.is_redirect):
            return head
        if isinstance(head, Failure) and not head.reached_server:
            return head  # no name, refused, TLS: a GET would fail the same way
        return await self._get_with_retries(url, head)

    async def _get_with_retries(self, url: str, head: Answer | Failure) -> Answer | Failure:
        """GET until an answer needs no retry or the retries run out; counts every request.

        A Retry-After (429, 503) is waited out, before the first GET too; a wait
        longer than ``retry_after_max`` or past the run's deadline is not made,
        and the answer that asked for it is the outcome.
        """
        outcome, gets = head, 0
        while True:
            delay = 0.0 if gets == 0 else self.config.backoff * 2 ** (gets - 1)
            asked = outcome.asked_wait
            if asked is not None:
                refused = self._refuse_wait(asked)
                if refused:
                    outcome.wait_refused = refused
                    return outcome
                delay = asked
            if delay > 0:
                await asyncio.sleep(delay)
            outcome = await self._attempt("GET", url)
            gets += 1
            outcome.requests = 1 + gets  # the HEAD before them counts too
            outcome.retried = head.wants_retry or gets > 1
            if gets > self.config.retries or not outcome.wants_retry:
                return outcome

    def _refuse_wait(self, seconds: float) -> str | None:
        """Why a wait of ``seconds`` is not made, or None when it is."""
        if seconds > self.config.retry_after_max:
            return f"longer than the {self.config.retry_after_max:g} s this check waits"
        if self._ends_at is not None:
            left = self._ends_at - asyncio.get_running_loop().time()
            if seconds >= left:
                return f"past the run's deadline ({max(left, 0):.0f} s left)"
        return None

    # ── One request ───────────────────────────────────────────────────

    def _gate(self, host: str) -> HostGate:
        gate = self._gates.get(host)
        if gate is None:
            gate = self._gates[host] = HostGate(self.config.host_policy(host))
        return gate

    async def _attempt(self, method: str, url: str) -> Answer | Failure:
        assert self._session is not None, "use LinkClient as an async context manager"
        host = host_of(url)
        local = is_local_host(host)
        timeout = self.config.timeout
        # The host's gate first: a task waiting for a busy host must not hold a
        # global slot that a request to another host could use.
        async with self._gate(host), self._global:
            try:
                async with asyncio.timeout(timeout):
                    return await self._request(method, url)
            except TimeoutError:
                return Failure(url, FailureKind.TIMEOUT, f"timed out after {timeout:g} s")
            except aiohttp.ClientConnectorDNSError:
                return Failure(
                    url,
                    FailureKind.DNS,
                    f"name {host} does not resolve",
                    network_dependent=not local,
                )
            except aiohttp.ClientConnectorCertificateError as error:
                detail = getattr(error.certificate_error, "verify_message", None) or str(
                    error.certificate_error
                )
                return Failure(url, FailureKind.TLS, f"TLS certificate rejected: {detail}")
            except aiohttp.ClientSSLError as error:
                return Failure(url, FailureKind.TLS, f"TLS failed: {_os_text(error)}")
            except aiohttp.ClientConnectorError as error:
                return _connect_failure(url, error, local)
            except aiohttp.ServerDisconnectedError:
                return Failure(url, FailureKind.DISCONNECTED, "server closed the connection")
            except aiohttp.ClientOSError as error:
                kind = (
                    FailureKind.DISCONNECTED if error.errno in RESET_ERRNOS else FailureKind.OTHER
                )
                return Failure(url, kind, f"connection failed: {_os_text(error)}")
            except aiohttp.ClientPayloadError as error:
                return Failure(url, FailureKind.DISCONNECTED, f"broken response body: {error}")
            except aiohttp.ClientResponseError as error:
                return Failure(url, FailureKind.INVALID, f"invalid HTTP answer: {error.message}")
            except aiohttp.InvalidURL as error:
                return _malformed_failure(url, error)
            except aiohttp.ClientError as error:
                return Failure(url, FailureKind.OTHER, f"request failed: {error}")

    async def _request(self, method: str, url: str) -> Answer:
        assert self._session is not None
        async with self._session.request(method, web_url(url), allow_redirects=False) as response:
            body = b""
            if method == "GET" and response.status in rules.CHALLENGE_STATUSES:
                body = await _read_start(response)
            answer = Answer(
                url=url,
                method=method,
                status=response.status,
                location=response.headers.get("Location"),
                challenge=rules.challenge_evidence(response.status, response.headers, body),
                retry_after=rules.parse_retry_after(response.headers.get("Retry-After")),
            )
            if method == "GET":
                response.close()  # drop the connection rather than read an unread body
            return answer


async def _read_start(response: aiohttp.ClientResponse) -> bytes:
    """Up to ``MAX_BODY_BYTES`` of a textual body, for at most ``BODY_READ_SECONDS``."""
    content_type = response.headers.get("Content-Type", "").lower()
    if content_type.startswith(BINARY_TYPES):
        return b""
    data = bytearray()
    try:
        async with asyncio.timeout(BODY_READ_SECONDS):
            while len(data) < MAX_BODY_BYTES:
                chunk = await response.content.read(MAX_BODY_BYTES - len(data))
                if not chunk:
                    break
                data += chunk
    except (TimeoutError, aiohttp.ClientPayloadError):
        pass
    return bytes(data)


def _os_text(error: OSError) -> str:
    inner = getattr(error, "os_error", None) or error
    text = getattr(inner, "strerror", None) or str(inner) or type(inner).__name__
    return text


def _connect_failure(url: str, error: aiohttp.ClientConnectorError, local: bool) -> Failure:
    target = f"{error.host}:{error.port}"
    code = error.os_error.errno
    if isinstance(error.os_error, ConnectionRefusedError) or code == errno.ECONNREFUSED:
        return Failure(url, FailureKind.REFUSED, f"connection refused by {target}")
    if code in UNREACHABLE_ERRNOS:
        return Failure(
            url,
            FailureKind.UNREACHABLE,
            f"{target} is unreachable: {_os_text(error)}",
            network_dependent=not local,
        )
    if isinstance(error.os_error, TimeoutError):
        return Failure(url, FailureKind.TIMEOUT, f"connecting to {target} timed out")
    return Failure(url, FailureKind.OTHER, f"cannot connect to {target}: {_os_text(error)}")


def _malformed_failure(url: str, error: Exception) -> Failure:
    return Failure(url, FailureKind.INVALID, f"malformed URL: {error}")

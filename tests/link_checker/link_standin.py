"""A loopback stand-in for the web, for the link checker's tests (fixtures: conftest.py).

One aiohttp app serves HTTP and HTTPS (trustme certificates) on several
127.0.0.x addresses, each standing for a different host. Public-looking names
are pointed at those addresses with resolver overrides, the way curl's
``--resolve`` does, so TLS still verifies the original name. Paths select a
behaviour (``/status/404``, ``/redirect/301?to=…``, ``/challenge/header``…);
the guide's own hosts serve the guide's links for the end-to-end test. A raw
server (``raw.linkcheck``) breaks HTTP itself: bodies after HEAD, garbage,
resets. The misbehaviours are ``scripts/hostile_web.py``'s, which the
side-by-side with lychee uses too.

Tests wait for what the servers saw (``wait_for``), never for a fixed time:
``/hold`` keeps a request open until the stand-in stops, and ``/busy`` keeps
each request open until as many are in flight as the test expects.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from pathlib import Path
from urllib.parse import urlsplit

import trustme
from aiohttp import web
from hostile_web import HostileWeb, answer, listening_socket, send_counted
from hostile_web import page as web_page
from link_checker.client import MAX_BODY_BYTES
from link_checker.config import Config, Expectation
from link_checker.overrides import Override
from link_checker.urls import ip_address

REPO_ROOT = Path(__file__).resolve().parents[2]
# Which loopback address stands for which host.
HOSTS = {
    "alpha.linkcheck": "127.0.0.2",
    "beta.linkcheck": "127.0.0.3",
    "gamma.linkcheck": "127.0.0.4",
    "canary.linkcheck": "127.0.0.5",
    "platform.openai.com": "127.0.0.6",
    "openai.com": "127.0.0.7",
    "bit.ly": "127.0.0.8",
    "bewildcard.com": "127.0.0.9",
    "www.bewildcard.com": "127.0.0.9",
}
RAW_HOST = "raw.linkcheck"
RAW_ADDRESS = "127.0.0.12"
# Served over HTTPS with a certificate that does not name it.
WRONG_NAME_HOST = "wrong-name.linkcheck"
CANARY = "canary.linkcheck"
ALL_HOSTS = "*"  # the in-flight counter over every host
# The guide's stand-in: which pages each of its hosts serves.
GUIDE_PAGES = {
    "platform.openai.com": {
        "/",
        "/account/billing/overview",
        "/api-keys",
        "/usage",
        "/account/limits",
        "/settings/organization/billing/overview",
        "/settings/organization/limits",
    },
    "openai.com": {"/"},
    "bewildcard.com": {"/"},
    "www.bewildcard.com": {"/"},
    # The sources of the editor's notes.
    "developers.openai.com": {
        "/api/docs/supported-countries",
        "/api/docs/guides/rate-limits",
    },
    "help.openai.com": {
        "/en/articles/8264644-what-is-prepaid-billing",
        "/en/articles/6613520-phone-verification-faq",
    },
    "www.theregister.com": {"/2024/06/25/openai_unsupported_countries/"},
    "github.com": {
        "/achuanya/lhasa.github.io/blob/master/_posts/"
        "2025-03-20-Registering-as-a-Chrome-Web-Store-Developer.md",
    },
}
# Where to add a URL the guide starts linking to (named in the failure when one is missing).
GUIDE_PAGES_HOME = "GUIDE_PAGES in tests/link_checker/link_standin.py"
SHORT_LINKS = {"bit.ly": {"/bewildcard"}}
# Any other host the guide links to (added later, say) answers 200 from here.
OTHER_GUIDE_HOSTS_ADDRESS = "127.0.0.10"
SHORT_LINK_TARGET = "https://www.bewildcard.com/"
HIJACKED_TARGET = "https://gamma.linkcheck/ok"
# Ways to break the guide's stand-in (``StandIn.modes``).
MODE_API_KEYS_404 = "api-keys-404"
MODE_PLATFORM_GONE = "platform-nxdomain"
MODE_SHORT_LINK_HIJACKED = "bitly-hijacked"
FLOOD_CHUNK = b"<p>" + b"f" * (64 * 1024 - 7) + b"</p>"
FLOOD_MARKER_AT = MAX_BODY_BYTES  # the challenge marker starts right after the cap
CHALLENGE_PAGE = (
    b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    b'<script src="/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1"></script>'
    b"</body></html>"
)
# How long a /busy request waits for the others it expects, at most.
BUSY_WAIT = 10.0
FAST_TABLE = """\
[tool.check-links]
timeout = 5.0
retries = 1
backoff = 0.01
retry_after_max = 1.0
host_interval = 0.0

[tool.check-links.network]
canaries = ["canary.linkcheck"]
timeout = 1.0
"""
# Settings that keep the tests fast: short backoff, no gaps. The timeout is only
# ever reached by a test that asks for its own; 5 s leaves a loaded machine time.
FAST_CONFIG = Config(
    root=REPO_ROOT,
    timeout=5.0,
    retries=2,
    backoff=0.01,
    retry_after_max=2.0,
    max_redirects=5,
    host_concurrency=4,
    host_interval=0.0,
    canaries=(CANARY,),
    canary_port=443,
    canary_timeout=1.0,
    expectations=(
        Expectation(("bewildcard.com",), url="https://bit.ly/bewildcard", why="sponsored"),
    ),
)


@dataclass
class Ports:
    http: int
    https: int


class StandIn:
    """The stand-in web: start it, point names at it, read what it saw."""

    def __init__(self, workdir: Path, other_hosts: Sequence[str] = ()) -> None:
        self.hosts = dict(HOSTS)
        self.other_hosts = {
            h for h in other_hosts if h and h not in HOSTS and ip_address(h) is None
        }
        self.hosts.update(dict.fromkeys(sorted(self.other_hosts), OTHER_GUIDE_HOSTS_ADDRESS))
        self.ca = trustme.CA()
        names = [*self.hosts, *sorted(set(self.hosts.values()))]
        self._cert = self.ca.issue_cert(*names)
        self.ca_path = workdir / "standin-ca.pem"
        self.ca.cert_pem.write_to_path(str(self.ca_path))
        self.ports: dict[str, Ports] = {}
        self.raw = HostileWeb(RAW_ADDRESS)  # its raw server stands for raw.linkcheck
        self.hits: Counter[tuple[str, str, str]] = Counter()
        self.keys: Counter[str] = Counter()
        self.headers: dict[str, dict[str, str]] = {}
        self.in_flight: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        self.sent: Counter[str] = Counter()  # body bytes the socket took, per key
        self.finished: set[str] = set()  # keys whose endless body has stopped
        self.modes: set[str] = set()
        self._seen = threading.Condition()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self._busy_changed: asyncio.Condition | None = None

    # ── lifecycle ──

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    async def _start(self) -> None:
        self._busy_changed = asyncio.Condition()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._cert.configure_cert(tls)
        for address in sorted(set(self.hosts.values())):
            plain, secure = listening_socket(address), listening_socket(address)
            await web.SockSite(self._runner, plain).start()
            await web.SockSite(self._runner, secure, ssl_context=tls).start()
            self.ports[address] = Ports(plain.getsockname()[1], secure.getsockname()[1])
        await self.raw.start()

    async def _shutdown(self) -> None:
        await self.raw.stop()
        if self._runner is not None:
            await self._runner.cleanup()
        # Handlers still holding requests for clients that left (held, endless pages).
        others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    # ── waiting for what the servers saw ──

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
        """Block until ``condition()`` holds (it is checked whenever a server saw something)."""
        deadline = time.monotonic() + timeout
        with self._seen:
            while not condition():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"the stand-in never saw {what}")
                self._seen.wait(left)

    def _saw(self, change: Callable[[], None]) -> None:
        with self._seen:
            change()
            self._seen.notify_all()

    def knows(self, url: str) -> bool:
        """Whether the stand-in has an answer for ``url`` (else its 404 would say nothing)."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        path = parts.path or "/"
        if host in SHORT_LINKS:
            return path in SHORT_LINKS[host]
        if host in GUIDE_PAGES:
            return path in GUIDE_PAGES[host]
        return host in self.other_hosts or host in HOSTS or host.endswith(".linkcheck")

    # ── addressing ──

    def overrides(
        self, *, canary: bool = True, unresolvable: Sequence[str] = (), extra_canaries=()
    ) -> tuple[Override, ...]:
        """Point every stand-in name at its address (and the canaries, when ``canary``)."""
        found = []
        for name, address in self.hosts.items():
            if name == CANARY and not canary:
                continue
            if name in unresolvable:
                found.append(Override(name))
                continue
            found += self._point(name, address)
        found += self._point(WRONG_NAME_HOST, HOSTS["alpha.linkcheck"])
        found.append(Override(RAW_HOST, 80, RAW_ADDRESS, self.raw.raw_port))
        if canary:
            for name in extra_canaries:
                found += self._point(name, HOSTS[CANARY])
        return tuple(found)

    def _point(self, name: str, address: str) -> list[Override]:
        ports = self.ports[address]
        return [Override(name, 80, address, ports.http), Override(name, 443, address, ports.https)]

    @staticmethod
    def resolve_args(overrides: Sequence[Override]) -> list[str]:
        """The same overrides as ``--resolve`` arguments."""
        args = []
        for o in overrides:
            left = o.host if o.port is None else f"{o.host}:{o.port}"
            right = "" if o.address is None else f"{o.address}:{o.to_port}"
            args += ["--resolve", f"{left}={right}"]
        return args

    def literal(self, address: str, path: str, scheme: str = "http") -> str:
        """A URL naming a loopback address and port directly."""
        ports = self.ports[address]
        return f"{scheme}://{address}:{ports.http if scheme == 'http' else ports.https}{path}"

    # ── behaviour ──

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        host = (request.url.host or "").lower()
        path = request.path
        self._saw(lambda: self.hits.update([(host, request.path_qs, request.method)]))
        if host in GUIDE_PAGES or host == "bit.ly":
            return self._guide(host, path)
        if host in self.other_hosts:
            return web_page()
        key = request.query.get("key", "")
        if key:
            self.keys[key] += 1
        first_ones = self.keys[key] <= int(request.query.get("fails", "1000000"))
        parts = path.strip("/").split("/")
        head = request.method == "HEAD"
        match parts:
            case ["big-headers"]:
                return web_page(headers={"Content-Security-Policy": "default-src " + "x" * 20000})
            case ["flaky", code]:
                return web_page(int(code) if first_ones else 200)
            case ["challenge", "header"]:
                return web_page(403, CHALLENGE_PAGE[:40], {"cf-mitigated": "challenge"})
            case ["challenge", "page"]:
                return web_page(403, CHALLENGE_PAGE)
            case ["ratelimit"] | ["wait", _]:
                if first_ones:
                    code = 429 if parts == ["ratelimit"] else int(parts[1])
                    retry_after = request.query.get("retry_after", "0")
                    return web_page(code, headers={"Retry-After": retry_after})
                return web_page()
            case ["slow"]:
                if first_ones:
                    await asyncio.sleep(float(request.query.get("delay", "5")))
                return web_page()
            case ["hold"]:
                if first_ones:
                    await asyncio.Event().wait()  # until the stand-in stops
                return web_page()
            case ["flood", code]:
                return await self._flood(request, 405 if head else int(code), key)
            case ["headers"]:
                self.headers[key] = dict(request.headers)
                return web_page()
            case ["busy"]:
                return await self._busy(host, request.query)
        return await answer(request) or web_page(404)

    async def _busy(self, host: str, query) -> web.Response:
        """A page that answers once ``until`` requests are in flight (on ``host``, or on
        every host with ``over=all``), recording the most that ever were."""
        assert self._busy_changed is not None
        name = ALL_HOSTS if query.get("over") == "all" else host
        until = int(query.get("until", "1"))
        changed = self._busy_changed
        async with changed:
            for counted in {host, ALL_HOSTS}:
                self.in_flight[counted] += 1
                self.peak[counted] = max(self.peak[counted], self.in_flight[counted])
            changed.notify_all()
            try:
                await asyncio.wait_for(
                    changed.wait_for(lambda: self.peak[name] >= until), BUSY_WAIT
                )
            except TimeoutError:
                pass  # fewer came than expected: the peak will say so
            finally:
                for counted in {host, ALL_HOSTS}:
                    self.in_flight[counted] -= 1
        return web_page()

    def _guide(self, host: str, path: str) -> web.StreamResponse:
        if host in SHORT_LINKS:
            if path not in SHORT_LINKS[host]:
                return web_page(404)
            hijacked = MODE_SHORT_LINK_HIJACKED in self.modes
            target = HIJACKED_TARGET if hijacked else SHORT_LINK_TARGET
            return web.Response(status=301, headers={"Location": target})
        if (host, path) == ("platform.openai.com", "/api-keys") and MODE_API_KEYS_404 in self.modes:
            return web_page(404)
        return web_page(200 if path in GUIDE_PAGES[host] else 404)

    async def _flood(self, request: web.Request, status: int, key: str) -> web.StreamResponse:
        """An endless body sent as fast as the client reads it, counting the bytes sent.

        A challenge marker follows the first 16 KB: only a client reading past
        its cap sees it. ``key`` joins ``finished`` once the client has gone.
        """

        def count(size: int) -> None:
            self.sent[key] += size

        start = b"<!-- " + b"x" * (FLOOD_MARKER_AT - 10) + b" -->" + CHALLENGE_PAGE
        try:
            return await send_counted(request, status, chain([start], repeat(FLOOD_CHUNK)), count)
        finally:
            if request.method != "HEAD":  # a HEAD answer has no body to end
                self._saw(lambda: self.finished.add(key))


def closed_port(address: str = "127.0.0.2") -> int:
    """A port on ``address`` that nothing listens on."""
    with socket.socket() as sock:
        sock.bind((address, 0))
        return sock.getsockname()[1]


def page(workdir: Path, *urls: str, name: str = "page.md") -> Path:
    """A Markdown page with one link per line, after a heading (so link N is on line N+2)."""
    lines = ["# Page", "", *(f"- [link {n}]({url})" for n, url in enumerate(urls, 1))]
    path = workdir / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def common_args(standin, workdir: Path, *, canary: bool = True) -> list[str]:
    overrides = standin.overrides(canary=canary, unresolvable=["gone.linkcheck"])
    return [
        "--config",
        str(workdir / "pyproject.toml"),
        "--ca-file",
        str(standin.ca_path),
        *standin.resolve_args(overrides),
    ]

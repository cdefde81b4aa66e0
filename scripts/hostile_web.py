"""Loopback web servers that misbehave on purpose: for the link checker's tests and for
the side-by-side with lychee (``scripts/compare_links.py``).

``HostileWeb`` serves one loopback address with two servers: an aiohttp app
whose paths pick a behaviour (``/status/404``, ``/wait/503?retry_after=3``,
``/cookie/check`` ...) and a raw TCP server that breaks HTTP itself
(``/head-body``, ``/head-garbage``, ``/head-reset``, ``/garbage`` ...). It
records what it saw: each request with its time and connection, the most
requests in flight at once, the body bytes it sent.

Imported by ``compare_links.py`` and ``tests/link_checker``. As a command it
serves the hostile web until Ctrl-C, for trying a checker by hand::

    python3 scripts/dev.py run python scripts/hostile_web.py [--address 127.0.0.1]
"""

from __future__ import annotations

import project_env  # noqa: F401 - first: a missing library is one sentence

import argparse
import asyncio
import socket
import struct
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from aiohttp import web

PAGE = b"<!doctype html><title>hostile web</title><p>hello</p>"
ENDLESS_CHUNK = b"<p>" + b"x" * 1020 + b"</p>"
TRICKLE_CHUNK = b"<p>" + b"t" * 57 + b"</p>\n"
TRICKLE_GAP = 0.2  # seconds between two trickled chunks
GARBAGE = b"\x00\x01 no HTTP here \xff\r\n\r\n"
SESSION = "SESSIONTOKEN42"  # what /session-gate puts in its redirect
CHALLENGE = b"<!doctype html><title>Just a moment...</title><p>Checking your browser</p>"
MB = 1024 * 1024
SMALL_SEND_BUFFER = 64 * 1024


def listening_socket(address: str) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((address, 0))
    return sock


def page(
    status: int = 200, body: bytes = PAGE, headers: dict[str, str] | None = None
) -> web.Response:
    return web.Response(status=status, body=body, content_type="text/html", headers=headers)


def hops(request: web.Request, codes: str) -> web.Response:
    """``/hops/302,301?to=/ok``: a 302 to ``/hops/301?to=/ok``, which is a 301 to ``/ok``."""
    first, _, rest = codes.partition(",")
    raw = request.rel_url.raw_query_string
    query = f"?{raw}" if raw else ""
    location = f"/hops/{rest}{query}" if rest else request.query.get("to", "/ok")
    return web.Response(status=int(first), headers={"Location": location})


def session_gate(request: web.Request) -> web.Response:
    """``/session-gate``: a 302 to ``/ok`` with a session in its query, as a login wall does."""
    return web.Response(status=302, headers={"Location": f"/ok?session={SESSION}"})


def cookie_redirect(request: web.Request, kind: str) -> web.Response:
    """Redirects to itself that set cookies.

    ``check``: without the cookie, sets it and redirects once, as a cookie check
    does; ``same``: sets the same cookie every time (a real loop); ``counter``:
    sets a new value every time (a loop that never repeats itself exactly).
    """
    again = web.Response(status=302, headers={"Location": str(request.rel_url)})
    if kind == "check":
        if request.cookies.get("checked") == "1":
            return page()
        again.set_cookie("checked", "1")
    elif kind == "same":
        again.set_cookie("visited", "1")
    else:
        again.set_cookie("count", str(int(request.cookies.get("count", "0")) + 1))
    return again


async def stream_forever(
    request: web.Request, status: int, chunk: bytes, gap: float
) -> web.StreamResponse:
    """A body that never ends: ``chunk`` every ``gap`` seconds (none for HEAD)."""
    response = web.StreamResponse(status=status, headers={"Content-Type": "text/html"})
    await response.prepare(request)
    if request.method == "HEAD":
        return response
    try:
        while True:
            await response.write(chunk)
            await asyncio.sleep(gap)
    except (ConnectionError, RuntimeError):
        return response


async def answer(request: web.Request) -> web.StreamResponse | None:
    """The answer to a path that needs no memory of earlier requests, or None.

    ``/ok``, ``/status/CODE``, ``/head/CODE`` (CODE for HEAD, 200 for GET),
    ``/get/CODE`` (200 for HEAD, CODE for GET), ``/challenge`` (a bot wall's 403),
    ``/redirect/CODE?to=URL``, ``/hops/CODE,CODE?to=URL``, ``/cookie/KIND``,
    ``/session-gate``, ``/chain/N``, ``/loop/a``, ``/no-location``,
    ``/endless/CODE`` (a kilobyte every 5 ms), ``/trickle/CODE`` (64 bytes
    every 0.2 s, never reaching a byte cap), ``/many-headers?n=N``,
    ``/long-header``.
    """
    parts = request.path.strip("/").split("/")
    head = request.method == "HEAD"
    match parts:
        case ["ok"]:
            return page()
        case ["status", code]:
            return page(int(code))
        case ["head", code]:
            return page(int(code) if head else 200)
        case ["get", code]:  # HEAD says all is well; GET, what a browser gets, does not
            return page(200 if head else int(code))
        case ["challenge"]:
            return page(403, CHALLENGE, {"cf-mitigated": "challenge"})
        case ["redirect", code]:
            return web.Response(status=int(code), headers={"Location": request.query["to"]})
        case ["hops", codes]:
            return hops(request, codes)
        case ["cookie", kind]:
            return cookie_redirect(request, kind)
        case ["session-gate"]:
            return session_gate(request)
        case ["chain", count]:
            if int(count) == 0:
                return page()
            return web.Response(status=302, headers={"Location": f"/chain/{int(count) - 1}"})
        case ["loop", side]:
            other = "b" if side == "a" else "a"
            return web.Response(status=302, headers={"Location": f"/loop/{other}"})
        case ["no-location"]:
            return web.Response(status=302)
        case ["endless", code]:
            return await stream_forever(request, 405 if head else int(code), ENDLESS_CHUNK, 0.005)
        case ["trickle", code]:
            status = 405 if head else int(code)
            return await stream_forever(request, status, TRICKLE_CHUNK, TRICKLE_GAP)
        case ["many-headers"]:
            count = int(request.query.get("n", "150"))
            return page(headers={f"X-Header-{n}": "value" for n in range(count)})
        case ["long-header"]:
            return page(headers={"Content-Security-Policy": "default-src " + "x" * 60000})
    return None


async def send_counted(
    request: web.Request, status: int, chunks: Iterable[bytes], count: Callable[[int], None]
) -> web.StreamResponse:
    """Send ``chunks`` as fast as the client reads them, until they or the client are gone,
    calling ``count`` with the size of each chunk its socket took (none for HEAD).

    The send buffer is made small, so what is counted is close to what the
    client read (plus its receive buffer).
    """
    response = web.StreamResponse(status=status, headers={"Content-Type": "text/html"})
    sock = request.transport.get_extra_info("socket") if request.transport else None
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SMALL_SEND_BUFFER)
    await response.prepare(request)
    if request.method == "HEAD":
        return response
    try:
        for chunk in chunks:
            # asyncio drops writes to a closed connection without a word: stop there
            # (and yield each time, so that the loop can learn of the close).
            if request.transport is None or request.transport.is_closing():
                break
            # Counted as the transport takes it: the client may close while
            # the write waits to drain, and what it read is counted then too.
            count(len(chunk))
            await response.write(chunk)
            await asyncio.sleep(0)
    except (ConnectionError, RuntimeError):
        pass
    return response


async def raw_answer(writer: asyncio.StreamWriter, method: str, path: str) -> bool:
    """Answer one request on the raw server as its path says; False to end the connection.

    ``/head-body``: HEAD gets a body anyway; ``/head-garbage``: HEAD gets bytes
    that are no HTTP; ``/head-reset``: HEAD gets a reset; ``/garbage``: every
    method gets garbage; ``/close``: the connection closes without an answer;
    ``/http10``: an HTTP/1.0 answer whose body ends with the connection;
    ``/early-hints``: a 103 before the 200; ``/bad-location``: a redirect to a
    URL that cannot be parsed; ``/long-location``: a redirect with a 100 KB
    Location. Anything else: 200 with a small body.
    """
    head = method == "HEAD"
    ok = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(PAGE)
    answer: bytes | None = ok if head else ok + PAGE
    keep = True
    if path.startswith("/garbage") or (head and path.startswith("/head-garbage")):
        answer, keep = GARBAGE, False
    elif head and path.startswith("/head-reset"):
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()
        return False
    elif path.startswith("/close"):
        return False
    elif head and path.startswith("/head-body"):
        answer = ok + PAGE  # a body after HEAD: the bytes a next request would read
    elif path.startswith("/http10"):
        answer = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + (b"" if head else PAGE)
        keep = False
    elif path.startswith("/early-hints"):
        answer = b"HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n" + answer
    elif path.startswith("/bad-location"):
        answer = b"HTTP/1.1 302 Found\r\nLocation: http://[::1/x\r\nContent-Length: 0\r\n\r\n"
    elif path.startswith("/long-location"):
        target = b"/ok?" + b"x" * (100 * 1024)
        answer = b"HTTP/1.1 302 Found\r\nLocation: " + target + b"\r\nContent-Length: 0\r\n\r\n"
    writer.write(answer)
    await writer.drain()
    return keep


@dataclass(frozen=True)
class Seen:
    """One request a server saw."""

    at: float  # time.monotonic()
    clock: float  # time.time(), to compare with a moment a server named
    method: str
    path: str  # with the query
    connection: int
    user_agent: str = ""


@dataclass
class Observed:
    """Everything one ``HostileWeb`` saw."""

    requests: list[Seen] = field(default_factory=list)
    in_flight: int = 0
    peak: int = 0
    body_bytes: Counter[str] = field(default_factory=Counter)  # sent, per path

    def of(self, path: str) -> list[Seen]:
        return [seen for seen in self.requests if seen.path.startswith(path)]


class HostileWeb:
    """Both servers on one loopback address; ``start`` and ``stop`` from any thread."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.seen = Observed()
        self.port = 0
        self.raw_port = 0
        self._connections = 0
        self._counts: Counter[str] = Counter()
        self._runner: web.AppRunner | None = None
        self._raw: asyncio.Server | None = None

    def url(self, path: str) -> str:
        return f"http://{self.address}:{self.port}{path}"

    def raw_url(self, path: str) -> str:
        return f"http://{self.address}:{self.raw_port}{path}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.2)
        await self._runner.setup()
        sock = listening_socket(self.address)
        await web.SockSite(self._runner, sock).start()
        self.port = sock.getsockname()[1]
        self._raw = await asyncio.start_server(
            self._raw_connection, sock=listening_socket(self.address)
        )
        self.raw_port = self._raw.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._raw is not None:
            self._raw.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def _note(self, method: str, path: str, connection: int, agent: str = "") -> None:
        seen = Seen(time.monotonic(), time.time(), method, path, connection, agent)
        self.seen.requests.append(seen)

    async def _raw_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self._connections += 1
        connection = self._connections
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                method, path = head.decode("latin-1").split(" ")[:2]
                self._note(method, path, connection)
                if not await raw_answer(writer, method, path):
                    break
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            pass
        finally:
            writer.close()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        transport = request.transport
        connection = id(transport) if transport is not None else 0
        self._note(
            request.method, request.path_qs, connection, request.headers.get("User-Agent", "")
        )
        self._counts[request.path_qs] += 1
        asked = self._counts[request.path_qs]
        parts = request.path.strip("/").split("/")
        query = request.query
        match parts:
            case ["wait", code]:  # the first ``fails`` requests are asked to wait
                if asked <= int(query.get("fails", "1000000")):
                    return page(int(code), headers={"Retry-After": query.get("retry_after", "1")})
                return page()
            case ["slow"]:
                await asyncio.sleep(float(query.get("delay", "30")))
                return page()
            case ["big", size]:
                return await self._big(request, int(size))
            case ["busy"]:
                return await self._busy(float(query.get("delay", "0.3")))
        return await answer(request) or page(404)

    async def _busy(self, delay: float) -> web.Response:
        self.seen.in_flight += 1
        self.seen.peak = max(self.seen.peak, self.seen.in_flight)
        try:
            await asyncio.sleep(delay)
        finally:
            self.seen.in_flight -= 1
        return page()

    async def _big(self, request: web.Request, megabytes: int) -> web.StreamResponse:
        """A page of ``megabytes`` MB, counting the body bytes the client's socket took."""

        def count(size: int) -> None:
            self.seen.body_bytes[request.path] += size

        chunk = b"x" * SMALL_SEND_BUFFER
        chunks = (chunk for _ in range(megabytes * MB // len(chunk)))
        return await send_counted(request, 200, chunks, count)


class ServerThread:
    """An event loop in a background thread, for servers used from synchronous code."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def run(self, coroutine, timeout: float = 30):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        self.run(_cancel_the_rest())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
        self.loop.close()


async def _cancel_the_rest() -> None:
    """End the handlers still waiting for clients that left (slow and endless pages)."""
    others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for task in others:
        task.cancel()
    await asyncio.gather(*others, return_exceptions=True)


async def _serve(address: str) -> None:
    web_servers = HostileWeb(address)
    await web_servers.start()
    print(f"hostile web: {web_servers.url('/ok')} (and the other paths of answer())")
    print(f"raw HTTP:    {web_servers.raw_url('/head-body')} (and the paths of raw_answer())")
    print("Ctrl-C stops it.", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await web_servers.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="hostile_web.py", description="Serve the hostile web on loopback until Ctrl-C."
    )
    parser.add_argument("--address", default="127.0.0.1", help="a loopback address to serve on")
    args = parser.parse_args(argv)
    try:
        asyncio.run(_serve(args.address))
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())

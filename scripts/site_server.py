"""Serve a built site from loopback the way GitHub Pages serves it.

GitHub Pages compresses text with gzip (``Content-Encoding: gzip``), answers a
miss with the site's ``/404.html`` and status 404, serves ``index.html`` for a
folder and redirects a folder named without its trailing slash (``/en`` to
``/en/``). The browser tests and the Lighthouse script measure the site as
readers get it, so they serve it the same way.

The server is the standard library's threaded HTTP server, run in a thread:
the site is a handful of files, and a plain thread lets synchronous callers
(pytest with Playwright's sync API, the Lighthouse script) use it without an
event loop of their own.

Usage:
    python3 scripts/dev.py run python scripts/site_server.py [SITE_DIR] [--port 8000]
    python3 scripts/dev.py run python scripts/site_server.py --build
        (build into a temp dir first)
"""

from __future__ import annotations

import project_env  # noqa: F401 - first: a missing library is one sentence

import argparse
import gzip
import mimetypes
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from email.utils import formatdate
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SITE = ROOT / "site"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
NOT_FOUND_PAGE = "404.html"
INDEX_PAGE = "index.html"
# What GitHub Pages compresses: text, not already-compressed files.
COMPRESSIBLE_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)
TYPE_OVERRIDES = {
    ".js": "application/javascript",
    ".mjs": "application/javascript",
    ".json": "application/json",
    ".map": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".gz": "application/gzip",
    ".webmanifest": "application/manifest+json",
}
GZIP_LEVEL = 6
CACHE_CONTROL = "max-age=600"  # what GitHub Pages sends


@dataclass(frozen=True)
class Served:
    """One answered request, as the server wrote it to the connection."""

    method: str
    path: str
    status: int
    wire_bytes: int  # status line, headers and body: what crossed the socket
    body_bytes: int  # the body as sent (compressed when gzip)
    gzip: bool


class _CountingWriter:
    """Wraps a handler's output stream and counts the bytes written to it."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.count = 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return self._stream.write(data)

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def content_type(path: Path) -> str:
    kind = TYPE_OVERRIDES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    kind = kind or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
        return f"{kind}; charset=utf-8"
    return kind


def is_compressible(kind: str) -> bool:
    return kind.startswith(COMPRESSIBLE_TYPES)


class _Cache:
    """Compressed bodies, kept while the file on disk is unchanged."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._bodies: dict[tuple[Path, int, int], bytes] = {}

    def gzipped(self, path: Path, raw: bytes) -> bytes:
        stat = path.stat()
        key = (path, stat.st_mtime_ns, stat.st_size)
        with self._lock:
            body = self._bodies.get(key)
        if body is None:
            body = gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0)
            with self._lock:
                self._bodies[key] = body
        return body


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as browsers expect
    server: _PagesServer
    wfile: _CountingWriter

    def setup(self) -> None:
        super().setup()
        self.wfile = _CountingWriter(self.wfile)

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the request log lives in ``SiteServer.log``."""

    def _answer(self, *, send_body: bool) -> None:
        self.wfile.count = 0
        url_path = unquote(urlsplit(self.path).path) or "/"
        target, status = self._resolve(url_path)
        if status == HTTPStatus.MOVED_PERMANENTLY:
            self.send_response(status)
            query = urlsplit(self.path).query
            self.send_header("Location", quote(f"{url_path}/") + (f"?{query}" if query else ""))
            self.send_header("Content-Length", "0")
            self.end_headers()
            self._record(url_path, status, 0, gzipped=False)
            return
        if target is None:
            body, kind, gzipped = b"Not found\n", "text/plain; charset=utf-8", False
        else:
            body, kind = target.read_bytes(), content_type(target)
            gzipped = is_compressible(kind) and "gzip" in self.headers.get("Accept-Encoding", "")
            if gzipped:
                body = self.server.cache.gzipped(target, body)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", CACHE_CONTROL)
        self.send_header("Vary", "Accept-Encoding")
        if target is not None:
            self.send_header("Last-Modified", formatdate(target.stat().st_mtime, usegmt=True))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        sent = body if send_body else b""
        # Logged before the body goes out, so a client holding the whole
        # response always finds its request in the log.
        self._record(url_path, status, len(sent), gzipped=gzipped)
        self.wfile.write(sent)

    def _resolve(self, url_path: str) -> tuple[Path | None, HTTPStatus]:
        """The file to send and the status: the file itself, its folder's index, or 404."""
        root = self.server.site_dir
        candidate = (root / url_path.lstrip("/")).resolve()
        inside = candidate == root or root in candidate.parents
        if inside and candidate.is_dir():
            if not url_path.endswith("/"):
                return None, HTTPStatus.MOVED_PERMANENTLY
            candidate = candidate / INDEX_PAGE
        if inside and candidate.is_file():
            return candidate, HTTPStatus.OK
        missing = root / NOT_FOUND_PAGE
        return (missing if missing.is_file() else None), HTTPStatus.NOT_FOUND

    def _record(self, path: str, status: int, body_bytes: int, *, gzipped: bool) -> None:
        """Log a request once its headers are written and before its body is."""
        wire_bytes = self.wfile.count + body_bytes
        served = Served(self.command, path, int(status), wire_bytes, body_bytes, gzipped)
        with self.server.log_lock:
            self.server.log.append(served)


class _PagesServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site_dir: Path, address: tuple[str, int]) -> None:
        super().__init__(address, _Handler)
        self.site_dir = site_dir
        self.cache = _Cache()
        self.log: list[Served] = []
        self.log_lock = threading.Lock()

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that drops a connection it no longer needs is not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SiteServer:
    """A running Pages-like server; ``base_url`` is known as soon as it is created.

    The port is bound on creation, so a caller can build the site with
    ``SITE_URL=server.base_url`` first: nothing is read from ``site_dir``
    until a request comes in.
    """

    def __init__(self, site_dir: Path, host: str = DEFAULT_HOST, port: int = 0) -> None:
        self._httpd = _PagesServer(Path(site_dir).resolve(), (host, port))
        bound_host, bound_port = self._httpd.server_address[:2]
        self.base_url = f"http://{bound_host}:{bound_port}/"
        # A short poll: close() waits for the loop to notice the shutdown.
        serve = partial(self._httpd.serve_forever, poll_interval=0.05)
        self._thread = threading.Thread(target=serve, daemon=True)
        self._thread.start()

    @property
    def site_dir(self) -> Path:
        return self._httpd.site_dir

    @site_dir.setter
    def site_dir(self, site_dir: Path) -> None:
        self._httpd.site_dir = Path(site_dir).resolve()

    @property
    def log(self) -> list[Served]:
        """A copy of every request answered so far."""
        with self._httpd.log_lock:
            return list(self._httpd.log)

    def clear_log(self) -> None:
        with self._httpd.log_lock:
            self._httpd.log.clear()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def serve(site_dir: Path, host: str = DEFAULT_HOST, port: int = 0) -> Iterator[str]:
    """Serve ``site_dir`` for the duration of the block; yields the base URL."""
    with SiteServer(site_dir, host, port) as server:
        yield server.base_url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=DEFAULT_SITE, help="built site")
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument(
        "--build", action="store_true", help="build into a temp dir for this server's URL first"
    )
    args = parser.parse_args(argv)
    try:
        server = SiteServer(args.site, args.host, args.port)
    except OSError as error:
        print(f"error: cannot listen on {args.host}:{args.port}: {error.strerror}", file=sys.stderr)
        return 2
    with server, tempfile.TemporaryDirectory(prefix="site-") as scratch:
        if args.build:
            from site_build import build  # scripts/ is on the path when run as a script

            result = build(Path(scratch), site_url=server.base_url)
            if result.returncode != 0:
                last = (result.stderr.strip().splitlines() or ["(no output)"])[-1]
                print(f"error: mkdocs build failed: {last}", file=sys.stderr)
                return 1
            server.site_dir = Path(scratch)
        elif not (args.site / INDEX_PAGE).is_file():
            print(f"error: {args.site} has no {INDEX_PAGE}; build the site first", file=sys.stderr)
            return 2
        print(f"Serving {server.site_dir} at {server.base_url} (Ctrl-C stops)", flush=True)
        # A plain `kill` stops it as cleanly as Ctrl-C: the temp build is removed.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        with suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())

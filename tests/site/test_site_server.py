"""The loopback server answers the way GitHub Pages does; the browser tests rely on it.

No browser needed: a tiny site in a temp dir, plain HTTP requests.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from site_server import SiteServer, serve

FILES = {
    "index.html": "<!doctype html><title>首页</title>",
    "404.html": "<!doctype html><title>404</title>",
    "en/index.html": "<!doctype html><title>Home</title>",
    "assets/site.css": "body { color: black; }\n" * 50,
    "assets/logo.png": "not really a png",
}


@pytest.fixture
def tiny_site(tmp_path: Path) -> Path:
    for name, text in FILES.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture
def tiny_server(tiny_site: Path) -> Iterator[SiteServer]:
    with SiteServer(tiny_site) as running:
        yield running


def fetch(server: SiteServer, path: str, *, accept_gzip: bool = True) -> tuple[int, dict, bytes]:
    parts = urlsplit(server.base_url)
    connection = HTTPConnection(parts.hostname or "", parts.port, timeout=5)
    headers = {"Accept-Encoding": "gzip"} if accept_gzip else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def test_text_is_gzipped_when_the_browser_accepts_it(tiny_server: SiteServer) -> None:
    status, headers, body = fetch(tiny_server, "/assets/site.css")
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert headers["content-type"] == "text/css; charset=utf-8"
    assert gzip.decompress(body).decode("utf-8") == FILES["assets/site.css"]
    assert int(headers["content-length"]) == len(body) < len(FILES["assets/site.css"])


def test_text_is_plain_without_accept_encoding_and_images_never_gzipped(
    tiny_server: SiteServer,
) -> None:
    _, headers, body = fetch(tiny_server, "/assets/site.css", accept_gzip=False)
    assert "content-encoding" not in headers and body.decode() == FILES["assets/site.css"]
    _, headers, _ = fetch(tiny_server, "/assets/logo.png")
    assert "content-encoding" not in headers


def test_folders_serve_their_index_and_redirect_without_a_slash(tiny_server: SiteServer) -> None:
    status, _, body = fetch(tiny_server, "/en/", accept_gzip=False)
    assert status == 200 and body.decode() == FILES["en/index.html"]
    status, headers, _ = fetch(tiny_server, "/en")
    assert status == 301 and headers["location"] == "/en/"


@pytest.mark.parametrize("path", ["/missing", "/en/missing/", "/../../etc/passwd"])
def test_a_miss_gets_the_404_page_with_status_404(tiny_server: SiteServer, path: str) -> None:
    status, _, body = fetch(tiny_server, path, accept_gzip=False)
    assert status == 404 and body.decode() == FILES["404.html"]


def test_the_log_counts_every_byte_written(tiny_server: SiteServer) -> None:
    tiny_server.clear_log()
    fetch(tiny_server, "/")
    (entry,) = tiny_server.log
    assert entry.path == "/" and entry.status == 200 and entry.gzip
    assert entry.wire_bytes > entry.body_bytes > 0


def test_serve_yields_the_base_url(tiny_site: Path) -> None:
    with serve(tiny_site) as base_url:
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/")

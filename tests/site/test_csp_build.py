"""The Content-Security-Policy, proved on the built HTML of every page (no browser needed).

The policy is a meta tag (GitHub Pages sends no custom headers) that only
trusts the site; inline scripts are allowed by hash only. That the browser
enforces it, and that the site works under it, is proved in
tests/browser/test_browser_csp.py.
"""

from __future__ import annotations

import base64
import hashlib

import pytest
from built import Built
from lxml import html as lxml_html

CSP = "Content-Security-Policy"
# Script types a browser runs; any other type is a data block and needs no hash.
RUN_TYPES = {"", "text/javascript", "application/javascript", "module"}
# Directives a reader's browser must get, script hashes aside.
REQUIRED = {
    "default-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "object-src": ["'none'"],
}


def policy(tree) -> dict[str, list[str]]:
    metas = tree.xpath(f'//meta[@http-equiv="{CSP}"]')
    assert len(metas) == 1, f"{len(metas)} CSP meta tags"
    directives = {}
    for part in metas[0].get("content").split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def sha256_source(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_scripts(tree) -> list[str]:
    return [
        script.text or ""
        for script in tree.iter("script")
        if script.get("src") is None and (script.get("type") or "").lower() in RUN_TYPES
    ]


@pytest.fixture
def pages(built: Built) -> list[tuple[str, object]]:
    """Every HTML file of the built site (tests/site/test_build.py: every page, 404s too)."""
    found = sorted(built.site.rglob("*.html"))
    assert found, f"{built.name}: no page built"
    return [(p.relative_to(built.site).as_posix(), lxml_html.parse(str(p))) for p in found]


def test_every_page_carries_the_policy_before_any_script_or_style(pages) -> None:
    for name, tree in pages:
        head = tree.find("head")
        meta = head.xpath(f'meta[@http-equiv="{CSP}"]')
        assert meta, f"{name}: no {CSP} meta"
        first_loader = next(
            (e for e in head if e.tag in ("script", "style") or e.get("rel") == "stylesheet"), None
        )
        if first_loader is not None:
            assert head.index(meta[0]) < head.index(first_loader), name
        directives = policy(tree)
        for directive, sources in REQUIRED.items():
            assert directives.get(directive) == sources, f"{name}: {directive}"
        script_sources = directives["script-src"]
        assert script_sources[0] == "'self'", name
        hashes = script_sources[1:]
        assert all(source.startswith("'sha256-") for source in hashes), f"{name}: {hashes}"


def test_every_inline_script_is_allowed_by_its_hash(pages) -> None:
    for name, tree in pages:
        allowed = set(policy(tree)["script-src"])
        for script in inline_scripts(tree):
            assert sha256_source(script) in allowed, f"{name}: inline script not hashed"


def test_nothing_inline_needs_unsafe_inline(pages) -> None:
    for name, tree in pages:
        for sources in policy(tree).values():
            assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources, name
        assert not tree.xpath("//style"), f"{name}: a <style> element"
        assert not tree.xpath("//*[@style]"), f"{name}: a style attribute"
        handlers = [a for e in tree.iter() for a in e.attrib if a.lower().startswith("on")]
        assert not handlers, f"{name}: inline event handlers {handlers}"

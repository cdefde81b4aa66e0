"""Give every built page a Content-Security-Policy that only trusts the site itself.

GitHub Pages sends no custom headers, so the policy is a ``<meta
http-equiv="Content-Security-Policy">`` placed right after ``<meta charset>``,
before anything it governs. Scripts, styles, fonts, images and fetches may
come only from the site's own origin; the few inline scripts Material writes
(and the 404 redirect from ``localized_404.py``) are allowed by their SHA-256
hash, computed here from the final files. No ``'unsafe-inline'`` anywhere:
Material sets styles through the CSSOM only, which a policy does not restrict.

The hook runs after every other ``on_post_build`` (priority -300) and only
once all languages are built, so it sees each file as it will be published.
Under ``mkdocs serve`` the policy is left out: the dev server injects an
inline live-reload script whose text changes on every request, so no hash
could allow it. The browser tests check the built site with the policy.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import theme_patch
from i18n_state import all_languages_built
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger

log = get_plugin_logger("csp")
_command: dict[str, str] = {"name": "build"}

# The policy without its script hashes; frame-ancestors is ignored in a meta tag.
DIRECTIVES: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],  # Material's icons are data: SVGs in its CSS
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "object-src": ["'none'"],
}
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
SRC_ATTRIBUTE = re.compile(r"\ssrc\s*=", re.IGNORECASE)
TYPE_ATTRIBUTE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
# Types a browser runs; anything else (application/json, ...) is a data block.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
CSP_META = re.compile(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', re.IGNORECASE)
CHARSET_META = re.compile(r"<meta\s+charset=[^>]*>", re.IGNORECASE)
HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
# Inline event handlers cannot be allowed by hash: report them instead.
EVENT_HANDLER = re.compile(r"<[a-z][^>]*?\son[a-z]+\s*=", re.IGNORECASE)


def inline_script_hashes(html: str) -> list[str]:
    """CSP sources for every inline script the browser would run, in page order."""
    hashes: list[str] = []
    for match in SCRIPT.finditer(html):
        attributes, body = match[1], match[2]
        kind = TYPE_ATTRIBUTE.search(attributes)
        if SRC_ATTRIBUTE.search(attributes) or (kind and kind[1].lower() not in SCRIPT_TYPES):
            continue
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def policy(script_hashes: list[str]) -> str:
    directives = {**DIRECTIVES, "script-src": DIRECTIVES["script-src"] + script_hashes}
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def with_csp(html: str, name: str = "a page") -> str:
    """The page with one up-to-date CSP meta tag, placed before any script or style."""
    html = CSP_META.sub("", html)
    content = policy(inline_script_hashes(html))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    anchor = CHARSET_META.search(html) or HEAD.search(html)
    if anchor is None:
        theme_patch.not_found("csp", "<meta charset> or <head> for the policy", name)
        return html
    return f"{html[: anchor.end()]}\n    {meta}{html[anchor.end() :]}"


def event_handlers(html: str) -> list[str]:
    """Tags with inline on*= handlers, which the policy will block."""
    return [m[0][:60] for m in EVENT_HANDLER.finditer(SCRIPT.sub("", html))]


def on_startup(command: str, dirty: bool) -> None:
    _command["name"] = command


@event_priority(-300)  # after localized_404 and every other post-build writer
def on_post_build(config: MkDocsConfig) -> None:
    if not all_languages_built(config):
        return
    if _command["name"] == "serve":
        log.info("Content-Security-Policy left out under mkdocs serve (live reload is inline)")
        return
    site = Path(config.site_dir)
    pages = sorted(site.rglob("*.html"))
    for path in pages:
        html = path.read_text(encoding="utf-8")
        for tag in event_handlers(html):
            name = path.relative_to(site)
            log.warning("%s: inline event handler %r is blocked by the CSP", name, tag)
        updated = with_csp(html, str(path.relative_to(site)))
        if updated != html:
            path.write_text(updated, encoding="utf-8")
    log.debug("Content-Security-Policy set on %d pages", len(pages))

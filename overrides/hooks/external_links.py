"""Mark every external link safe to open, and paid referral links as sponsored.

Hosts listed in ``extra.sponsored_hosts`` get ``rel="sponsored noopener"``;
every other http(s) link gets ``rel="noopener"``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

ANCHOR = re.compile(r'<a\s+([^>]*?)href="(https?://[^"]+)"([^>]*)>')
REL = re.compile(r'\srel="[^"]*"')


def rel_for(url: str, sponsored_hosts: set[str]) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return "sponsored noopener" if host in sponsored_hosts else "noopener"


def mark_external_links(html: str, sponsored_hosts: set[str]) -> str:
    def add_rel(match: re.Match[str]) -> str:
        before, url, after = match.groups()
        attrs = REL.sub("", f" {before}".rstrip() + after)
        return f'<a href="{url}"{attrs} rel="{rel_for(url, sponsored_hosts)}">'

    return ANCHOR.sub(add_rel, html)


def on_page_content(html, page, config, files):
    hosts = {h.lower() for h in config.extra.get("sponsored_hosts", [])}
    return mark_external_links(html, hosts)

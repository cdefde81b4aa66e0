"""Mark external links for browsers and readers: safe to open, and referrals disclosed.

Every http(s) link gets ``rel="noopener"``; links to a host listed in
``extra.sponsored_hosts`` are paid referrals and get ``rel="sponsored
noopener"``, which only machines read. So that readers know too, each such
link is followed by a short visible marker (推广链接 / referral link), which
screen readers read as text, and the page says once, under its title, what
the marker means; the link points at that sentence with ``aria-describedby``.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from mkdocs.structure.pages import Page
from page_top import under_title

ANCHOR = re.compile(r'<a\s+([^>]*?)href="(https?://[^"]+)"([^>]*)>')
REL = re.compile(r'\srel="[^"]*"')
# A whole link, once rel is set: its opening tag, its URL, its content.
SPONSORED_LINK = re.compile(
    r'(?P<open><a href="(?P<url>https?://[^"]+)"[^>]*\brel="sponsored noopener")>'
    r"(?P<content>.*?)</a>",
    re.DOTALL,
)
DISCLOSURE_ID = "referral-disclosure"
# What readers see, per language.
TEXT = {
    "zh": {
        "mark": "推广链接",
        "disclosure": (
            "标有此标记的是推广（返利）链接：通过它注册或付款，分享链接的人可能获得奖励。"
        ),
    },
    "en": {
        "mark": "referral link",
        "disclosure": (
            "Links with this mark are referral links: if you sign up or pay through one, "
            "whoever shared it may be rewarded."
        ),
    },
}
FALLBACK_LANGUAGE = "en"


def is_sponsored(url: str, sponsored_hosts: set[str]) -> bool:
    return (urlsplit(url).hostname or "").lower() in sponsored_hosts


def rel_for(url: str, sponsored_hosts: set[str]) -> str:
    return "sponsored noopener" if is_sponsored(url, sponsored_hosts) else "noopener"


def mark_external_links(html_text: str, sponsored_hosts: set[str]) -> str:
    def add_rel(match: re.Match[str]) -> str:
        before, url, after = match.groups()
        attrs = REL.sub("", f" {before}".rstrip() + after)
        return f'<a href="{url}"{attrs} rel="{rel_for(url, sponsored_hosts)}">'

    return ANCHOR.sub(add_rel, html_text)


def marker(text: str) -> str:
    return f'<span class="referral-mark" data-search-exclude>{html.escape(text)}</span>'


def disclose_referrals(html_text: str, sponsored_hosts: set[str], language: str) -> str:
    """Each referral link followed by its marker, and the page's one explanation of it.

    Expects ``mark_external_links`` to have run: referral links are found by their rel.
    """
    text = TEXT.get(language, TEXT[FALLBACK_LANGUAGE])
    found = 0

    def disclose(match: re.Match[str]) -> str:
        nonlocal found
        if not is_sponsored(match["url"], sponsored_hosts):
            return match[0]
        found += 1
        opening = f'{match["open"]} aria-describedby="{DISCLOSURE_ID}">'
        # A space, not only a margin: the link's words and the mark's stay apart
        # in the text too (copying, screen readers, the search's word marks).
        return f"{opening}{match['content']}</a> {marker(text['mark'])}"

    marked = SPONSORED_LINK.sub(disclose, html_text)
    if not found:
        return html_text
    explanation = (
        f'<p class="referral-disclosure" id="{DISCLOSURE_ID}" data-search-exclude>'
        f"{marker(text['mark'])} {html.escape(text['disclosure'])}</p>"
    )
    return under_title(marked, explanation)


def on_page_content(html_text: str, page: Page, config, files) -> str:
    hosts = {h.lower() for h in config.extra.get("sponsored_hosts", [])}
    language = getattr(page.file, "locale", None) or config.theme.get("language")
    return disclose_referrals(mark_external_links(html_text, hosts), hosts, language)

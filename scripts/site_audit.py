"""Audit a built site for what must never ship.

- Assets from another host: readers in mainland China cannot load most of
  them, so every script, stylesheet, font, image and frame must be local.
- Strings shaped like OpenAI secret keys: this guide is about keys, and a
  screenshot or example must never leak one.

Usage: python3 scripts/dev.py run python scripts/site_audit.py [SITE_DIR]   (default: site/)
"""

from __future__ import annotations

import project_env  # noqa: F401 - first: a missing library is one sentence

import argparse
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser

# Elements and attributes whose URL the browser loads by itself.
LOADING_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
}
# <link rel=...> values that make the browser fetch (hyperlinks such as alternate do not).
LOADING_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "prefetch",
    "modulepreload",
    "manifest",
    "apple-touch-icon",
    "preconnect",
    "dns-prefetch",
}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])(?P<url>(?:https?:)?//[^'")\s]+)""")
SECRET_KEY = re.compile(r"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}")
TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".txt", ".svg", ".map", ".md"}


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def is_other_host(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or bool(urlsplit(url).scheme in ("http", "https"))


def line_of(text: str, needle: str) -> int:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


def foreign_assets_in_html(path: Path, text: str) -> Iterator[Finding]:
    tree = HTMLParser(text)
    for tag, attributes in LOADING_ATTRIBUTES.items():
        for node in tree.css(tag):
            for attribute in attributes:
                for url in (node.attributes.get(attribute) or "").split(","):
                    url = url.strip().split(" ")[0]
                    if url and is_other_host(url):
                        yield Finding(path, line_of(text, url), f"<{tag} {attribute}> loads {url}")
    for node in tree.css("link[href]"):
        rels = set((node.attributes.get("rel") or "").lower().split())
        href = node.attributes.get("href") or ""
        if rels & LOADING_RELS and is_other_host(href):
            yield Finding(
                path, line_of(text, href), f"<link rel={' '.join(sorted(rels))}> loads {href}"
            )
    for node in tree.css("style"):
        yield from foreign_css_urls(path, text, node.text())


def foreign_css_urls(path: Path, text: str, css: str) -> Iterator[Finding]:
    for match in CSS_URL.finditer(css):
        yield Finding(path, line_of(text, match["url"]), f"CSS loads {match['url']}")


def foreign_assets(site: Path) -> list[Finding]:
    findings: list[Finding] = []
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            findings += foreign_assets_in_html(path, path.read_text(encoding="utf-8"))
        elif path.suffix == ".css":
            css = path.read_text(encoding="utf-8")
            findings += foreign_css_urls(path, css, css)
    return findings


def secret_like_strings(site: Path) -> list[Finding]:
    findings = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            text = path.read_text(encoding="utf-8", errors="replace")
            for match in SECRET_KEY.finditer(text):
                masked = match.group()[:7] + "…"
                findings.append(
                    Finding(
                        path, line_of(text, match.group()), f"looks like a secret key: {masked}"
                    )
                )
    return findings


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="site_audit.py",
        description="Audit a built site: no asset from another host, no secret-key-like string.",
    )
    parser.add_argument(
        "site", nargs="?", type=Path, default=Path("site"), help="the built site (default: site/)"
    )
    site = parser.parse_args(argv).site
    if not site.is_dir():
        print(
            f"error: {site}: no built site here (run python3 scripts/dev.py build first)",
            file=sys.stderr,
        )
        return 2
    findings = foreign_assets(site) + secret_like_strings(site)
    for finding in findings:
        print(finding)
    print(
        f"{len(findings)} problems in {site}"
        if findings
        else f"{site}: nothing from other hosts, no secret-like strings"
    )
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

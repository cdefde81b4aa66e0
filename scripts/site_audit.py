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
from pathlib import Path
from urllib.parse import urlsplit

from guide.model import Location, Problem
from lxml import html as lxml_html

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


def is_other_host(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or bool(urlsplit(url).scheme in ("http", "https"))


def finding(path: Path, line: int, what: str) -> Problem:
    return Problem(Location(str(path), line), what)


def foreign_assets_in_html(path: Path, text: str) -> Iterator[Problem]:
    tree = lxml_html.document_fromstring(text.encode("utf-8"))
    for tag, attributes in LOADING_ATTRIBUTES.items():
        for node in tree.iter(tag):
            for attribute in attributes:
                for url in (node.get(attribute) or "").split(","):
                    url = url.strip().split(" ")[0]
                    if url and is_other_host(url):
                        yield finding(path, node.sourceline, f"<{tag} {attribute}> loads {url}")
    for node in tree.iter("link"):
        rels = set((node.get("rel") or "").lower().split())
        href = node.get("href") or ""
        if rels & LOADING_RELS and is_other_host(href):
            rel = " ".join(sorted(rels))
            yield finding(path, node.sourceline, f"<link rel={rel}> loads {href}")
    for node in tree.iter("style"):
        yield from foreign_css_urls(path, node.text_content(), node.sourceline)


def foreign_css_urls(path: Path, css: str, first_line: int = 1) -> Iterator[Problem]:
    for match in CSS_URL.finditer(css):
        line = first_line + css.count("\n", 0, match.start())
        yield finding(path, line, f"CSS loads {match['url']}")


def foreign_assets(site: Path) -> list[Problem]:
    findings: list[Problem] = []
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            findings += foreign_assets_in_html(path, path.read_text(encoding="utf-8"))
        elif path.suffix == ".css":
            findings += foreign_css_urls(path, path.read_text(encoding="utf-8"))
    return findings


def secret_like_strings(site: Path) -> list[Problem]:
    findings = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            text = path.read_text(encoding="utf-8", errors="replace")
            for match in SECRET_KEY.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                masked = match.group()[:7] + "…"
                findings.append(finding(path, line, f"looks like a secret key: {masked}"))
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

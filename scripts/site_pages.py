"""Which pages the site publishes, so checks can visit every one of them.

Two views that must agree (a site test checks that they do):

- ``source_pages``: from ``docs/`` and the languages in mkdocs.yml, known
  before anything is built (the browser tests are parametrized with it);
- ``sitemap_paths``: from a built site's ``sitemap.xml`` (the Lighthouse
  script scores what was actually published).

A page's path is its URL below the site root: ``""`` for the default
language's home page, ``"en/"``, ``"en/plus/"``. The 404 pages are not in the
sitemap; ``not_found_pages`` names them, one per language.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
SITEMAP_NAMESPACE = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
NOT_FOUND = "404.html"


@dataclass(frozen=True)
class SitePage:
    path: str  # below the site root: "", "en/", "en/plus/", "404.html"
    lang: str  # the page's language, as in its <html lang>
    source: str = ""  # its Markdown file below docs/: "en/plus.md" ("" for a 404 page)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its plain values; tags such as !ENV become None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(root: Path = ROOT) -> dict[str, Any]:
    """mkdocs.yml's plain values (what a tag such as !ENV computes is left out)."""
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)


def languages(root: Path = ROOT) -> list[tuple[str, str]]:
    """(locale, URL prefix) of every built language, the default ('' prefix) first."""
    config = read_config(root)
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            found = [lang for lang in plugin["i18n"]["languages"] if lang.get("build", True)]
            found.sort(key=lambda lang: not lang.get("default", False))
            return [
                (lang["locale"], "" if i == 0 else f"{lang['locale']}/")
                for i, lang in enumerate(found)
            ]
    language = (config.get("theme") or {}).get("language", "en")
    return [(language, "")]


def page_path(source: PurePosixPath) -> str:
    """The URL path of a Markdown page inside its language folder (directory URLs)."""
    parent = "" if source.parent == PurePosixPath(".") else f"{source.parent}/"
    return parent if source.stem in ("index", "README") else f"{parent}{source.stem}/"


def source_pages(root: Path = ROOT) -> list[SitePage]:
    """Every page the build will publish, from the language folders in docs/."""
    pages = []
    for locale, prefix in languages(root):
        folder = root / "docs" / locale
        for source in sorted(folder.rglob("*.md")):
            relative = PurePosixPath(source.relative_to(folder).as_posix())
            pages.append(SitePage(f"{prefix}{page_path(relative)}", locale, f"{locale}/{relative}"))
    return pages


def not_found_pages(root: Path = ROOT) -> list[SitePage]:
    return [SitePage(f"{prefix}{NOT_FOUND}", locale) for locale, prefix in languages(root)]


def sitemap_paths(site_dir: Path, site_url: str) -> list[str]:
    """The paths below ``site_url`` that a built site's sitemap.xml lists, in its order."""
    base = urlsplit(site_url).path or "/"
    tree = ET.parse(site_dir / "sitemap.xml")
    paths = []
    for loc in tree.findall(".//s:loc", SITEMAP_NAMESPACE):
        path = urlsplit((loc.text or "").strip()).path
        paths.append(path[len(base) :] if path.startswith(base) else path.lstrip("/"))
    return paths

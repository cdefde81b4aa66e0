"""A project and the site built from it, as the site and guide tests read them.

The ``built`` fixture (tests/conftest.py) gives the repository as it is and
each README workflow replayed on a copy (tests/replay.py): every rule those
tests state must hold on all three, so no test can depend on today's pages.
Expectations come from the project's own sources: its pages (read with the
page reader), mkdocs.yml, the translation records.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guide.page import Page, read_page
from guide.pages import Language, PagePair, SitePages, site_pages
from guide.render import read_config
from lxml import html as lxml_html
from site_build import build_environment


@dataclass(frozen=True)
class BuiltPage:
    """One built page and the source it was built from."""

    lang: str
    url: str  # below the site root: '', 'en/', 'en/reminders/'
    source: Path
    pair: PagePair


@dataclass(frozen=True, eq=False)
class Built:
    name: str
    root: Path
    site: Path

    def __repr__(self) -> str:
        return f"Built({self.name})"

    @functools.cached_property
    def pages(self) -> SitePages:
        return site_pages(self.root)

    @functools.cached_property
    def config(self) -> dict[str, Any]:
        """mkdocs.yml as the tests' builds read it (SITE_URL unset)."""
        with build_environment(None):
            return read_config(self.root / "mkdocs.yml")

    @property
    def site_url(self) -> str:
        return self.config["site_url"]

    def every_page(self) -> list[BuiltPage]:
        found = []
        for pair in self.pages.pairs:
            for language in self.pages.languages:
                source = pair.original if language.default else pair.translation
                if source is not None:
                    url = self.pages.url(pair, language.locale)
                    found.append(BuiltPage(language.locale, url, source, pair))
        return found

    def counterpart(self, page: BuiltPage) -> BuiltPage | None:
        return next(
            (p for p in self.every_page() if p.pair == page.pair and p.lang != page.lang), None
        )

    def language(self, locale: str) -> Language:
        return self.pages.language(locale)

    def html(self, url: str) -> Any:
        """The built page at ``url`` (below the site root), parsed with lxml."""
        path = self.site / url
        if not url or url.endswith("/"):
            path = path / "index.html"
        return lxml_html.document_fromstring(path.read_bytes())

    def source(self, page: BuiltPage) -> Page:
        return read_page(page.source)

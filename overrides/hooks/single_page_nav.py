"""Hide the navigation sidebar while a language has a single page.

With one page, Material's left sidebar repeats the site name and the page
title and nothing else; the content and its table of contents should get the
room. This hook sets Material's own ``hide: [navigation]`` on a page whose
language's navigation lists only that page. Once a second page is in the nav,
the sidebar is back on every page, with no front matter to remember. Material
keeps the menu drawer on phones either way: it holds the table of contents.
"""

from __future__ import annotations

from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

HIDDEN = "navigation"


def on_page_context(context, page: Page, config, nav: Navigation):
    if len(nav.pages) == 1 and nav.pages[0] is page:
        hide = page.meta.get("hide") or []
        if HIDDEN not in hide:
            page.meta["hide"] = [*hide, HIDDEN]
    return context

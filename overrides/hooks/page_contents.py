"""Put the page's own contents at its top: a numbered list of its sections.

The upstream guide opens with a hand-written 目录 linking to each section;
the importer drops it, because a copy by hand drifts from the headings. This
hook writes it back at build time from the page's own table of contents
(MkDocs' ``page.toc``), so it lists exactly the page's level-2 headings, in
order, with their ids. On a phone the sections are then one tap away without
opening the menu drawer.

The list sits right under the page title. It is marked ``data-search-exclude``
so search does not match every section in the title's entry.
"""

from __future__ import annotations

import html

from mkdocs.structure.pages import Page
from page_top import under_title

# The title of the list in each language; the author's own word in Chinese.
TITLES = {"zh": "目录", "en": "Contents"}
FALLBACK_LANGUAGE = "en"
LEVEL = 2
BLOCK_ID = "page-contents"


def sections(toc) -> list[tuple[str, str]]:
    """(url, title as HTML) of every level-2 heading in a page's table of contents, in order."""
    found = []
    for item in toc:
        if item.level == LEVEL:
            found.append((item.url, item.title))
        elif item.level < LEVEL:
            found.extend(sections(item.children))
    return found


def contents_block(entries: list[tuple[str, str]], title: str) -> str:
    items = "".join(
        f'<li><a href="{html.escape(url, quote=True)}">{title_html}</a></li>'
        for url, title_html in entries
    )
    return (
        f'<nav class="{BLOCK_ID}" aria-labelledby="{BLOCK_ID}-title" data-search-exclude>'
        f'<p class="{BLOCK_ID}-title" id="{BLOCK_ID}-title">{html.escape(title)}</p>'
        f"<ol>{items}</ol></nav>"
    )


def on_page_content(content: str, page: Page, config, files) -> str:
    entries = sections(page.toc)
    if not entries:
        return content
    language = getattr(page.file, "locale", None) or config.theme.get("language")
    title = TITLES.get(language, TITLES[FALLBACK_LANGUAGE])
    return under_title(content, contents_block(entries, title))

"""The links of a Markdown page, read from the HTML MkDocs renders for it.

The shared page reader (``guide.page``) renders the page with Python-Markdown
configured exactly as the governing mkdocs.yml configures it, and gives every
``href``/``src`` with its source line. Address attributes it does not list
(``srcset``, ``poster`` ...) are read from the same rendered HTML, and placed
on the first source line that holds them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from link_checker.extract import html_links


class MarkdownError(ValueError):
    """The page cannot be read; ``line`` is its source line (0 when unknown)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


class SettingsError(ValueError):
    """mkdocs.yml cannot say how pages render (a project problem, not a page's)."""


def markdown_links(text: str, path: Path) -> Iterator[tuple[str, int, str, str]]:
    """``(value, line, tag, attribute)`` for every address in the rendered page."""
    from guide.page import PageError, parse_page
    from guide.render import ConfigError, find_config, markdown_settings
    from guide.walk import LINK_ATTRIBUTES

    try:
        settings = markdown_settings(find_config(path))
    except ConfigError as error:
        raise SettingsError(str(error)) from None
    try:
        page = parse_page(text, path, settings)
    except PageError as error:
        raise MarkdownError(error.message, error.line) from None
    for link in page.links:
        yield link.url, link.line, link.tag, link.attribute
    listed = set(LINK_ATTRIBUTES.items())
    fallback = page.body_start + 1
    for value, _, tag, attribute in html_links([page.html]):
        if (tag, attribute) not in listed:
            yield value, _line_holding(page.lines, value, fallback), tag, attribute


def _line_holding(lines: list[str], value: str, fallback: int) -> int:
    return next((number for number, line in enumerate(lines, 1) if value in line), fallback)

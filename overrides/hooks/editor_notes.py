"""Hold every editor's note to its promise: checked in a given month, with a public source.

An editor's note is the site's own voice, apart from the author's words: an
admonition of the type ``editor`` (``!!! editor "编者注（核实于 2026-12）"``),
styled in docs/stylesheets/site.css. Its title names the month it was last
checked (``YYYY-MM``), and its text links to at least one public source, which
the link checker then checks like every other link. A note without a valid
month or without a source is a warning, so the strict build fails and names
the page, the line and the note. The month is marked up as ``<time>``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from lxml import html as lxml_html
from lxml.etree import ParserError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

HOOK = "editor_notes"
log = get_plugin_logger(HOOK)

KIND = "editor"  # guide.walk.EDITOR_NOTE, the page reader's name for it
MONTH = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?!\d)")
NOTE = f"//div[contains(concat(' ', normalize-space(@class), ' '), ' {KIND} ')]"
SOURCE = ".//a[starts-with(@href, 'https://') or starts-with(@href, 'http://')]"
# The month in an editor's note's title, as rendered by Python-Markdown.
TITLE_MONTH = re.compile(
    rf'(<div class="admonition {KIND}">\s*<p class="admonition-title">[^<]*?)'
    r"(?<!\d)(\d{4}-\d{2})(?!\d)"
)
MARKER = re.compile(rf"^\s*[!?]{{3}}\+?\s+{KIND}\b")


def problems(html: str, now: datetime) -> list[tuple[str, str]]:
    """(title, what is wrong) for every note of the page that breaks a rule."""
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except ParserError:
        return []
    found = []
    for note in root.xpath(NOTE):
        if "admonition" not in (note.get("class") or "").split():
            continue
        titles = note.xpath("p[@class='admonition-title']")
        title = " ".join(titles[0].text_content().split()) if titles else ""
        problem = month_problem(title, now)
        if problem:
            found.append((title, problem))
        if not note.xpath(SOURCE):
            found.append((title, "links to no public source (https://...)"))
    return found


def month_problem(title: str, now: datetime) -> str | None:
    found = MONTH.search(title)
    if found is None:
        return "has no month it was checked (YYYY-MM) in its title"
    year, month = int(found[1]), int(found[2])
    if not 1 <= month <= 12:
        return f"has {found[0]} in its title, which is not a month"
    if (year, month) > (now.year, now.month):
        return f"says it was checked in {found[0]}, which has not come yet"
    return None


def with_times(html: str) -> str:
    """Each note's month as ``<time datetime="YYYY-MM">``."""
    return TITLE_MONTH.sub(r'\1<time datetime="\2">\2</time>', html)


def note_line(source: Path, title: str) -> int:
    """The source line of the note titled ``title`` (0 when it cannot be told)."""
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    markers = [(number, line) for number, line in enumerate(lines, 1) if MARKER.match(line)]
    for wanted in (f'"{title}"', title):  # the title as written, else as rendered
        found = next((number for number, line in markers if wanted in line), 0)
        if found:
            return found
    return 0


def where(page: Page, config, title: str) -> str:
    """``docs/zh/index.md:45``: the note's file below the project, and its line."""
    if not page.file.abs_src_path:
        return page.file.src_uri
    source = Path(page.file.abs_src_path)
    root = Path(config.config_file_path).resolve().parent
    try:
        name = source.resolve().relative_to(root).as_posix()
    except ValueError:
        name = page.file.src_uri
    line = note_line(source, title)
    return f"{name}:{line}" if line else name


def on_page_content(html: str, page: Page, config, files) -> str:
    for title, problem in problems(html, datetime.now(UTC)):
        log.warning("%s: editor's note '%s' %s", where(page, config, title), title, problem)
    return with_times(html)

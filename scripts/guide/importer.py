"""Turn the guide as written upstream (GitHub-flavoured Markdown) into the Chinese docs page.

The original lives elsewhere as a plain GitHub README-style file. Importing it:

- drops the hand-written 目录 (Material draws the table of contents) after
  checking that every anchor it linked to is still a heading's id;
- drops ``---`` rules between sections;
- turns blockquoted notes and bold ``**注意：**`` / ``**提示：**`` paragraphs into
  admonitions, typed by ``CALLOUT_RULES`` (the one home for that mapping) and
  titled with the author's own label (注意, 提示...; 提示 where there is none);
- marks bold text in steps that say 点击 or 选择 as a UI label (``{ .ui }``);
- indents nested list items by four spaces, puts one blank line between
  blocks and removes trailing spaces (Python-Markdown needs the first two).

Two line edits make GitHub's implicit block breaks explicit (``explicit_blocks``);
every block, section, quote, rule and link is then located by the page reader
(``guide.page``), and each block's source lines are kept byte for byte apart
from the edits above.

Heading texts, links and numbers are left exactly as written, so the page's
anchors and the parity check's view of it do not move. The editor's notes of
the current page (``guide.editor_notes``) are put back into their sections.
The conversion is a fixed point: importing an already imported page changes
nothing. EDITORIAL.md lists every change made to the author's text.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from guide.editor_notes import EditorNote, MovedNote, editor_notes, is_editor_note, place_notes
from guide.page import Block, Page, PageError, Section, parse_page
from guide.render import MarkdownSettings, find_config, front_matter_block, markdown_settings

# ── Callouts: the first rule that matches a note decides its type and title ──


@dataclass(frozen=True)
class CalloutRule:
    """A note becomes a ``kind`` admonition when its text has one of ``words``
    or its label (注意, 提示, ... or None for no label) is one of ``labels``.

    The admonition's title is the author's label; ``title`` is for a note the
    author gave none.
    """

    kind: str
    title: str
    words: tuple[str, ...] = ()
    labels: tuple[str | None, ...] = ()

    def matches(self, label: str | None, text: str) -> bool:
        return any(word in text for word in self.words) or label in self.labels


CALLOUT_RULES: tuple[CalloutRule, ...] = (
    # Losing the account outweighs whatever label the author gave the note.
    CalloutRule("danger", "警告", words=("封禁", "封号")),
    # A note about something failing warns the reader.
    CalloutRule("warning", "注意", words=("失败", "不成功")),
    CalloutRule("danger", "警告", labels=("警告",)),
    CalloutRule("note", "注意", labels=("注意",)),
    # An unlabelled blockquote is a hint.
    CalloutRule("tip", "提示", labels=("提示", None)),
)
LABELS = tuple(label for rule in CALLOUT_RULES for label in rule.labels if label)
# Steps with these verbs name things on screen: their bold text is a UI label.
UI_VERBS = ("点击", "选择")
UI_MARK = "{ .ui }"
TOC_TITLES = ("目录", "目錄")
INDENT = "    "

LABEL = re.compile(
    r"^(?:\*\*\s*(?P<bold>{0})\s*[：:]?\s*\*\*|(?P<plain>{0})\s*[：:])\s*[：:]?\s*".format(
        "|".join(LABELS)
    )
)
LIST_ITEM = re.compile(r"^(?P<indent>\s*)(?P<marker>[-*+]|\d{1,9}[.)])(?:\s+(?P<text>.*))?$")
FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")
BOLD = re.compile(r"\*\*(?P<text>[^*\n]+?)\*\*(?P<attrs>\{[^{}\n]*\})?")
QUOTE_PREFIX = re.compile(r"^\s*>\s?")

# A section in the change report: (heading level, heading text, occurrence).
SectionKey = tuple[int, str, int]


@dataclass
class Imported:
    """The docs page made from an upstream guide, and what the import noticed."""

    text: str
    toc_anchors: list[str] = field(default_factory=list)
    moved_notes: list[MovedNote] = field(default_factory=list)  # their section is gone


# ── Conversion ────────────────────────────────────────────────────────────


def convert(
    upstream: str,
    front_matter: str | None = None,
    path: Path | str = "<upstream>",
    notes: list[EditorNote] | None = None,
) -> Imported:
    """The docs page for ``upstream``; ``front_matter`` (YAML text) replaces the upstream's.

    ``notes`` (the current page's editor's notes) are put back into their
    sections; without them, the notes ``upstream`` itself has stay where they are.
    """
    text = upstream.replace("\r\n", "\n")
    found = front_matter_block(text)
    own_front_matter, body_start = ("", 0) if found is None else (found[0], found[1] + 1)
    lines = text.split("\n")[body_start:]
    page = read(lines, path)
    if not any(heading.level == 1 for heading in page.headings):
        raise PageError(path, 0, "no level-1 heading: is this the guide?")
    toc = table_of_contents(page)
    toc_anchors = [] if toc is None else [unquote(x.url[1:]) for x in toc.links if x.url[:1] == "#"]
    if notes is None:
        notes = editor_notes(page)
    body = "\n".join(convert_page(page, skip=toc)).strip("\n") + "\n"
    moved: list[MovedNote] = []
    if notes:
        lines, moved = place_notes(parse_page(body, path, site_settings()), notes)
        body = "\n".join(lines).strip("\n") + "\n"
    kept = front_matter if front_matter is not None else own_front_matter
    head = f"---\n{kept.strip()}\n---\n\n" if kept.strip() else ""
    return Imported(head + body, toc_anchors, moved)


def read(lines: list[str], path: Path | str) -> Page:
    """The page reader's view of GitHub-flavoured lines, once their blocks are explicit."""
    return parse_page("\n".join(explicit_blocks(lines)) + "\n", path, site_settings())


def site_settings() -> MarkdownSettings:
    return markdown_settings(find_config(Path(__file__)))


def table_of_contents(page: Page) -> Section | None:
    return next((s for s in page.sections if s.heading and s.heading.text in TOC_TITLES), None)


def convert_page(page: Page, skip: Section | None = None) -> list[str]:
    """Every block of the author's, converted, with one blank line between blocks.

    The editor's notes are left out: ``convert`` puts them back where they belong.
    """
    out: list[str] = []
    for block in page.blocks:
        if skip is not None and skip.start <= block.start < skip.end:
            continue
        if is_editor_note(block):
            continue
        lines = [line.rstrip() for line in page.lines[block.start - 1 : block.end]]
        converted = convert_block(block, lines, page.path)
        if not converted:
            continue
        if out:
            out.append("")
        out.extend(converted)
    return out


def convert_block(block: Block, lines: list[str], path: Path | str) -> list[str]:
    if block.tag == "hr":
        return []
    if block.tag == "blockquote":
        return admonition([QUOTE_PREFIX.sub("", line) for line in lines], path)
    if block.tag == "p" and LABEL.match(lines[0]):
        return admonition(lines, path)
    if block.tag in ("ol", "ul"):
        return [mark_ui_labels(line) if LIST_ITEM.match(line) else line for line in lines]
    return lines


# GitHub starts a list or quote on the line after text, and nests items by
# two or three spaces; Python-Markdown needs a blank line and four. These two
# line edits make the blocks explicit, so the reader sees GitHub's structure.
def explicit_blocks(lines: list[str]) -> list[str]:
    out: list[str] = []
    levels: list[int] = []  # the original indent of each open list level
    fence: str | None = None
    for raw in lines:
        line = raw.rstrip()
        if fence is not None:
            out.append(line)
            fence = None if line.strip().startswith(fence) else fence
            continue
        opening = FENCE.match(line)
        item = LIST_ITEM.match(line)
        if opening:
            fence = opening["fence"]
        if not line.strip():
            out.append("")
        elif item and (levels or len(item["indent"].expandtabs(4)) < len(INDENT)):
            if not levels and out and out[-1].strip():
                out.append("")
            out.append(nested_item(item, levels))
        elif levels and line[0] in " \t":
            out.append(INDENT * len(levels) + line.strip())
        else:
            levels.clear()
            out.append(line)
    return out


def nested_item(item: re.Match[str], levels: list[int]) -> str:
    indent = len(item["indent"].expandtabs(4))
    while levels and levels[-1] > indent:
        levels.pop()
    if not levels or levels[-1] < indent:
        levels.append(indent)
    return f"{INDENT * (len(levels) - 1)}{item['marker']} {item['text'] or ''}".rstrip()


def mark_ui_labels(line: str) -> str:
    """Bold text in a step that says 点击 or 选择 names something on screen."""
    if not any(verb in line for verb in UI_VERBS):
        return line
    return BOLD.sub(mark_ui, line)


def mark_ui(match: re.Match[str]) -> str:
    """Bold text as a UI label; bold text that already has attributes is left alone."""
    return match[0] if match["attrs"] else f"**{match['text']}**{UI_MARK}"


def admonition(body: list[str], path: Path | str) -> list[str]:
    """A note (blockquote or labelled paragraph) as a typed, titled admonition."""
    label = None
    lines = list(body)
    found = LABEL.match(lines[0]) if lines else None
    if found:
        label = found["bold"] or found["plain"]
        lines[0] = lines[0][found.end() :].strip()
    rule = callout_rule(label, "\n".join(lines))
    inner = convert_page(read(lines, path))
    indented = [INDENT + text if text else "" for text in inner]
    return [f'!!! {rule.kind} "{label or rule.title}"', "", *indented]


def callout_rule(label: str | None, text: str) -> CalloutRule:
    for rule in CALLOUT_RULES:
        if rule.matches(label, text):
            return rule
    return CALLOUT_RULES[-1]


# ── What changed: the imported page against the current docs page ─────────


@dataclass(frozen=True)
class SectionChange:
    """One section that differs, by heading; ``diff`` holds ``- old`` / ``+ new`` lines."""

    change: str  # "added", "removed" or "changed"
    heading: str
    line: int
    diff: tuple[str, ...] = ()

    def describe(self, path: Path | str) -> str:
        where = f" ({path}:{self.line})" if self.change != "added" else ""
        lines = [f"{self.change}: {self.heading}{where}"]
        lines.extend(f"    {text}" for text in self.diff)
        return "\n".join(lines)


def section_key_texts(page: Page) -> dict[SectionKey, tuple[Section, list[str]]]:
    """Sections keyed by (level, heading text, occurrence), with the author's non-blank lines.

    The editor's notes are not the upstream guide's, so they are left out.
    """
    notes = {
        line
        for block in page.blocks
        if is_editor_note(block)
        for line in range(block.start, block.end + 1)
    }
    seen: Counter[tuple[int, str]] = Counter()
    keyed = {}
    for section in page.sections:
        heading = section.heading
        if heading is None:
            continue
        seen[(heading.level, heading.text)] += 1
        key = (heading.level, heading.text, seen[(heading.level, heading.text)])
        lines = [
            page.lines[number - 1].rstrip()
            for number in range(section.start, section.end)
            if number not in notes and page.lines[number - 1].strip()
        ]
        keyed[key] = (section, lines)
    return keyed


def section_changes(current: Page, imported: Page) -> list[SectionChange]:
    """Sections added, removed or changed, in the imported page's order, then removals."""
    old, new = section_key_texts(current), section_key_texts(imported)
    changes = []
    for key, (section, lines) in new.items():
        heading = f"{'#' * key[0]} {key[1]}"
        if key not in old:
            changes.append(SectionChange("added", heading, section.heading.line))
        elif old[key][1] != lines:
            diff = tuple(line_diff(old[key][1], lines))
            changes.append(SectionChange("changed", heading, old[key][0].heading.line, diff))
    for key, (section, _) in old.items():
        if key not in new:
            heading = f"{'#' * key[0]} {key[1]}"
            changes.append(SectionChange("removed", heading, section.heading.line))
    return changes


def line_diff(old: list[str], new: list[str]) -> Iterator[str]:
    for line in difflib.unified_diff(old, new, lineterm="", n=0):
        if line.startswith(("---", "+++", "@@")):
            continue
        yield line


def missing_toc_anchors(imported: Imported, page: Page) -> list[str]:
    """Anchors the upstream 目录 linked to that no heading of the import has."""
    ids = {heading.id for heading in page.headings}
    return [anchor for anchor in imported.toc_anchors if anchor not in ids]


def lost_anchors(current: Page, imported: Page) -> list[str]:
    """Heading ids of the current page that the imported page no longer has."""
    kept = {heading.id for heading in imported.headings}
    return [heading.id for heading in current.headings if heading.id not in kept]

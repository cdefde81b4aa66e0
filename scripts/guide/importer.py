"""Turn the guide as written upstream (GitHub-flavoured Markdown) into the Chinese docs page.

The original lives elsewhere as a plain GitHub README-style file. Importing it:

- drops the hand-written 目录 (Material draws the table of contents) after
  checking that every anchor it linked to is still a heading's id;
- drops ``---`` rules between sections;
- turns blockquoted notes and bold ``**注意：**`` / ``**提示：**`` paragraphs into
  admonitions, typed by ``CALLOUT_RULES`` (the one home for that mapping);
- marks bold text in steps that say 点击 or 选择 as a UI label (``{ .ui }``);
- indents nested list items by four spaces, puts one blank line between
  blocks and removes trailing spaces (Python-Markdown needs the first two).

Heading texts, links and numbers are left exactly as written, so the page's
anchors and the parity check's view of it do not move. The conversion is a
fixed point: importing an already imported page changes nothing.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from guide.freshness import heading_id
from guide.structure import GuideError, Section, Structure, extract, split_front_matter

# ── Callouts: the first rule that matches a note decides its type and title ──


@dataclass(frozen=True)
class CalloutRule:
    """A note becomes ``!!! kind "title"`` when its text has one of ``words``
    or its label (注意, 提示, ... or None for no label) is one of ``labels``."""

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
HEADING = re.compile(r"^#{1,6}(?:\s|$)")
RULE = re.compile(r"^ {0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
LIST_ITEM = re.compile(r"^(?P<indent>\s*)(?P<marker>[-*+]|\d{1,9}[.)])(?:\s+(?P<text>.*))?$")
FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")
ADMONITION_START = re.compile(r"^(?:!!!|\?\?\?\+?)\s+\S")
BOLD = re.compile(r"\*\*(?P<text>[^*\n]+?)\*\*(?P<attrs>\{[^{}\n]*\})?")
TOC_ANCHOR = re.compile(r"\]\(#(?P<anchor>[^)\s]+)\)")

# A section in the change report: (heading level, heading text, occurrence).
SectionKey = tuple[int, str, int]


@dataclass
class Imported:
    """The docs page made from an upstream guide, and what the import noticed."""

    text: str
    toc_anchors: list[str] = field(default_factory=list)


# ── Conversion ────────────────────────────────────────────────────────────


def convert(
    upstream: str, front_matter: str | None = None, path: Path | str = "<upstream>"
) -> Imported:
    """The docs page for ``upstream``; ``front_matter`` (YAML text) replaces the upstream's."""
    structure = extract(upstream, path)
    if not any(h.level == 1 for h in structure.headings):
        raise GuideError(path, 0, "no level-1 heading: is this the guide?")
    lines = structure.lines
    _, body_start = split_front_matter(lines, Path(path))
    kept = front_matter if front_matter is not None else structure.front_matter
    body, toc_anchors = drop_table_of_contents(lines[body_start:])
    converted = convert_blocks(body)
    head = f"---\n{kept.strip()}\n---\n\n" if kept.strip() else ""
    return Imported(head + "\n".join(converted).strip("\n") + "\n", toc_anchors)


def drop_table_of_contents(lines: list[str]) -> tuple[list[str], list[str]]:
    """The lines without the 目录 section, and the anchors that section linked to."""
    kept: list[str] = []
    anchors: list[str] = []
    skipping = False
    for line in lines:
        if HEADING.match(line):
            skipping = line.lstrip("#").strip() in TOC_TITLES
            if skipping:
                continue
        if skipping:
            anchors.extend(unquote(match["anchor"]) for match in TOC_ANCHOR.finditer(line))
        else:
            kept.append(line)
    return kept, anchors


def convert_blocks(lines: list[str]) -> list[str]:
    """Convert a run of Markdown lines block by block, one blank line between blocks."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index].rstrip()
        if not line.strip() or (RULE.match(line) and not previous_text(lines, index)):
            index += 1
            continue
        block, index = next_block(lines, index)
        if out:
            out.append("")
        out.extend(block)
    return out


def previous_text(lines: list[str], index: int) -> bool:
    """True when the line before is paragraph text (then ``---`` is a setext underline)."""
    return index > 0 and bool(lines[index - 1].strip())


def next_block(lines: list[str], index: int) -> tuple[list[str], int]:
    """The converted block starting at ``index`` and the index after it."""
    line = lines[index].rstrip()
    if FENCE.match(line):
        return take_fence(lines, index)
    if HEADING.match(line):
        return [line], index + 1
    if line.startswith(">"):
        end = take_while(lines, index, lambda text: text.lstrip().startswith(">"))
        quoted = [re.sub(r"^\s*>\s?", "", text) for text in lines[index:end]]
        return admonition(quoted), end
    if ADMONITION_START.match(line):
        end = take_indented(lines, index + 1)
        return [line, *(text.rstrip() for text in lines[index + 1 : end])], end
    if LIST_ITEM.match(line):
        end = take_list(lines, index)
        return normalize_list(lines[index:end]), end
    end = take_while(lines, index + 1, is_paragraph_continuation)
    paragraph = [text.rstrip() for text in lines[index:end]]
    if LABEL.match(paragraph[0]):
        return admonition(paragraph), end
    return paragraph, end


def take_while(lines: list[str], index: int, keep) -> int:
    while index < len(lines) and keep(lines[index]):
        index += 1
    return index


def is_paragraph_continuation(line: str) -> bool:
    text = line.rstrip()
    return bool(text.strip()) and not (
        HEADING.match(text)
        or LIST_ITEM.match(text)
        or text.lstrip().startswith(">")
        or FENCE.match(text)
        or ADMONITION_START.match(text)
        or RULE.match(text)
    )


def take_fence(lines: list[str], index: int) -> tuple[list[str], int]:
    fence = FENCE.match(lines[index])["fence"]
    end = index + 1
    while end < len(lines) and not lines[end].strip().startswith(fence):
        end += 1
    end = min(end + 1, len(lines))
    return [text.rstrip() for text in lines[index:end]], end


def take_indented(lines: list[str], index: int) -> int:
    """The end of an admonition body: blank lines and lines indented by four or more."""
    end = index
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith(INDENT)):
        end += 1
    while end > index and not lines[end - 1].strip():
        end -= 1
    return end


def take_list(lines: list[str], index: int) -> int:
    """The end of the list starting at ``index``: items, indented lines, inner blank lines."""
    end = index + 1
    while end < len(lines) and belongs_to_list(lines, end):
        end += 1
    return end


def belongs_to_list(lines: list[str], index: int) -> bool:
    text = lines[index].rstrip()
    if not text.strip():
        return next_is_list_line(lines, index)
    return bool(LIST_ITEM.match(text)) or text[0] in " \t"


def next_is_list_line(lines: list[str], index: int) -> bool:
    for text in lines[index:]:
        if text.strip():
            return bool(LIST_ITEM.match(text.rstrip()) or text[0] in " \t")
    return False


def normalize_list(lines: list[str]) -> list[str]:
    """Nested items four spaces deeper than their parent; UI labels marked in steps."""
    out: list[str] = []
    levels: list[int] = []  # the original indent of each open nesting level
    for line in lines:
        text = line.rstrip()
        item = LIST_ITEM.match(text)
        if not text.strip():
            out.append("")
            continue
        if item is None:
            out.append(INDENT * len(levels) + text.strip())
            continue
        indent = len(item["indent"].expandtabs(4))
        while levels and levels[-1] > indent:
            levels.pop()
        if not levels or levels[-1] < indent:
            levels.append(indent)
        content = item["text"] or ""
        if any(verb in content for verb in UI_VERBS):
            content = BOLD.sub(mark_ui, content)
        out.append(f"{INDENT * (len(levels) - 1)}{item['marker']} {content}".rstrip())
    return out


def mark_ui(match: re.Match[str]) -> str:
    """Bold text as a UI label; bold text that already has attributes is left alone."""
    return match[0] if match["attrs"] else f"**{match['text']}**{UI_MARK}"


def admonition(body: list[str]) -> list[str]:
    """A note (blockquote or labelled paragraph) as a typed, titled admonition."""
    label = None
    lines = [text.rstrip() for text in body]
    found = LABEL.match(lines[0]) if lines else None
    if found:
        label = found["bold"] or found["plain"]
        lines[0] = lines[0][found.end() :].strip()
    rule = callout_rule(label, "\n".join(lines))
    inner = convert_blocks(lines)
    indented = [INDENT + text if text else "" for text in inner]
    return [f'!!! {rule.kind} "{rule.title}"', "", *indented]


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


def section_key_texts(structure: Structure) -> dict[SectionKey, tuple[Section, list[str]]]:
    """Sections keyed by (level, heading text, occurrence), with their non-blank lines."""
    seen: Counter[tuple[int, str]] = Counter()
    keyed = {}
    for section in structure.sections:
        heading = section.heading
        seen[(heading.level, heading.text)] += 1
        key = (heading.level, heading.text, seen[(heading.level, heading.text)])
        text = structure.section_text(section).splitlines()
        keyed[key] = (section, [line.rstrip() for line in text if line.strip()])
    return keyed


def section_changes(current: Structure, imported: Structure) -> list[SectionChange]:
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


def missing_toc_anchors(imported: Imported, structure: Structure) -> list[str]:
    """Anchors the upstream 目录 linked to that no heading of the import has."""
    ids = {heading_id(h) for h in structure.headings}
    return [anchor for anchor in imported.toc_anchors if anchor not in ids]


def lost_anchors(current: Structure, imported: Structure) -> list[str]:
    """Heading ids of the current page that the imported page no longer has."""
    kept = {heading_id(h) for h in imported.headings}
    return [heading_id(h) for h in current.headings if heading_id(h) not in kept]

"""Editor's notes: the site's own dated, sourced words, kept apart from the author's.

A note is an admonition of the site's own type (``!!! editor "..."``,
``guide.walk.EDITOR_NOTE``) written into a docs page. The upstream guide
never has any, so an import (``guide.importer``) takes them from the current
page and puts each back into the section it was in (by heading id):

- right after the author's block it followed, when that block is unchanged;
- right under the heading, when it came first in its section;
- else at the end of its section.

A note whose section the upstream guide no longer has goes to the end of the
nearest earlier section that is still there, and is reported as moved, so
the import names it and nothing is lost.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from guide.model import Block, Page, Section
from guide.walk import EDITOR_NOTE

# A block's source lines, compared without trailing spaces.
Lines = tuple[str, ...]


@dataclass(frozen=True)
class EditorNote:
    """One note as written in a page, and where it sits."""

    lines: Lines  # its source lines, as written
    line: int  # where it starts in its page (1-based)
    section_id: str | None  # heading id of its section; None before the first heading
    section_title: str
    after: Lines | None  # the author's block it follows; None when first in its section
    earlier_sections: tuple[str | None, ...]  # ids of the sections before its own, nearest first


@dataclass(frozen=True)
class MovedNote:
    """A note whose section is gone, and the section it was put into instead."""

    note: EditorNote
    now_in: str


def is_editor_note(block: Block) -> bool:
    classes = set((block.element.get("class") or "").split())
    return block.tag == "div" and {"admonition", EDITOR_NOTE} <= classes


def block_lines(page: Page, block: Block) -> Lines:
    return tuple(line.rstrip() for line in page.lines[block.start - 1 : block.end])


def section_at(page: Page, line: int) -> Section:
    return next(s for s in reversed(page.sections) if s.start <= line)


def editor_notes(page: Page) -> list[EditorNote]:
    """Every editor's note of ``page``, in page order."""
    notes = []
    for index, block in enumerate(page.blocks):
        if not is_editor_note(block):
            continue
        section = section_at(page, block.start)
        before = [b for b in page.blocks[:index] if in_body(section, b) and not is_editor_note(b)]
        earlier = page.sections[: page.sections.index(section)]
        notes.append(
            EditorNote(
                lines=block_lines(page, block),
                line=block.start,
                section_id=section.id,
                section_title=section.title,
                after=block_lines(page, before[-1]) if before else None,
                earlier_sections=tuple(s.id for s in reversed(earlier)),
            )
        )
    return notes


def in_body(section: Section, block: Block) -> bool:
    """Whether ``block`` is in the section, below its heading."""
    if section.heading is not None and block.start == section.start:
        return False
    return section.start <= block.start < section.end


def place_notes(page: Page, notes: list[EditorNote]) -> tuple[list[str], list[MovedNote]]:
    """The page's lines with ``notes`` put back into their sections, and the notes moved."""
    sections = {section.id: section for section in page.sections}
    after_line: dict[int, list[EditorNote]] = defaultdict(list)
    moved = []
    for note in notes:
        section = sections.get(note.section_id) if note.section_id in sections else None
        if section is None:
            section = next(
                (sections[i] for i in note.earlier_sections if i in sections), page.sections[0]
            )
            moved.append(MovedNote(note, section.title))
            after_line[section_end(page, section)].append(note)
        else:
            after_line[insertion_line(page, section, note.after)].append(note)
    lines = list(page.lines)
    for line in sorted(after_line, reverse=True):
        added: list[str] = []
        for note in after_line[line]:
            added.extend(["", *note.lines])
        if line < len(lines) and lines[line].strip():
            added.append("")
        lines[line:line] = added
    return lines, moved


def insertion_line(page: Page, section: Section, after: Lines | None) -> int:
    """The line a note goes after: its block's last line, the heading, or the section's end."""
    if after is None:
        return section.start if section.heading else section.start - 1
    for block in page.blocks:
        if in_body(section, block) and block_lines(page, block) == after:
            return block.end
    return section_end(page, section)


def section_end(page: Page, section: Section) -> int:
    """The section's last line that is not blank."""
    end = section.end - 1
    while end > section.start and not page.lines[end - 1].strip():
        end -= 1
    return end

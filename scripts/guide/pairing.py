"""Which section of a translation stands for which section of the original.

Two things the project already knows pair sections:

- the translation record: ``translation_of.sections`` in the translated page
  lists the original's section ids in order, one per translated section, as
  they were when the page was last translated (``guide.freshness``);
- parity: a translation keeps the original's headings in order and at the same
  levels, so without a usable record counterparts are found by position in the
  heading outline. Where the outlines differ, the longest runs of matching
  levels are paired.

A section left unpaired has no counterpart. Parity, freshness and the
language switch all pair sections through here.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

# One heading of a page: (level, id).
Outline = Sequence[tuple[int, str]]


def pair_by_outline(original: Outline, translation: Outline) -> list[tuple[int, int]]:
    """(original index, translation index) of counterparts, by position in the outline.

    As many headings on both sides pair one for one (a level that differs is
    parity's to report); otherwise the runs of matching levels pair.
    """
    if len(original) == len(translation):
        return [(index, index) for index in range(len(original))]
    levels_a = [level for level, _ in original]
    levels_b = [level for level, _ in translation]
    matcher = SequenceMatcher(None, levels_a, levels_b, autojunk=False)
    return [
        (block.a + offset, block.b + offset)
        for block in matcher.get_matching_blocks()
        for offset in range(block.size)
    ]


def pair_by_record(
    original: Outline, translation: Outline, recorded: Sequence[str]
) -> list[tuple[int, int]] | None:
    """Counterparts from the record, or None when the record does not fit the translation."""
    if len(recorded) != len(translation):
        return None
    position = {section_id: index for index, (_, section_id) in enumerate(original)}
    return [(position[key], index) for index, key in enumerate(recorded) if key in position]


def pair_indexes(
    original: Outline, translation: Outline, recorded: Sequence[str] | None = None
) -> list[tuple[int, int]]:
    """(original index, translation index) of every pair of counterpart sections."""
    if recorded:
        by_record = pair_by_record(original, translation, recorded)
        if by_record is not None:
            return by_record
    return pair_by_outline(original, translation)


def pair_sections(
    original: Outline, translation: Outline, recorded: Sequence[str] | None = None
) -> dict[str, str]:
    """Original section id -> translation section id, for sections with a counterpart."""
    return {
        original[a][1]: translation[b][1] for a, b in pair_indexes(original, translation, recorded)
    }

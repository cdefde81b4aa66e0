"""Translation freshness: which sections of the original changed after they were translated.

The translated page records, in its front matter, a short hash of every
section of the original as it was when translated::

    translation_of:
      path: docs/zh/index.md
      sections:
        概述: 3f1c9a0b2d4e
        开通虚拟卡: 9b8e7d6c5a41

Sections are keyed by their heading id (the slug MkDocs gives the heading) and
hashed with all whitespace removed, so re-wrapping lines or adding spaces does
not make a translation stale; any other edit does. ``with_record`` rewrites
only that key of the front matter and leaves every other byte of the file alone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from pymdownx.slugs import slugify

from guide.structure import GuideError, Heading, Structure

RECORD_KEY = "translation_of"
HASH_LENGTH = 12
# The same slugify as mkdocs.yml's toc extension, so keys match the page's anchors.
SLUGIFY = slugify(case="lower")
FRONT_MATTER_FENCE = "---"


@dataclass(frozen=True)
class Record:
    """What a translation says it translates: the original's path and section hashes."""

    original: str
    sections: dict[str, str]


@dataclass(frozen=True)
class StaleSection:
    """A section of the original that changed, appeared or disappeared since translation."""

    key: str
    change: str  # "changed", "added" or "removed"
    original: Heading | None
    counterpart: Heading | None

    def describe(self, original_path: Path | str, translation_path: Path | str) -> str:
        if self.original is not None:
            source = f"'{self.original.text}' ({original_path}:{self.original.line})"
        else:
            source = f"'{self.key}'"
        target = (
            f"'{self.counterpart.text}' ({translation_path}:{self.counterpart.line})"
            if self.counterpart is not None
            else f"its counterpart in {translation_path}"
        )
        if self.change == "added":
            return f"section {source} is new in the original: translate it in {translation_path}"
        if self.change == "removed":
            return f"section {source} was removed from the original: remove or rework {target}"
        return f"section {source} changed after it was translated: update {target}"


def heading_id(heading: Heading) -> str:
    """The id MkDocs gives a heading: its explicit ``{ #id }`` or the slug of its text."""
    return heading.anchor or SLUGIFY(heading.text, "-")


def section_ids(structure: Structure) -> list[str]:
    """One id per section, made unique the way Python-Markdown's toc does (``_1``, ``_2``)."""
    seen: set[str] = set()
    ids = []
    for section in structure.sections:
        base = candidate = heading_id(section.heading)
        count = 0
        while candidate in seen:
            count += 1
            candidate = f"{base}_{count}"
        seen.add(candidate)
        ids.append(candidate)
    return ids


def normalized(text: str) -> str:
    """The text with every whitespace character removed: whitespace-only edits vanish."""
    return "".join(text.split())


def text_hash(text: str) -> str:
    return hashlib.sha256(normalized(text).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def section_hashes(structure: Structure) -> dict[str, str]:
    """Section id -> hash of its whitespace-normalized text (heading line included)."""
    return {
        key: text_hash(structure.section_text(section))
        for key, section in zip(section_ids(structure), structure.sections, strict=True)
    }


def front_matter_data(structure: Structure) -> dict:
    if not structure.front_matter.strip():
        return {}
    try:
        data = yaml.safe_load(structure.front_matter)
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", 0) + 2
        raise GuideError(structure.path, line, "front matter is not valid YAML") from None
    if not isinstance(data, dict):
        raise GuideError(structure.path, 2, "front matter must be a YAML mapping")
    return data


def read_record(structure: Structure) -> Record | None:
    """The translation record in a page's front matter, or None when it has none."""
    raw = front_matter_data(structure).get(RECORD_KEY)
    if raw is None:
        return None
    problem = GuideError(
        structure.path,
        record_line(structure),
        f"'{RECORD_KEY}' must hold 'path' and 'sections' (id: hash); "
        "rewrite it with: python scripts/translation_freshness.py --update",
    )
    if not isinstance(raw, dict) or not isinstance(raw.get("path"), str):
        raise problem
    sections = raw.get("sections")
    if not isinstance(sections, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in sections.items()
    ):
        raise problem
    return Record(raw["path"], dict(sections))


def record_line(structure: Structure) -> int:
    for index, line in enumerate(structure.lines):
        if line.startswith(f"{RECORD_KEY}:"):
            return index + 1
    return 1


def stale_sections(
    original: Structure, translation: Structure, record: Record
) -> list[StaleSection]:
    """Every section whose hash differs from the record, in the original's order."""
    current = section_hashes(original)
    ids = list(current)
    recorded_ids = list(record.sections)
    stale = []
    for index, key in enumerate(ids):
        if record.sections.get(key) == current[key]:
            continue
        change = "changed" if key in record.sections else "added"
        stale.append(
            StaleSection(
                key, change, original.sections[index].heading, counterpart(translation, index)
            )
        )
    for key in recorded_ids:
        if key not in current:
            position = recorded_ids.index(key)
            stale.append(StaleSection(key, "removed", None, counterpart(translation, position)))
    return stale


def counterpart(translation: Structure, index: int) -> Heading | None:
    """The translation's heading at the same position (parity keeps the order)."""
    if index < len(translation.sections):
        return translation.sections[index].heading
    return None


def record_block(original_path: str, hashes: dict[str, str]) -> str:
    """The front-matter lines that record ``hashes``, ending with a newline."""
    data = {RECORD_KEY: {"path": original_path, "sections": hashes}}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def with_record(text: str, block: str) -> str:
    """``text`` with its front matter's record replaced by (or extended with) ``block``."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    block_lines = [line + newline for line in block.splitlines()]
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        fence = FRONT_MATTER_FENCE + newline
        return "".join([fence, *block_lines, fence, newline, *lines])
    close = next(
        (i for i in range(1, len(lines)) if lines[i].strip() in (FRONT_MATTER_FENCE, "...")),
        None,
    )
    if close is None:
        raise ValueError("front matter opened with '---' is never closed")
    start = next(
        (i for i in range(1, close) if lines[i].startswith(f"{RECORD_KEY}:")),
        None,
    )
    if start is None:
        return "".join([*lines[:close], *block_lines, *lines[close:]])
    end = start + 1
    while end < close and (not lines[end].strip() or lines[end][0] in " \t"):
        end += 1
    while end - 1 > start and not lines[end - 1].strip():
        end -= 1  # blank lines before the next key stay where they are
    return "".join([*lines[:start], *block_lines, *lines[end:]])

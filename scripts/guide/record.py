"""The translation record: what a translated page says it translates.

A translated page carries it in its front matter, written by
``translation_freshness.py --update``::

    translation_of:
      path: docs/zh/index.md   # the original, from the project root
      sections:                # original section id -> hash of its text, in the
        概述: 3f1c9a0b2d4e      #   order of the translation's headings
      translations:            # original section id -> hash of the translated text
        概述: 77a0c41e9b13
      anchors:                 # original section id -> the translated heading's id
        概述: overview

``sections`` lets freshness name what changed in the original since;
``translations`` lets ``--update`` refuse a section nobody translated;
``anchors`` lets the build refuse a translated heading whose id moved (a torn
``{ #id`` or a typo), since readers' links and the language switch use it.

Everything that reads a record (freshness, parity, pairing, the hooks) reads
it here, from a page's front matter as a mapping.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from guide.model import Page, PageError
from guide.render import front_matter_block

RECORD_KEY = "translation_of"
FRONT_MATTER_FENCE = "---"
REWRITE_HINT = (
    "rewrite it with: python3 scripts/dev.py run python scripts/translation_freshness.py "
    "--update --force"
)


@dataclass(frozen=True)
class Record:
    """A translation's record; ``None`` maps come from records written before they existed."""

    original: str
    sections: dict[str, str]
    translations: dict[str, str] | None = None
    anchors: dict[str, str] | None = None

    @property
    def order(self) -> list[str]:
        """The original's section ids, in the order of the translation's headings."""
        return list(self.sections)


def read_record(front_matter: Mapping, path: Path | str, line: int = 0) -> Record | None:
    """The record in a page's front matter, or None; PageError (at ``line``) when malformed."""
    raw = front_matter.get(RECORD_KEY)
    if raw is None:
        return None
    problem = PageError(
        path, line, f"'{RECORD_KEY}' must hold 'path' and 'sections' (id: hash); {REWRITE_HINT}"
    )
    if not isinstance(raw, dict) or not isinstance(raw.get("path"), str):
        raise problem
    maps = [raw.get(key) for key in ("sections", "translations", "anchors")]
    if not is_text_map(maps[0]) or any(m is not None and not is_text_map(m) for m in maps[1:]):
        raise problem
    sections, translations, anchors = (dict(m) if m is not None else None for m in maps)
    return Record(raw["path"], sections or {}, translations, anchors)


def is_text_map(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(key, str) and isinstance(item, str) for key, item in value.items()
    )


def record_line(lines: list[str], body_start: int) -> int:
    """The front-matter line where the record starts (1 when there is none yet)."""
    for index, line in enumerate(lines[:body_start]):
        if line.startswith(f"{RECORD_KEY}:"):
            return index + 1
    return 1


def record_block(record: Record) -> str:
    """The front-matter lines that hold ``record``, ending with a newline."""
    data: dict[str, object] = {"path": record.original, "sections": record.sections}
    if record.translations is not None:
        data["translations"] = record.translations
    if record.anchors is not None:
        data["anchors"] = record.anchors
    return yaml.safe_dump({RECORD_KEY: data}, allow_unicode=True, sort_keys=False, width=1000)


def with_record(text: str, block: str) -> str:
    """``text`` with its front matter's record replaced by (or extended with) ``block``.

    Only the record's lines change; every other byte of the file is kept.
    """
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    block_lines = [line + newline for line in block.splitlines()]
    found = front_matter_block(text.replace("\r\n", "\n"))
    if found is None:
        fence = FRONT_MATTER_FENCE + newline
        return "".join([fence, *block_lines, fence, newline, *lines])
    _, close = found
    start = next((i for i in range(1, close) if lines[i].startswith(f"{RECORD_KEY}:")), None)
    if start is None:
        return "".join([*lines[:close], *block_lines, *lines[close:]])
    end = start + 1
    while end < close and (not lines[end].strip() or lines[end][0] in " \t"):
        end += 1
    while end - 1 > start and not lines[end - 1].strip():
        end -= 1  # blank lines before the next key stay where they are
    return "".join([*lines[:start], *block_lines, *lines[end:]])


def record_of(page: Page) -> Record | None:
    """The record of a page the reader has read."""
    return read_record(page.front_matter, page.path, record_line(page.lines, page.body_start))

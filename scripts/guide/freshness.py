"""Translation freshness: which sections of the original changed after they were translated.

The translated page records, in its front matter, a short hash of every
section of the original as it was when translated, and of the translation's
own counterpart section at that moment::

    translation_of:
      path: docs/zh/index.md
      sections:            # original section id -> hash of its text
        概述: 3f1c9a0b2d4e
      translations:        # original section id -> hash of the translated text
        概述: 77a0c41e9b13

Sections are the page reader's (``guide.page``): keyed by the id the site
gives the heading and hashed with all whitespace removed, so re-wrapping lines
does not make a translation stale; any other edit does. The second map lets
``--update`` refuse to mark a section translated when its translation was not
touched. ``with_record`` rewrites only that key of the front matter and leaves
every other byte of the file alone.
"""

from __future__ import annotations

import difflib
import hashlib
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from guide.page import Heading, Page, PageError, Section, parse_page
from guide.pairing import pair_sections
from guide.render import front_matter_block

RECORD_KEY = "translation_of"
HASH_LENGTH = 12
FRONT_MATTER_FENCE = "---"
HISTORY_LIMIT = 200  # commits searched for the text a section had when translated


@dataclass(frozen=True)
class Record:
    """What a translation says it translates: the original's path and section hashes."""

    original: str
    sections: dict[str, str]
    translations: dict[str, str] | None  # None in records written before it existed


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


# ── Hashes ────────────────────────────────────────────────────────────


def normalized(text: str) -> str:
    """The text with every whitespace character removed: whitespace-only edits vanish."""
    return "".join(text.split())


def text_hash(text: str) -> str:
    return hashlib.sha256(normalized(text).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def headed(page: Page) -> list[Section]:
    return [section for section in page.sections if section.heading is not None]


def section_hashes(page: Page) -> dict[str, str]:
    """Section id -> hash of its whitespace-normalized source text (heading line included)."""
    return {section.id: text_hash(page.section_text(section)) for section in headed(page)}


def translation_hashes(
    original: Page, translation: Page, recorded: list[str] | None = None
) -> dict[str, str]:
    """Original section id -> hash of its counterpart's text in the translation."""
    pairs = pair_sections(original.outline, translation.outline, recorded)
    return {
        key: text_hash(translation.section_text(translation.section(target)))
        for key, target in pairs.items()
    }


# ── The record ────────────────────────────────────────────────────────


def read_record(page: Page) -> Record | None:
    """The translation record in a page's front matter, or None when it has none."""
    raw = page.front_matter.get(RECORD_KEY)
    if raw is None:
        return None
    problem = PageError(
        page.path,
        record_line(page),
        f"'{RECORD_KEY}' must hold 'path' and 'sections' (id: hash); "
        "rewrite it with: python3 scripts/dev.py run python scripts/translation_freshness.py "
        "--update --force",
    )
    if not isinstance(raw, dict) or not isinstance(raw.get("path"), str):
        raise problem
    sections, translations = raw.get("sections"), raw.get("translations")
    if not is_hash_map(sections) or (translations is not None and not is_hash_map(translations)):
        raise problem
    return Record(raw["path"], dict(sections), dict(translations) if translations else None)


def is_hash_map(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(key, str) and isinstance(item, str) for key, item in value.items()
    )


def record_line(page: Page) -> int:
    for index, line in enumerate(page.lines[: page.body_start]):
        if line.startswith(f"{RECORD_KEY}:"):
            return index + 1
    return 1


def record_block(original_path: str, hashes: dict[str, str], translated: dict[str, str]) -> str:
    """The front-matter lines that record ``hashes``, ending with a newline."""
    data = {RECORD_KEY: {"path": original_path, "sections": hashes, "translations": translated}}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def with_record(text: str, block: str) -> str:
    """``text`` with its front matter's record replaced by (or extended with) ``block``."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    block_lines = [line + newline for line in block.splitlines()]
    found = front_matter_block(text.replace("\r\n", "\n"))
    if found is None:
        fence = FRONT_MATTER_FENCE + newline
        return "".join([fence, *block_lines, fence, newline, *lines])
    _, close = found
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


# ── What is stale ─────────────────────────────────────────────────────


def stale_sections(original: Page, translation: Page, record: Record) -> list[StaleSection]:
    """Every section whose hash differs from the record, in the original's order."""
    current = section_hashes(original)
    recorded_ids = list(record.sections)
    counterparts = pair_sections(original.outline, translation.outline, recorded_ids)
    by_id = {section.id: section.heading for section in headed(translation)}
    stale = []
    for section in headed(original):
        key = section.id
        if record.sections.get(key) == current[key]:
            continue
        change = "changed" if key in record.sections else "added"
        stale.append(StaleSection(key, change, section.heading, by_id.get(counterparts.get(key))))
    translated = headed(translation)
    for position, key in enumerate(recorded_ids):
        if key not in current:
            same_place = (
                translated[position].heading
                if len(recorded_ids) == len(translated) and position < len(translated)
                else None
            )
            stale.append(StaleSection(key, "removed", None, same_place))
    return stale


def untouched(
    stale: list[StaleSection], original: Page, translation: Page, record: Record
) -> list[StaleSection]:
    """Stale sections whose translation has not been edited since the record."""
    if record.translations is None:
        return [s for s in stale if s.change != "removed"]
    now = translation_hashes(original, translation, list(record.sections))
    return [
        section
        for section in stale
        if (section.change == "added" and section.counterpart is None)
        or (
            section.change == "changed"
            and now.get(section.key) == record.translations.get(section.key)
        )
    ]


# ── What changed in the original ──────────────────────────────────────


def recorded_text(root: Path, record: Record, key: str) -> str | None:
    """The original section's text as it was when translated, found in git history."""
    wanted = record.sections.get(key)
    if wanted is None:
        return None
    for text in history(root, record.original):
        page = parse_page(text, root / record.original)
        section = page.section(key)
        if section is not None and text_hash(page.section_text(section)) == wanted:
            return page.section_text(section)
    return None


def history(root: Path, path: str) -> Iterator[str]:
    """The committed versions of a file, newest first; nothing outside a git checkout."""
    log = git(root, "log", f"-{HISTORY_LIMIT}", "--format=%H", "--", path)
    for commit in (log or "").split():
        text = git(root, "show", f"{commit}:{path}")
        if text is not None:
            yield text


def git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=False, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def section_diff(before: str | None, after: str) -> list[str]:
    """``- old`` / ``+ new`` lines between two texts of a section (blank lines ignored)."""
    if before is None:
        return []
    old = [line.rstrip() for line in before.splitlines() if line.strip()]
    new = [line.rstrip() for line in after.splitlines() if line.strip()]
    return [
        line
        for line in difflib.unified_diff(old, new, lineterm="", n=1)
        if not line.startswith(("---", "+++"))
    ]

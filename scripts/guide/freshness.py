"""Translation freshness: which sections of the original changed after they were translated.

The translated page's record (``guide.record``) holds a short hash of every
section of the original as it was when translated, and of the translation's
own counterpart section at that moment. Sections are the page reader's
(``guide.page``): keyed by the id the site gives the heading and hashed with
all whitespace removed, so re-wrapping lines does not make a translation
stale; any other edit does. The second map lets ``--update`` refuse to mark a
section translated when its translation was not touched.
"""

from __future__ import annotations

import difflib
import hashlib
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from guide.page import Heading, Page, Section, parse_page
from guide.pairing import pair_sections
from guide.record import Record

HASH_LENGTH = 12
HISTORY_LIMIT = 200  # commits searched for the text a section had when translated


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


def new_record(
    original_path: str, original: Page, translation: Page, previous: Record | None = None
) -> Record:
    """The record of ``translation`` as it stands now: hashes of both sides, and its ids."""
    recorded = previous.order if previous else None
    return Record(
        original=original_path,
        sections=section_hashes(original),
        translations=translation_hashes(original, translation, recorded),
        anchors=pair_sections(original.outline, translation.outline, recorded),
    )


# ── What is stale ─────────────────────────────────────────────────────


def stale_sections(original: Page, translation: Page, record: Record) -> list[StaleSection]:
    """Every section whose hash differs from the record, in the original's order."""
    current = section_hashes(original)
    recorded_ids = record.order
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
    now = translation_hashes(original, translation, record.order)
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

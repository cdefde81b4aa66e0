"""Check that each translated page still matches the original it records translating.

Usage: python3 scripts/dev.py run python scripts/translation_freshness.py
           [--update [--force]] [PAGE ...]

With no PAGE, every translated page of the site (docs/ and the nav in
mkdocs.yml) is checked against the original its ``translation_of`` front
matter names (see ``guide.freshness``). Each section of the original edited
since its translation is named, with the translation's heading to update and
the lines of the original that changed since then (recovered from git
history). Whitespace-only edits do not count.

After translating, record the original as it is now with --update: it rewrites
only the ``translation_of`` key of each page's front matter. It refuses while
a changed section's translation has not been edited since the record (the
translation was not done); --force records anyway.

Exit 0 when every page is fresh (or was updated), 1 when a section is stale,
a page has no record yet or --update refused, 2 when a file cannot be read.
"""

from __future__ import annotations

import project_env  # noqa: F401 - first: a missing library is one sentence

import argparse
import sys
from pathlib import Path

from guide.freshness import (
    StaleSection,
    new_record,
    recorded_text,
    section_diff,
    stale_sections,
    untouched,
)
from guide.page import Page, PageError, parse_page, read_page
from guide.pages import project_root, site_pages
from guide.record import RECORD_KEY, Record, record_block, record_of, with_record
from guide.render import ConfigError

UPDATE_HINT = (
    "after translating, run: "
    "python3 scripts/dev.py run python scripts/translation_freshness.py --update"
)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="translation_freshness.py",
        description="Check (or --update) which sections of the original each translation covers.",
    )
    parser.add_argument(
        "pages", nargs="*", type=Path, help="translated pages (default: every translated page)"
    )
    parser.add_argument(
        "--update", action="store_true", help="record the original as it is now in each page"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="with --update: record even sections whose translation was not edited",
    )
    return parser.parse_args(argv)


def shown(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def default_pages() -> list[Path]:
    pairs = site_pages(project_root()).pairs
    return [shown(pair.translation) for pair in pairs if pair.translation is not None]


def counterpart_path(page: Path) -> str:
    """The original a page translates when it has no record yet: the site's pair for it."""
    pages = site_pages(project_root())
    for pair in pages.translated:
        if pair.translation.resolve() == page.resolve():
            return shown(pair.original).as_posix()
    raise PageError(page, 0, "not a translated page of the site; give it a record by hand")


def original_of(record: Record) -> Page:
    return read_page(record.original)


def check(page: Path) -> bool:
    translation = read_page(page)
    record = record_of(translation)
    if record is None:
        print(f"{page}: no '{RECORD_KEY}' record yet; {UPDATE_HINT}")
        return False
    original = original_of(record)
    stale = stale_sections(original, translation, record)
    for section in stale:
        print(f"{page}: {section.describe(record.original, page)}")
        for line in changes_since(section, original, record):
            print(f"    {line}")
    if stale:
        print(f"{page}: {len(stale)} sections of {record.original} are stale; {UPDATE_HINT}")
        return False
    print(f"{page} is up to date with {record.original} ({len(record.sections)} sections)")
    return True


def changes_since(section: StaleSection, original: Page, record: Record) -> list[str]:
    """What the original section's text gained and lost since it was translated."""
    if section.change != "changed":
        return []
    now = original.section(section.key)
    before = recorded_text(project_root(), record, section.key)
    if before is None:
        return ["(the text it had when translated is not in git history)"]
    return section_diff(before, original.section_text(now))


def update(page: Path, force: bool) -> bool:
    translation = read_page(page)
    record = record_of(translation)
    original_path = record.original if record else counterpart_path(page)
    original = read_page(original_path)
    if record is not None and not force:
        refused = untouched(
            stale_sections(original, translation, record), original, translation, record
        )
        for section in refused:
            print(f"{page}: {refusal(section, record, page)}")
        if refused:
            print(f"{page}: not updated; translate those sections, or pass --force")
            return False
    wanted = new_record(original_path, original, translation, record)
    text = page.read_text(encoding="utf-8")
    updated = with_record(text, record_block(wanted))
    if record_of(parse_page(updated, page)) != wanted:
        raise PageError(page, 1, "could not write the record into the front matter")
    if updated == text:
        print(f"{page}: record already matches {original_path}")
        return True
    page.write_text(updated, encoding="utf-8")
    print(f"{page}: recorded {len(wanted.sections)} sections of {original_path}")
    return True


def refusal(section: StaleSection, record: Record, page: Path) -> str:
    where = section.describe(record.original, page)
    if record.translations is None:
        return f"{where}; the record predates translation hashes, so check it and pass --force"
    if section.counterpart is None:
        return f"{where}; it has no translation yet"
    return f"{where}; its translation was not edited since the record"


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.force and not args.update:
        print("error: --force only goes with --update", file=sys.stderr)
        return 2
    try:
        pages = args.pages or default_pages()
        if not pages:
            print("error: the site has no translated pages", file=sys.stderr)
            return 2
        fresh = True
        for page in pages:
            done = update(page, args.force) if args.update else check(page)
            fresh = done and fresh
    except (PageError, ConfigError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0 if fresh else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Check that each translated page still matches the original it records translating.

Usage: python scripts/translation_freshness.py [--update] [PAGE ...]

With no PAGE, every page under docs/en/ is checked against the Chinese page
its ``translation_of`` front matter names (see ``guide.freshness``). A section
of the original edited since its translation is named with the heading to
update; whitespace-only edits do not count.

After translating, record the original as it is now with --update: it rewrites
only the ``translation_of`` key of each page's front matter.

Exit 0 when every page is fresh (or was updated), 1 when a section is stale
or a page has no record yet, 2 when a file cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from guide.freshness import (
    RECORD_KEY,
    read_record,
    record_block,
    section_hashes,
    stale_sections,
    with_record,
)
from guide.structure import GuideError, extract, read_guide

ORIGINAL_DIR = Path("docs/zh")
TRANSLATION_DIR = Path("docs/en")
UPDATE_HINT = "after translating, run: python scripts/translation_freshness.py --update"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="translation_freshness.py",
        description="Check (or --update) which sections of the original each translation covers.",
    )
    parser.add_argument(
        "pages",
        nargs="*",
        type=Path,
        help=f"translated pages (default: every page in {TRANSLATION_DIR}/)",
    )
    parser.add_argument(
        "--update", action="store_true", help="record the original as it is now in each page"
    )
    return parser.parse_args(argv)


def default_pages() -> list[Path]:
    return sorted(TRANSLATION_DIR.rglob("*.md"))


def counterpart_path(page: Path) -> Path:
    """The original a page translates when it has no record yet: same path under docs/zh/."""
    try:
        return ORIGINAL_DIR / page.relative_to(TRANSLATION_DIR)
    except ValueError:
        return ORIGINAL_DIR / page.name


def check(page: Path) -> bool:
    translation = read_guide(page)
    record = read_record(translation)
    if record is None:
        print(f"{page}: no '{RECORD_KEY}' record yet; {UPDATE_HINT}")
        return False
    original = read_guide(record.original)
    stale = stale_sections(original, translation, record)
    for section in stale:
        print(f"{page}: {section.describe(record.original, page)}")
    if stale:
        print(f"{page}: {len(stale)} sections of {record.original} are stale; {UPDATE_HINT}")
        return False
    print(f"{page} is up to date with {record.original} ({len(record.sections)} sections)")
    return True


def update(page: Path) -> None:
    translation = read_guide(page)
    record = read_record(translation)
    original_path = record.original if record else counterpart_path(page).as_posix()
    hashes = section_hashes(read_guide(original_path))
    text = page.read_text(encoding="utf-8")
    try:
        updated = with_record(text, record_block(original_path, hashes))
    except ValueError as error:
        raise GuideError(page, 1, str(error)) from None
    written = read_record(extract(updated, page))
    if written is None or written.sections != hashes:
        raise GuideError(page, 1, "could not write the record into the front matter")
    if updated == text:
        print(f"{page}: record already matches {original_path}")
        return
    page.write_text(updated, encoding="utf-8")
    print(f"{page}: recorded {len(hashes)} sections of {original_path}")


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    pages = args.pages or default_pages()
    if not pages:
        print(f"error: no translated pages found in {TRANSLATION_DIR}/", file=sys.stderr)
        return 2
    fresh = True
    for page in pages:
        try:
            if args.update:
                update(page)
            else:
                fresh = check(page) and fresh
        except GuideError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    return 0 if fresh else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

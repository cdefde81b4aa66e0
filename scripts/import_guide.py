"""Import the upstream guide (GitHub-flavoured Markdown) into the Chinese docs page.

Usage: python3 scripts/dev.py run python scripts/import_guide.py GUIDE.md [--output PAGE]
           [--write | --check]

Converts GUIDE.md the way ``guide.importer`` describes and reports, section by
section, what differs from PAGE (default docs/zh/index.md): sections added,
removed or changed, with the changed lines. Nothing is written unless --write
is given; PAGE's front matter (its description) and its editor's notes are
kept, each note in its section, and GUIDE.md is kept byte for byte as
tests/fixtures/upstream/guide.zh.md, the version the site is imported from.
A note whose section the upstream guide no longer has is named, with the
section it was moved to. Importing the same original twice reports "no changes".

Exit 0 when done, 1 when --check finds changes, an anchor would break or an
editor's note lost its section, 2 when a file cannot be read or is not a guide.
"""

from __future__ import annotations

import project_env  # noqa: F401 - first: a missing library is one sentence

import argparse
import sys
from pathlib import Path

from guide.editor_notes import editor_notes
from guide.importer import (
    Imported,
    convert,
    lost_anchors,
    missing_toc_anchors,
    section_changes,
)
from guide.model import Location, Problem
from guide.page import Page, PageError, parse_page, read_page
from guide.render import CONFIG_NAME

DEFAULT_OUTPUT = Path("docs/zh/index.md")
KEPT_UPSTREAM = Path("tests/fixtures/upstream/guide.zh.md")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="import_guide.py",
        description="Import the upstream guide into the Chinese docs page and report changes.",
    )
    parser.add_argument("guide", type=Path, help="the upstream guide (GitHub Markdown)")
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"the docs page (default {DEFAULT_OUTPUT})",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write the imported page to --output")
    mode.add_argument("--check", action="store_true", help="exit 1 if the page would change")
    return parser.parse_args(argv)


def read_current(path: Path) -> Page | None:
    return read_page(path) if path.exists() else None


def anchor_problems(
    guide: Path, output: Path, imported: Imported, new: Page, current: Page | None
) -> list[str]:
    problems = [
        f"{guide}: the 目录 links to #{anchor}, but no heading of the import has that id"
        for anchor in missing_toc_anchors(imported, new)
    ]
    if current is not None:
        problems.extend(
            f"{output}: anchor #{anchor} would disappear, so old links to that section break"
            for anchor in lost_anchors(current, new)
        )
    problems.extend(
        str(
            Problem(
                Location(str(output), moved.note.line),
                f"an editor's note was in section '{moved.note.section_title}', which the "
                f"upstream guide no longer has; the import puts it at the end of "
                f"'{moved.now_in}': move it or delete it",
            )
        )
        for moved in imported.moved_notes
    )
    return problems


def report(output: Path, current: Page | None, new: Page, same: bool) -> None:
    if current is None:
        print(f"{output} does not exist yet: the import adds {len(new.sections)} sections")
        return
    if same:
        print(f"no changes: {output} already matches the upstream guide")
        return
    changes = section_changes(current, new)
    for change in changes:
        print(change.describe(output))
    if changes:
        print(f"{len(changes)} sections differ between the upstream guide and {output}")
    else:
        print(f"only formatting or front matter differs between the upstream guide and {output}")


def project_of(page: Path) -> Path | None:
    """The project a page belongs to: the folder of the nearest mkdocs.yml above it, if any."""
    return next((f for f in page.resolve().parents if (f / CONFIG_NAME).is_file()), None)


def keep_upstream(guide: Path, output: Path) -> None:
    """Keep the version imported, byte for byte, where the page's project keeps it."""
    project = project_of(output)
    if project is None or not (project / KEPT_UPSTREAM).parent.is_dir():
        return
    kept = project / KEPT_UPSTREAM
    if kept.exists() and kept.read_bytes() == guide.read_bytes():
        return
    kept.write_bytes(guide.read_bytes())
    print(f"kept {guide} as {KEPT_UPSTREAM} (the version the site is imported from)")


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        upstream = read_page(args.guide)
        current = read_current(args.output)
        front_matter = current.front_matter_text if current is not None else None
        notes = editor_notes(current) if current is not None else []
        imported = convert("\n".join(upstream.lines) + "\n", front_matter, args.guide, notes)
        new = parse_page(imported.text, args.output)
        old_text = args.output.read_text(encoding="utf-8") if current is not None else None
    except (PageError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    same = old_text == imported.text
    report(args.output, current, new, same)
    problems = anchor_problems(args.guide, args.output, imported, new, current)
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    if args.write and not same:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(imported.text, encoding="utf-8")
        print(f"wrote {args.output}")
    if args.write:
        try:
            keep_upstream(args.guide, args.output)
        except OSError as error:
            print(f"error: cannot keep {args.guide} as {KEPT_UPSTREAM} ({error})", file=sys.stderr)
            return 2
    if problems or (args.check and not same):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

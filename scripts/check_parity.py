"""Check that every translated page carries the facts of its original, section by section.

Usage: python3 scripts/dev.py run python scripts/check_parity.py [ORIGINAL TRANSLATION]

With no arguments, every page pair of the site (docs/ and the nav in
mkdocs.yml) is compared, and a page without its counterpart is reported
unless mkdocs.yml lists it as untranslated. Each difference is one line,
``path:line: what to fix`` (see ``guide.parity``).
Exit 0 when all match, 1 when something differs, 2 when a file or the config
cannot be read.
"""

from __future__ import annotations

import project_env  # noqa: F401 - first: a missing library is one sentence

import sys
from pathlib import Path

from guide.page import PageError, read_page
from guide.pages import project_root, site_pages
from guide.parity import compare, summary
from guide.render import ConfigError

USAGE = "usage: check_parity.py [ORIGINAL TRANSLATION]"


def shown(path: Path) -> str:
    """A path as the user knows it: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def check_pair(original: Path, translation: Path) -> int:
    """Print the differences of one pair; the number found."""
    a, b = read_page(shown(original)), read_page(shown(translation))
    differences = compare(a, b)
    for difference in differences:
        print(difference)
    if differences:
        print(f"{len(differences)} differences between {a.path} and {b.path}")
    else:
        print(f"{b.path} matches {a.path}: {summary(a)}")
    return len(differences)


def main(argv: list[str]) -> int:
    if argv in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    if len(argv) not in (0, 2) or any(arg.startswith("-") for arg in argv):
        print(USAGE, file=sys.stderr)
        return 2
    try:
        if argv:
            return 1 if check_pair(Path(argv[0]), Path(argv[1])) else 0
        pages = site_pages(project_root())
        for problem in pages.problems:
            print(problem)
        found = sum(check_pair(p.original, p.translation) for p in pages.translated)
    except (PageError, ConfigError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 1 if found or pages.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

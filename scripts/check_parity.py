"""Check that a translation keeps the original's structure.

Usage: python scripts/check_parity.py [ORIGINAL TRANSLATION]
With no arguments, compares docs/zh/index.md with docs/en/index.md.
Exit 0 when they match, 1 when they differ, 2 when a file cannot be read.
"""

from __future__ import annotations

import sys
from pathlib import Path

from guide.parity import compare, summary
from guide.structure import GuideError, read_guide

DEFAULT_PAIR = (Path("docs/zh/index.md"), Path("docs/en/index.md"))


def main(argv: list[str]) -> int:
    if len(argv) not in (0, 2) or any(arg.startswith("-") for arg in argv):
        print("usage: check_parity.py [ORIGINAL TRANSLATION]", file=sys.stderr)
        return 2
    original, translation = (Path(arg) for arg in argv) if argv else DEFAULT_PAIR
    try:
        a, b = read_guide(original), read_guide(translation)
    except GuideError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    differences = compare(a, b)
    for difference in differences:
        print(difference)
    if differences:
        print(f"{len(differences)} differences between {original} and {translation}")
        return 1
    print(f"{translation} matches {original}: {summary(a)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Check the guide's external links: ``python scripts/check_links.py --help``.

A thin entry point; the logic lives in the ``link_checker`` package next to it.
"""

from __future__ import annotations

import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

from link_checker.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())

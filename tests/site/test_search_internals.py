"""What search takes from Material and lunr is still in the built theme, piece by piece.

``docs/javascripts/search_internals.js`` is the one file that touches
Material's bundle, Material's search worker and the lunr inside it. It lists
every piece it relies on (``PIECES``) with the built file that ships it and a
pattern that shows the piece is there. This test checks each against the
files of the built site, so after an upgrade of Material the failure names
what went missing, without a browser.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INTERNALS = ROOT / "docs/javascripts/search_internals.js"
PIECES = re.compile(r"/\* pieces \*/(.*?)/\* end pieces \*/", re.DOTALL)
# Where each kind of file lives in the built site.
FILES = {
    "bundle": "assets/javascripts/bundle.*.min.js",
    "worker": "assets/javascripts/workers/search.*.min.js",
}


def pieces() -> list[dict[str, str]]:
    found = PIECES.search(INTERNALS.read_text(encoding="utf-8"))
    assert found, f"{INTERNALS.name} has no /* pieces */ [...] /* end pieces */ list"
    listed = json.loads(found[1])
    assert listed and all(set(piece) == {"piece", "file", "evidence"} for piece in listed)
    return listed


def built_files(site: Path) -> dict[str, str]:
    texts = {}
    for kind, pattern in FILES.items():
        (path,) = site.glob(pattern)
        texts[kind] = path.read_text(encoding="utf-8")
    return texts


def missing(listed: list[dict[str, str]], texts: dict[str, str]) -> list[str]:
    """The pieces whose evidence is not in their file, each as one line."""
    return [
        f"Material's {piece['file']} no longer has {piece['piece']} "
        f"(looked for /{piece['evidence']}/ in {FILES[piece['file']]}): "
        f"{INTERNALS.name} must change"
        for piece in listed
        if not re.search(piece["evidence"], texts[piece["file"]], re.DOTALL)
    ]


def test_every_piece_search_takes_from_material_and_lunr_is_in_the_build(site: Path) -> None:
    gone = missing(pieces(), built_files(site))
    assert gone == [], "\n".join(gone)


def test_a_piece_an_upgrade_removes_is_named(site: Path) -> None:
    listed = pieces()
    texts = built_files(site)
    for piece in listed:
        upgraded = dict(texts)
        upgraded[piece["file"]] = re.sub(
            piece["evidence"], "", texts[piece["file"]], flags=re.DOTALL
        )
        gone = missing(listed, upgraded)
        assert any(piece["piece"] in line for line in gone), piece["piece"]

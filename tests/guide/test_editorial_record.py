"""EDITORIAL.md records every rule by which the import changes how the author's text looks.

The rules are read from the importer itself, so a new rule without a line in
the record fails here, and a record that forgets one of today's rules too.
"""

from __future__ import annotations

from pathlib import Path

from guide.importer import CALLOUT_RULES, TOC_TITLES, UI_VERBS

ROOT = Path(__file__).resolve().parents[2]
RECORD = ROOT / "EDITORIAL.md"


def record() -> str:
    return RECORD.read_text(encoding="utf-8")


def test_every_callout_rule_is_recorded_with_its_type_and_triggers() -> None:
    text = record()
    missing = [
        f"{rule.kind}: {trigger}"
        for rule in CALLOUT_RULES
        for trigger in (rule.kind, rule.title, *rule.words, *filter(None, rule.labels))
        if trigger not in text
    ]
    assert missing == [], f"add these importer rules to {RECORD.name}"


def test_the_ui_label_rule_and_the_dropped_contents_are_recorded() -> None:
    text = record()
    assert [verb for verb in UI_VERBS if verb not in text] == []
    assert TOC_TITLES[0] in text


def test_the_readme_points_to_the_record() -> None:
    assert f"({RECORD.name})" in (ROOT / "README.md").read_text(encoding="utf-8")

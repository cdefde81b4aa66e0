"""Parity pairs the editor's notes like any admonition: same place, same facts."""

from __future__ import annotations

from guide.page import parse_page
from guide.parity import compare
from guide.walk import EDITOR_NOTE

ORIGINAL = """\
# 指南

## 绑卡

绑卡前确保余额至少 $5。

!!! {kind} "编者注（核实于 2026-12）"

    首次购买最少 $5，见[说明](https://help.example/billing)。
"""
TRANSLATION = """\
# Guide

## Add the card

Make sure the card holds at least $5.

!!! {kind} "Editor's note (checked 2026-12)"

    The first purchase is at least $5; see the [article](https://help.example/billing).
"""


def differences(original: str, translation: str) -> list[str]:
    found = compare(parse_page(original, "zh.md"), parse_page(translation, "en.md"))
    return [problem.message for problem in found]


def test_an_editors_note_is_a_known_admonition_type() -> None:
    page = parse_page(ORIGINAL.format(kind=EDITOR_NOTE), "zh.md")
    assert [a.kind for a in page.admonitions] == [EDITOR_NOTE]
    assert page.problems == []


def test_translated_notes_are_in_parity() -> None:
    kind = EDITOR_NOTE
    assert differences(ORIGINAL.format(kind=kind), TRANSLATION.format(kind=kind)) == []


def test_a_note_missing_from_the_translation_is_named() -> None:
    original = ORIGINAL.format(kind=EDITOR_NOTE)
    without = TRANSLATION.split("!!!")[0]
    found = differences(original, without)
    assert any(f"[{EDITOR_NOTE}]" in message for message in found), found
    assert any("https://help.example/billing" in message for message in found), found


def test_a_note_that_became_another_type_is_named() -> None:
    found = differences(ORIGINAL.format(kind=EDITOR_NOTE), TRANSLATION.format(kind="note"))
    assert any("[note], the original" in m and f"[{EDITOR_NOTE}]" in m for m in found), found

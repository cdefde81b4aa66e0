"""Counterpart sections between an original and its translation."""

from __future__ import annotations

from guide.pairing import pair_sections

ORIGINAL = [(1, "指南"), (2, "概述"), (3, "所需工具"), (2, "开通虚拟卡"), (2, "总结")]
TRANSLATION = [(1, "guide"), (2, "overview"), (3, "what-you-need"), (2, "open-a-card"), (2, "sum")]


def test_same_outline_pairs_by_position() -> None:
    assert pair_sections(ORIGINAL, TRANSLATION) == {
        "指南": "guide",
        "概述": "overview",
        "所需工具": "what-you-need",
        "开通虚拟卡": "open-a-card",
        "总结": "sum",
    }


def test_a_section_missing_from_the_translation_has_no_counterpart() -> None:
    translation = [(1, "guide"), (2, "overview"), (2, "open-a-card"), (2, "sum")]
    pairs = pair_sections(ORIGINAL, translation)
    assert "所需工具" not in pairs
    assert pairs["指南"] == "guide" and pairs["概述"] == "overview"


def test_the_record_pairs_sections_the_outline_cannot_tell_apart() -> None:
    # The translation dropped 开通虚拟卡; by levels alone 开通虚拟卡 would take 'sum'.
    original = [(2, "概述"), (2, "开通虚拟卡"), (2, "总结")]
    translation = [(2, "overview"), (2, "sum")]
    assert pair_sections(original, translation, recorded=["概述", "总结"]) == {
        "概述": "overview",
        "总结": "sum",
    }
    assert pair_sections(original, translation)["开通虚拟卡"] == "sum"


def test_a_record_for_another_outline_is_not_trusted() -> None:
    recorded = ["概述", "总结"]  # two entries, but the translation has five sections
    assert pair_sections(ORIGINAL, TRANSLATION, recorded) == pair_sections(ORIGINAL, TRANSLATION)


def test_recorded_sections_gone_from_the_original_are_unpaired() -> None:
    original = [(2, "概述"), (2, "总结")]
    translation = [(2, "overview"), (2, "old"), (2, "sum")]
    assert pair_sections(original, translation, recorded=["概述", "旧", "总结"]) == {
        "概述": "overview",
        "总结": "sum",
    }

"""Numbers, money and codes as a translation must keep them."""

from __future__ import annotations

import pytest
from guide.facts import is_code_token, numbers
from hypothesis import given
from hypothesis import strategies as st


def keys(text: str) -> list[str]:
    return [f"{n.money} {n.value}" if n.money else n.value for n in numbers(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("充值 $5~$50", ["USD 5", "USD 50"]),
        ("$9.99/年（每天不到 0.03 美元）", ["USD 9.99", "USD 0.03"]),
        ("$9.90", ["USD 9.9"]),
        ("costs 1,000 USD or ¥30", ["USD 1000", "CNY 30"]),
        ("连续 2 次扣费失败", ["2"]),
        ("推荐两年，二十个，十二次", ["2", "20", "12"]),
        ("verify two API keys, twice, twenty-one days", ["2", "2", "21"]),
        ("50% of 3 cards", ["50", "3"]),
        ("full-width ２ 个", ["2"]),
    ],
)
def test_numbers_in_both_languages(text: str, expected: list[str]) -> None:
    assert keys(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "一步一步开通",  # 一 is as often an article as a count
        "one of the keys",
        "十分方便",  # "very"
        "扫二维码",  # "QR code"
        "第二步",  # an ordinal
        "GPT4 v2 and sk-proj1",  # digits glued to letters
        "两者都可以",  # "both", no measure word
    ],
)
def test_words_that_are_not_counts(text: str) -> None:
    assert keys(text) == []


def test_where_each_number_starts() -> None:
    assert [(n.text, n.offset) for n in numbers("ab $5 两年 two")] == [
        ("$5", 3),
        ("两", 6),
        ("two", 9),
    ]


@pytest.mark.parametrize("token", ["ACCPAY", "CVV2", "GPT-4", "A1"])
def test_codes(token: str) -> None:
    assert is_code_token(token)


@pytest.mark.parametrize("text", ["Note", "Card fee", "Steps:", "开卡费用", "x", "2024"])
def test_prose_is_not_a_code(text: str) -> None:
    assert not is_code_token(text)


@given(st.text(max_size=200))
def test_any_text_gives_numbers_in_order(text: str) -> None:
    offsets = [n.offset for n in numbers(text)]
    assert offsets == sorted(offsets)
    assert all(0 <= offset < len(text) for offset in offsets)

"""The facts in a run of text that a translation must keep: numbers, money, codes.

Numbers are read as digits ("2", "9.99", "1,000"), money with its currency
("$5", "0.03 美元", "¥30") and number words of both languages ("两年",
"二十个", "two", "twelve"). A Chinese numeral counts only before a measure
word, so 十分 ("very") or 二维码 ("QR code") are not numbers; ordinals (第二)
are not counts. One (一, "one", "once") is left out in both languages: it is
as often an article ("一个", "a") as a count.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

DIGITS = r"\d{1,3}(?:,\d{3})+|\d+"
AMOUNT = rf"(?P<amount>(?:{DIGITS})(?:\.\d+)?)"
CURRENCY_BEFORE = {"$": "USD", "US$": "USD", "¥": "CNY", "￥": "CNY"}
CURRENCY_AFTER = {
    "美元": "USD",
    "美金": "USD",
    "USD": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "元": "CNY",
    "人民币": "CNY",
    "RMB": "CNY",
    "CNY": "CNY",
    "yuan": "CNY",
}
BEFORE = "|".join(re.escape(sign) for sign in sorted(CURRENCY_BEFORE, key=len, reverse=True))
AFTER = "|".join(re.escape(word) for word in sorted(CURRENCY_AFTER, key=len, reverse=True))
# Digits not glued to Latin letters or other digits (Chinese text may touch them).
NUMBER = re.compile(
    rf"(?P<sign>{BEFORE})?\s?(?<![0-9A-Za-z_.,]){AMOUNT}(?![0-9A-Za-z_])"
    rf"(?:\s?(?P<unit>{AFTER})(?![A-Za-z]))?"
)

ZH_DIGITS = {"二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ZH_MEASURE_WORDS = (
    *("个", "次", "年", "月", "天", "日", "周", "星期", "小时", "分钟", "秒", "位", "张"),
    *("条", "步", "种", "项", "名", "份", "倍", "台", "块", "页", "行", "件", "家", "款"),
    *("岁", "遍", "层", "道", "组", "部", "把", "只", "句", "段", "章", "节", "篇", "类"),
    *("笔", "套", "轮", "档", "级", "代", "期", "美元", "元", "刀", "号", "键", "张卡"),
)
MEASURE = "|".join(sorted(ZH_MEASURE_WORDS, key=len, reverse=True))
ZH_NUMBER = re.compile(rf"(?<!第)(?P<numeral>[一二两三四五六七八九十]{{1,4}})(?=(?:{MEASURE}))")
EN_UNITS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twice": 2,
    "dozen": 12,
}
EN_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
ONES = {"one": 1, **{w: v for w, v in EN_UNITS.items() if v < 10 and w != "twice"}}
TENS, UNITS = "|".join(EN_TENS), "|".join(EN_UNITS)
EN_NUMBER = re.compile(
    rf"\b(?:(?P<tens>{TENS})(?:[- ](?P<ones>{'|'.join(ONES)}))?|(?P<unit>{UNITS}))\b",
    re.IGNORECASE,
)
# A bold token that is a code to type, not prose: ACCPAY, CVV2, GPT-4.
CODE_TOKEN = re.compile(r"(?=[A-Z0-9_.\-]*[A-Z])[A-Z0-9][A-Z0-9_.\-]*[A-Z0-9]")


@dataclass(frozen=True)
class FoundNumber:
    value: str
    money: str | None
    text: str
    offset: int  # where in the text it starts


def numbers(text: str) -> Iterator[FoundNumber]:
    """Every number in ``text``, in order: digits and money, then number words."""
    found: list[FoundNumber] = []
    for match in NUMBER.finditer(text):
        value = normalize(match["amount"])
        if value is None:
            continue
        currency = CURRENCY_BEFORE.get(match["sign"] or "") or CURRENCY_AFTER.get(
            match["unit"] or ""
        )
        start = match.start("sign") if match["sign"] else match.start("amount")
        found.append(FoundNumber(value, currency, match[0].strip(), start))
    for match in ZH_NUMBER.finditer(text):
        value = chinese_numeral(match["numeral"])
        if value is not None and value != 1:
            found.append(FoundNumber(str(value), None, match[0], match.start()))
    for match in EN_NUMBER.finditer(text):
        value = english_number(match)
        if value is not None:
            found.append(FoundNumber(str(value), None, match[0], match.start()))
    return iter(sorted(found, key=lambda number: number.offset))


def normalize(amount: str) -> str | None:
    """'1,000' -> '1000', '9.90' -> '9.9', full-width digits to ASCII."""
    ascii_digits = "".join(
        str(unicodedata.decimal(char)) if char.isdigit() else char for char in amount
    )
    try:
        number = Decimal(ascii_digits.replace(",", ""))
    except InvalidOperation:
        return None
    text = format(number.normalize(), "f")
    return text


def chinese_numeral(numeral: str) -> int | None:
    """一..九十九 as an int; None for forms that are not a plain count."""
    if "十" not in numeral:
        return ZH_DIGITS.get(numeral) if len(numeral) == 1 else None
    tens_text, _, ones_text = numeral.partition("十")
    if "十" in ones_text or len(tens_text) > 1 or len(ones_text) > 1:
        return None
    tens = 1 if not tens_text else ZH_DIGITS.get(tens_text)
    ones = 0 if not ones_text else ({"一": 1} | ZH_DIGITS).get(ones_text)
    if tens is None or ones is None or tens_text == "两":
        return None
    return tens * 10 + ones


def english_number(match: re.Match[str]) -> int | None:
    if match["unit"]:
        return EN_UNITS[match["unit"].lower()]
    return EN_TENS[match["tens"].lower()] + (ONES[match["ones"].lower()] if match["ones"] else 0)


def is_code_token(text: str) -> bool:
    """True for a bold ASCII token a reader types or quotes (an invite code, a key name)."""
    return bool(CODE_TOKEN.fullmatch(text))

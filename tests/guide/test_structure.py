"""The structure extractor, on small pages and on the real ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from guide.structure import GuideError, extract, read_guide

PAGE = """---
description: test
---

# Title { #top }

## 第一节

1. 点击 **Add**{ .ui }，充值 $5~$50。
2. 打开 [站点](https://example.org/a)。

!!! warning "注意"

    - 余额至少 $5。
    - 见 [文档](https://example.org/b)。

## Second

每天不到 0.03 美元，2 个 Key。
"""


def test_headings_with_levels_anchors_and_lines() -> None:
    structure = extract(PAGE)
    assert [(h.level, h.text, h.anchor, h.line) for h in structure.headings] == [
        (1, "Title", "top", 5),
        (2, "第一节", None, 7),
        (2, "Second", None, 17),
    ]


def test_admonitions_and_the_links_inside_them() -> None:
    structure = extract(PAGE)
    assert [(a.kind, a.title, a.line) for a in structure.admonitions] == [("warning", "注意", 12)]
    assert [(link.url, link.line) for link in structure.external_links] == [
        ("https://example.org/a", 10),
        ("https://example.org/b", 15),
    ]


def test_money_and_plain_numbers() -> None:
    amounts = [(a.value, a.money) for a in extract(PAGE).amounts]
    assert amounts == [("5", True), ("50", True), ("5", True), ("0.03", True), ("2", False)]


def test_steps_and_bullets_per_section() -> None:
    first = extract(PAGE).sections[1]
    assert (first.ordered_items, first.bullet_items) == (2, 2)


def test_unknown_admonition_type_names_file_and_line() -> None:
    with pytest.raises(GuideError, match=r"^page.md:3: unknown admonition type 'warnin'$"):
        extract("# T\n\n!!! warnin\n\n    x\n", "page.md")


def test_unclosed_front_matter_is_reported() -> None:
    with pytest.raises(GuideError, match="front matter"):
        extract("---\ntitle: x\n# T\n", "page.md")


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes("# 标题\n\n正文".encode() + b"\n\xff\xfe\n")
    with pytest.raises(GuideError, match=r"bad.md:4: not valid UTF-8"):
        read_guide(path)


def test_real_pages_have_the_guide_structure(root: Path) -> None:
    structure = read_guide(root / "docs/zh/index.md")
    assert [h.text for h in structure.headings if h.level == 2] == [
        "概述",
        "开通虚拟卡",
        "使用远程环境",
        "登录 OpenAI Platform",
        "绑定付款方式",
        "申请 API Key",
        "API 消费额度和扣费",
        "总结",
    ]
    assert [a.kind for a in structure.admonitions] == ["warning", "tip", "note", "danger"]

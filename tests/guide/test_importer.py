"""Importing the upstream guide: round trip to the docs page, change report, idempotence."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from guide.importer import (
    CALLOUT_RULES,
    callout_rule,
    convert,
    lost_anchors,
    missing_toc_anchors,
    section_changes,
)
from guide.page import PageError, parse_page, read_page
from guide.parity import compare

UPSTREAM = Path("tests/fixtures/upstream/guide.zh.md")
DOCS_PAGE = Path("docs/zh/index.md")
LEGACY_ANCHORS = [
    "概述",
    "开通虚拟卡",
    "使用远程环境",
    "登录-openai-platform",
    "绑定付款方式",
    "申请-api-key",
    "api-消费额度和扣费",
    "总结",
]


@pytest.fixture(scope="module")
def upstream(root: Path) -> str:
    return (root / UPSTREAM).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def imported(upstream: str):
    return convert(upstream)


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    script = Path(__file__).resolve().parents[2] / "scripts/import_guide.py"
    return subprocess.run(
        [sys.executable, str(script), *args], cwd=cwd, capture_output=True, text=True, check=False
    )


# ── The conversion ────────────────────────────────────────────────────────


def test_import_of_the_original_has_the_docs_page_structure(root: Path, imported) -> None:
    page = read_page(root / DOCS_PAGE)
    result = parse_page(imported.text, "imported.md")
    assert compare(page, result) == []
    assert compare(result, page) == []


def test_table_of_contents_and_rules_are_dropped(imported) -> None:
    assert "目录" not in imported.text
    assert "---" not in imported.text.splitlines()
    assert imported.toc_anchors == LEGACY_ANCHORS


def test_every_anchor_the_old_table_of_contents_used_is_still_a_heading_id(imported) -> None:
    assert missing_toc_anchors(imported, parse_page(imported.text, "imported.md")) == []


def test_notes_become_admonitions_typed_by_severity(imported) -> None:
    admonitions = [(a.kind, a.title) for a in parse_page(imported.text, "imported.md").admonitions]
    assert admonitions == [
        ("warning", "注意"),
        ("tip", "提示"),
        ("note", "注意"),
        ("danger", "警告"),
    ]


@pytest.mark.parametrize(
    ("label", "text", "expected"),
    [
        ("提示", "连续 2 次扣费失败会导致开发者账号封禁", ("danger", "警告")),
        ("注意", "普通代理可能导致绑卡不成功", ("warning", "注意")),
        ("注意", "每个海外手机号可验证 2 个 API Key", ("note", "注意")),
        (None, "可设置余额低于 $5 自动充值", ("tip", "提示")),
        ("警告", "不要分享 Key", ("danger", "警告")),
    ],
)
def test_callout_rules(label: str | None, text: str, expected: tuple[str, str]) -> None:
    rule = callout_rule(label, text)
    assert (rule.kind, rule.title) == expected
    assert rule in CALLOUT_RULES


def test_ui_labels_are_marked_only_in_click_and_choose_steps(imported) -> None:
    text = imported.text
    assert text.count("{ .ui }") == 6
    assert "**Create new secret key**{ .ui }" in text
    assert "**立即体验**{ .ui }，然后选择 **立即开卡**{ .ui }" in text
    assert "**ACCPAY**，" in text  # a paragraph, not a step
    assert "**开卡费用**：" in text  # a step without 点击/选择


def test_links_numbers_and_headings_are_untouched(upstream: str, imported) -> None:
    before, after = parse_page(upstream, "upstream.md"), parse_page(imported.text, "imported.md")
    assert Counter(link.url for link in after.external_links) == Counter(
        link.url for link in before.external_links
    )
    # Money only: read raw, GitHub's "text\n1. step" lists are text, and their markers numbers.
    assert Counter(n.key for n in after.numbers if n.money) == Counter(
        n.key for n in before.numbers if n.money
    )
    kept = [(h.level, h.text) for h in before.headings if h.text != "目录"]
    assert [(h.level, h.text) for h in after.headings] == kept


def test_nested_items_get_four_spaces_and_lists_a_blank_line() -> None:
    text = "# T\n\n## 步骤\n**做法：**\n1. 点击 **A**。  \n   - 子项\n2. 完成\n"
    assert convert(text).text == (
        "# T\n\n## 步骤\n\n**做法：**\n\n1. 点击 **A**{ .ui }。\n    - 子项\n2. 完成\n"
    )


def test_import_is_a_fixed_point(imported) -> None:
    assert convert(imported.text).text == imported.text


def test_front_matter_is_the_given_one(upstream: str) -> None:
    result = convert(upstream, front_matter="description: 保留我")
    assert result.text.startswith("---\ndescription: 保留我\n---\n\n# 【官方教程】")


def test_a_file_without_a_title_is_not_a_guide() -> None:
    with pytest.raises(PageError, match=r"^notes.md: no level-1 heading"):
        convert("## 只有小节\n\n正文\n", path="notes.md")


# ── What changed upstream ─────────────────────────────────────────────────


def edited(upstream: str) -> str:
    """The original after an upstream edit: one step changed, one section gone, one new."""
    text = upstream.replace("选择充值金额（$5~$50）", "选择充值金额（$10~$50）")
    start = text.index("## 使用远程环境")
    text = text[:start] + text[text.index("## 登录 OpenAI Platform") :]
    return text.replace(
        "### 推荐服务", "### 常见问题\n还有问题？请先查看 Usage 页面。\n\n### 推荐服务"
    )


def test_changes_are_named_section_by_section(root: Path, upstream: str) -> None:
    page = read_page(root / DOCS_PAGE)
    new = convert(edited(upstream), page.front_matter_text)
    changes = section_changes(page, parse_page(new.text, "new.md"))
    assert [(c.change, c.heading) for c in changes] == [
        ("changed", "## 绑定付款方式"),
        ("added", "### 常见问题"),
        ("removed", "## 使用远程环境"),
    ]
    assert changes[0].diff == (
        "-4. 选择充值金额（$5~$50），充值成功即可使用。",
        "+4. 选择充值金额（$10~$50），充值成功即可使用。",
    )
    assert lost_anchors(page, parse_page(new.text, "new.md")) == ["使用远程环境"]


@pytest.fixture
def workdir(root: Path, tmp_path: Path) -> Path:
    (tmp_path / "docs/zh").mkdir(parents=True)
    shutil.copy(root / DOCS_PAGE, tmp_path / DOCS_PAGE)
    shutil.copy(root / UPSTREAM, tmp_path / "guide.zh.md")
    return tmp_path


def test_command_reports_no_changes_for_the_original(workdir: Path) -> None:
    result = run_cli("guide.zh.md", "--check", cwd=workdir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        result.stdout.strip() == "no changes: docs/zh/index.md already matches the upstream guide"
    )


def test_command_reports_an_edited_original_and_writes_only_when_asked(
    workdir: Path, upstream: str
) -> None:
    (workdir / "guide.zh.md").write_text(edited(upstream), encoding="utf-8")
    before = (workdir / DOCS_PAGE).read_text(encoding="utf-8")
    report = run_cli("guide.zh.md", cwd=workdir)
    assert (workdir / DOCS_PAGE).read_text(encoding="utf-8") == before
    assert "changed: ## 绑定付款方式 (docs/zh/index.md:" in report.stdout
    assert "    +4. 选择充值金额（$10~$50），充值成功即可使用。" in report.stdout
    assert "added: ### 常见问题" in report.stdout
    assert "removed: ## 使用远程环境 (docs/zh/index.md:" in report.stdout
    assert "anchor #使用远程环境 would disappear" in report.stderr
    assert "the 目录 links to #使用远程环境" in report.stderr
    assert report.returncode == 1

    written = run_cli("guide.zh.md", "--write", cwd=workdir)
    assert "wrote docs/zh/index.md" in written.stdout
    page = (workdir / DOCS_PAGE).read_text(encoding="utf-8")
    assert page.startswith(before[: before.index("\n---\n") + 5])  # front matter kept
    assert "（$10~$50）" in page
    again = run_cli("guide.zh.md", "--write", cwd=workdir)
    assert "no changes" in again.stdout
    assert (workdir / DOCS_PAGE).read_text(encoding="utf-8") == page


def test_command_check_fails_when_the_page_would_change(workdir: Path, upstream: str) -> None:
    changed = upstream.replace("几分钟即可使用", "十分钟内即可使用")
    (workdir / "guide.zh.md").write_text(changed, encoding="utf-8")
    result = run_cli("guide.zh.md", "--check", cwd=workdir)
    assert result.returncode == 1
    assert "changed: ## 开通虚拟卡" in result.stdout


def test_command_names_an_unreadable_guide_without_a_traceback(workdir: Path) -> None:
    result = run_cli("missing.md", cwd=workdir)
    assert result.returncode == 2
    assert result.stderr.startswith("error: missing.md: cannot read the file")
    assert "Traceback" not in result.stderr

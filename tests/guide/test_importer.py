"""Importing the upstream guide: round trip to the docs page, change report, idempotence."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import import_guide
import pytest
from built import Built
from guide.importer import (
    CALLOUT_RULES,
    LABELS,
    LIST_ITEM,
    TOC_TITLES,
    UI_VERBS,
    callout_rule,
    convert,
    lost_anchors,
    missing_toc_anchors,
    read,
    section_changes,
)
from guide.page import PageError, parse_page, read_page
from guide.page_pairs import copy_build_inputs
from in_process import run_main

UPSTREAM = Path("tests/fixtures/upstream/guide.zh.md")
DOCS_PAGE = Path("docs/zh/index.md")
HEADING = re.compile(r"^(?P<marks>#{1,6}) (?P<text>.+?)[ \t]*$", re.MULTILINE)
TOC_LINK = re.compile(r"\]\(#(?P<anchor>[^)]+)\)")
MONEY_STEP = re.compile(r"^\d+\. .*?\$(?P<amount>\d+)(?!\.\d)", re.MULTILINE)
BOLD = re.compile(r"\*\*(?P<text>[^*\n]+?)\*\*(?P<ui>\{ \.ui \})?")


@pytest.fixture(scope="module")
def upstream(root: Path) -> str:
    return (root / UPSTREAM).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def imported(upstream: str):
    return convert(upstream)


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_main(import_guide.main, args, cwd)


def upstream_toc_anchors(upstream: str) -> list[str]:
    """The anchors the upstream's own 目录 links to, read straight from its lines."""
    titles = [m for m in HEADING.finditer(upstream) if m["text"] in TOC_TITLES]
    assert titles, "the upstream guide has no 目录"
    start = titles[0].end()
    following = HEADING.search(upstream, start)
    toc = upstream[start : following.start() if following else len(upstream)]
    return [m["anchor"] for m in TOC_LINK.finditer(toc)]


# ── The conversion ────────────────────────────────────────────────────────


def test_the_docs_page_is_the_import_of_the_kept_upstream_version(built: Built) -> None:
    """The README keeps the imported version, so importing it again changes nothing."""
    result = run_cli(str(built.root / UPSTREAM), "--check", cwd=built.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("no changes: docs/zh/index.md already matches")


def test_table_of_contents_and_rules_are_dropped(upstream: str, imported) -> None:
    assert not [m for m in HEADING.finditer(imported.text) if m["text"] in TOC_TITLES]
    assert "---" not in imported.text.split("\n---\n", 2)[-1].splitlines()
    assert imported.toc_anchors == upstream_toc_anchors(upstream)


def test_every_anchor_the_old_table_of_contents_used_is_still_a_heading_id(imported) -> None:
    assert missing_toc_anchors(imported, parse_page(imported.text, "imported.md")) == []


def test_every_note_becomes_an_admonition_with_a_title(upstream: str, imported) -> None:
    quotes = [b for b in read(upstream.splitlines(), "upstream.md").blocks if is_note(b)]
    admonitions = parse_page(imported.text, "imported.md").admonitions
    assert len(admonitions) == len(quotes) > 0
    kinds = {rule.kind for rule in CALLOUT_RULES}
    assert all(a.kind in kinds and a.title for a in admonitions), admonitions


def is_note(block) -> bool:
    first = (block.element.text_content() or "").lstrip()
    return block.tag == "blockquote" or (
        block.tag == "p" and any(first.startswith(label) for label in LABELS)
    )


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


def test_bold_text_is_a_ui_label_exactly_in_click_and_choose_steps(imported) -> None:
    marked = unmarked = 0
    for line in imported.text.splitlines():
        step = bool(LIST_ITEM.match(line)) and any(verb in line for verb in UI_VERBS)
        for bold in BOLD.finditer(line):
            assert bool(bold["ui"]) is step, line
            marked, unmarked = marked + step, unmarked + (not step)
    assert marked and unmarked, "the upstream guide has no bold text both ways"


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
    title = next(m["text"] for m in HEADING.finditer(upstream) if m["marks"] == "#")
    result = convert(upstream, front_matter="description: 保留我")
    assert result.text.startswith(f"---\ndescription: 保留我\n---\n\n# {title}\n")


def test_a_file_without_a_title_is_not_a_guide() -> None:
    with pytest.raises(PageError, match=r"^notes.md: no level-1 heading"):
        convert("## 只有小节\n\n正文\n", path="notes.md")


# ── What changed upstream ─────────────────────────────────────────────────

NEW_SECTION = "### 常见问题\n还有问题？请先查看 Usage 页面。\n\n"


@dataclass(frozen=True)
class Edit:
    """An upstream edit made from the guide's own text, and what it changed."""

    text: str
    changed: str  # heading ("## ...") of the section whose step changed
    old_step: str
    new_step: str
    removed: str  # heading of the section removed
    removed_id: str
    added: str = "### 常见问题"


def sections(upstream: str) -> list[re.Match[str]]:
    return [m for m in HEADING.finditer(upstream) if m["text"] not in TOC_TITLES]


def section_of(upstream: str, offset: int) -> re.Match[str]:
    return [m for m in sections(upstream) if m.start() < offset][-1]


def edited(upstream: str) -> Edit:
    """One step's amount changed, one other section removed, one section added."""
    step = MONEY_STEP.search(upstream)
    assert step, "the upstream guide has no numbered step with a money amount"
    line = upstream[step.start() : upstream.index("\n", step.start())]
    amount = int(step["amount"])
    new_line = line.replace(f"${amount}", f"${amount + 5}", 1)
    changed = section_of(upstream, step.start())
    level_two = [m for m in sections(upstream) if m["marks"] == "##" and m[0] != changed[0]]
    gone, after = level_two[1], level_two[2]
    text = upstream[: gone.start()] + upstream[after.start() :]
    text = text.replace(line, new_line, 1)
    last = [m for m in sections(text) if m["marks"] == "###"][-1]
    text = text[: last.start()] + NEW_SECTION + text[last.start() :]
    gone_id = next(h.id for h in parse_page(upstream, "u.md").headings if h.text == gone["text"])
    return Edit(text, changed[0], line.strip(), new_line.strip(), gone[0], gone_id)


def test_changes_are_named_section_by_section(root: Path, upstream: str) -> None:
    page = read_page(root / DOCS_PAGE)
    edit = edited(upstream)
    new = parse_page(convert(edit.text, page.front_matter_text).text, "new.md")
    changes = section_changes(page, new)
    assert {(c.change, c.heading) for c in changes} == {
        ("changed", edit.changed),
        ("added", edit.added),
        ("removed", edit.removed),
    }
    assert changes[-1].change == "removed"
    changed = next(c for c in changes if c.change == "changed")
    assert changed.diff == (f"-{edit.old_step}", f"+{edit.new_step}")
    assert lost_anchors(page, new) == [edit.removed_id]


@pytest.fixture
def workdir(root: Path, tmp_path: Path) -> Path:
    copy_build_inputs(tmp_path)
    shutil.copy(root / UPSTREAM, tmp_path / "guide.zh.md")
    return tmp_path


def test_command_reports_an_edited_original_and_writes_only_when_asked(
    workdir: Path, upstream: str
) -> None:
    edit = edited(upstream)
    (workdir / "guide.zh.md").write_text(edit.text, encoding="utf-8")
    before = (workdir / DOCS_PAGE).read_text(encoding="utf-8")
    report = run_cli("guide.zh.md", cwd=workdir)
    assert (workdir / DOCS_PAGE).read_text(encoding="utf-8") == before
    assert f"changed: {edit.changed} (docs/zh/index.md:" in report.stdout
    assert f"    +{edit.new_step}" in report.stdout
    assert f"added: {edit.added}" in report.stdout
    assert f"removed: {edit.removed} (docs/zh/index.md:" in report.stdout
    assert f"anchor #{edit.removed_id} would disappear" in report.stderr
    assert f"the 目录 links to #{edit.removed_id}" in report.stderr
    assert report.returncode == 1

    written = run_cli("guide.zh.md", "--write", cwd=workdir)
    assert "wrote docs/zh/index.md" in written.stdout
    page = (workdir / DOCS_PAGE).read_text(encoding="utf-8")
    assert page.startswith(before[: before.index("\n---\n") + 5])  # front matter kept
    assert edit.new_step in page
    again = run_cli("guide.zh.md", "--write", cwd=workdir)
    assert "no changes" in again.stdout
    assert (workdir / DOCS_PAGE).read_text(encoding="utf-8") == page


def test_write_keeps_the_imported_version_where_the_tests_read_it(
    workdir: Path, upstream: str
) -> None:
    kept = workdir / UPSTREAM
    kept.parent.mkdir(parents=True)
    kept.write_text(upstream, encoding="utf-8")
    newer = edited(upstream).text.replace("\n", "\r\n")  # byte for byte, line ends too
    (workdir / "guide.zh.md").write_text(newer, encoding="utf-8", newline="")
    assert run_cli("guide.zh.md", "--check", cwd=workdir).returncode == 1
    assert kept.read_text(encoding="utf-8") == upstream  # --check writes nothing
    written = run_cli("guide.zh.md", "--write", cwd=workdir)
    assert f"kept guide.zh.md as {UPSTREAM}" in written.stdout
    assert kept.read_bytes() == (workdir / "guide.zh.md").read_bytes()


def test_command_names_an_unreadable_guide_without_a_traceback(workdir: Path) -> None:
    result = run_cli("missing.md", cwd=workdir)
    assert result.returncode == 2
    assert result.stderr.startswith("error: missing.md: cannot read the file")
    assert "Traceback" not in result.stderr

"""An upstream import keeps the author's titles and the editor's notes.

The notes are the site's own words, so the upstream guide never has them: the
import takes them from the current page and puts each back into its section,
or names the note whose section the upstream guide dropped. These tests build
their own small guides; the one that uses the real page derives what it
expects from that page.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from guide.editor_notes import editor_notes
from guide.importer import CALLOUT_RULES, convert, section_changes
from guide.page import parse_page, read_page
from guide.walk import EDITOR_NOTE

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = Path("tests/fixtures/upstream/guide.zh.md")
DOCS_PAGE = Path("docs/zh/index.md")

# A small upstream guide, GitHub style: lists right after text, quotes, rules.
GUIDE = """\
# 指南

## 第一步
先做这个。

> **提示：** 连续 2 次扣费失败会导致账号封禁。

然后做那个。

---

## 第二步
1. 点击 **开始**。
2. 完成。

## 第三步
最后一步。
"""


def note(title: str, text: str) -> str:
    return f'!!! {EDITOR_NOTE} "{title}"\n\n    {text}\n'


def with_notes(page: str, notes: dict[str, str]) -> str:
    """``page`` with a note inserted before each given line (the whole line, as written)."""
    for before, text in notes.items():
        assert before in page, before
        page = page.replace(before, text + "\n" + before, 1)
    return page


def kinds_and_titles(text: str) -> list[tuple[str, str | None]]:
    return [(a.kind, a.title) for a in parse_page(text, "page.md").admonitions]


def placed(text: str) -> list[tuple[str | None, tuple[str, ...]]]:
    """(section id, note lines) of every editor's note in ``text``."""
    return [(n.section_id, n.lines) for n in editor_notes(parse_page(text, "page.md"))]


# ── The author's words ────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("written", "label"),
    [
        ("> **提示：** 连续 2 次扣费失败会导致账号封禁。", "提示"),
        ("> **注意：**\n> - 普通代理可能导致绑卡不成功。", "注意"),
        ("**注意：** 每个号码可验证 2 次。", "注意"),
        ("> **警告：** 不要分享 Key。", "警告"),
    ],
)
def test_a_labelled_note_keeps_the_authors_label_as_its_title(written: str, label: str) -> None:
    found = kinds_and_titles(convert(f"# 指南\n\n## 一节\n\n{written}\n").text)
    assert [title for _, title in found] == [label]
    assert found[0][0] in {rule.kind for rule in CALLOUT_RULES}


def test_a_note_without_a_label_gets_the_default_title() -> None:
    found = kinds_and_titles(convert("# 指南\n\n> 可设置自动充值。\n").text)
    assert found == [(CALLOUT_RULES[-1].kind, CALLOUT_RULES[-1].title)]


# ── Notes survive an import ───────────────────────────────────────────────


@pytest.fixture
def current() -> str:
    """The imported guide with notes: after a block, first in a section, at its end."""
    page = convert(GUIDE).text
    return with_notes(
        page,
        {
            "然后做那个。": note("编者注（核实于 2026-12）", "第一条，跟在提示后面。"),
            "1. 点击 **开始**{ .ui }。": note("编者注（核实于 2026-12）", "第二条，在本节开头。"),
            "## 第三步": note("编者注（核实于 2026-12）", "第三条，在第二节末尾。"),
        },
    )


def reimport(upstream: str, current: str):
    notes = editor_notes(parse_page(current, "page.md"))
    return convert(upstream, notes=notes)


def test_importing_the_same_guide_keeps_every_note_where_it_was(current: str) -> None:
    again = reimport(GUIDE, current)
    assert again.text == current
    assert again.moved_notes == []
    assert len(placed(current)) == 3


def test_notes_follow_their_block_when_the_upstream_guide_changes_around_them(
    current: str,
) -> None:
    upstream = GUIDE.replace("最后一步。", "最后一步，改过了。").replace(
        "## 第二步", "## 新增\n新的一节。\n\n## 第二步"
    )
    again = reimport(upstream, current)
    assert placed(again.text) == placed(current)
    text = again.text
    assert text.index("第一条") < text.index("然后做那个")
    assert text.index("## 第二步") < text.index("第二条") < text.index("1. 点击")
    assert text.index("2. 完成") < text.index("第三条") < text.index("## 第三步")


def test_a_note_whose_block_changed_goes_to_the_end_of_its_section(current: str) -> None:
    upstream = GUIDE.replace("连续 2 次扣费失败", "连续 3 次扣费失败")
    text = reimport(upstream, current).text
    assert placed(text) == placed(current)
    assert text.index("然后做那个") < text.index("第一条") < text.index("## 第二步")


def test_a_note_whose_section_is_gone_is_kept_and_named(current: str) -> None:
    start, end = GUIDE.index("## 第二步"), GUIDE.index("## 第三步")
    upstream = GUIDE[:start] + GUIDE[end:]
    again = reimport(upstream, current)
    moved = again.moved_notes
    assert [(m.note.section_title, m.now_in) for m in moved] == [("第二步", "第一步")] * 2
    text_line = next(i for i, line in enumerate(current.splitlines()) if "第二条" in line)
    assert moved[0].note.line == text_line - 1  # the marker, two lines above, counted from 1
    assert [lines for _, lines in placed(again.text)] == [lines for _, lines in placed(current)]
    assert [section for section, _ in placed(again.text)] == ["第一步"] * 3


def test_the_change_report_leaves_the_notes_out(current: str) -> None:
    page = parse_page(current, "page.md")
    bare = parse_page(convert(GUIDE).text, "bare.md")
    assert section_changes(page, bare) == []


# ── The command ───────────────────────────────────────────────────────────


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    script = ROOT / "scripts/import_guide.py"
    return subprocess.run(
        [sys.executable, str(script), *args], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A project of its own (with its mkdocs.yml), so nothing is written to the repository."""
    (tmp_path / "docs/zh").mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copy(ROOT / DOCS_PAGE, tmp_path / DOCS_PAGE)
    shutil.copy(ROOT / UPSTREAM, tmp_path / "guide.zh.md")
    return tmp_path


def test_the_docs_page_notes_survive_a_write_of_its_upstream_guide(workdir: Path) -> None:
    before = read_page(workdir / DOCS_PAGE)
    written = run_cli("guide.zh.md", "--write", cwd=workdir)
    assert written.returncode == 0, written.stdout + written.stderr
    after = read_page(workdir / DOCS_PAGE)
    where = [(n.section_id, n.lines) for n in editor_notes(before)]
    assert [(n.section_id, n.lines) for n in editor_notes(after)] == where


def test_the_command_names_a_note_whose_section_the_upstream_guide_dropped(
    workdir: Path,
) -> None:
    page = workdir / DOCS_PAGE
    text = page.read_text(encoding="utf-8")
    guide = (workdir / "guide.zh.md").read_text(encoding="utf-8")
    # A note of our own in the guide's last section, which the upstream then drops.
    last = parse_page(guide, "guide.md").headings[-1]
    heading = f"{'#' * last.level} {last.text}"
    note_text = note("编者注（核实于 2026-12）", "这一节之后会被上游删除。")
    page.write_text(text.rstrip("\n") + "\n\n" + note_text, encoding="utf-8")
    line = len(text.rstrip("\n").splitlines()) + 2
    (workdir / "guide.zh.md").write_text(guide[: guide.index(heading)], encoding="utf-8")

    result = run_cli("guide.zh.md", "--write", cwd=workdir)
    assert result.returncode == 1
    assert (
        f"{DOCS_PAGE}:{line}: an editor's note was in section '{last.text}', which the "
        "upstream guide no longer has; the import puts it at the end of '"
    ) in result.stderr
    assert "这一节之后会被上游删除。" in page.read_text(encoding="utf-8")

"""Translation freshness: stale sections are named, whitespace edits are not, --update fixes it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import translation_freshness
from guide.freshness import new_record, stale_sections
from guide.page import PageError, parse_page
from guide.pages import site_pages
from guide.record import RECORD_KEY, Record, record_block, record_of, with_record
from in_process import run_main

ZH = Path("docs/zh/index.md")
EN = Path("docs/en/index.md")
ORIGINAL = "# 标题\n\n## 第一节\n\n1. 点击 **Add**。\n2. 充值 $5。\n\n## 第二节\n\n正文。\n"
TRANSLATION = "# Title\n\n## One\n\n1. Click **Add**.\n2. Top up $5.\n\n## Two\n\nText.\n"


def recorded(original: str, translation: str = TRANSLATION) -> str:
    zh, en = parse_page(original, "zh.md"), parse_page(translation, "en.md")
    return with_record(translation, record_block(new_record("zh.md", zh, en)))


def stale(original: str, translation: str) -> list[str]:
    page = parse_page(translation, "en.md")
    record = record_of(page)
    assert record is not None
    found = stale_sections(parse_page(original, "zh.md"), page, record)
    return [section.describe("zh.md", "en.md") for section in found]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_main(translation_freshness.main, args, cwd)


# ── The record and the comparison ─────────────────────────────────────────


def test_a_fresh_translation_has_nothing_stale() -> None:
    assert stale(ORIGINAL, recorded(ORIGINAL)) == []


def test_whitespace_only_edits_do_not_count() -> None:
    reflowed = ORIGINAL.replace("点击 **Add**", "点击  **Add** ").replace("正文。", "正\n文。  ")
    assert stale(reflowed, recorded(ORIGINAL)) == []


def line_in(text: str, wanted: str) -> int:
    return text.splitlines().index(wanted) + 1


def test_an_edit_names_the_section_and_its_counterpart() -> None:
    edited = ORIGINAL.replace("充值 $5", "充值 $10")
    translation = recorded(ORIGINAL)
    one = line_in(translation, "## One")
    assert stale(edited, translation) == [
        f"section '第一节' (zh.md:3) changed after it was translated: update 'One' (en.md:{one})"
    ]


def test_new_and_removed_sections_are_named() -> None:
    grown = ORIGINAL.replace("## 第二节", "## 新的一节\n\n新内容。\n\n## 第二节")
    translation = recorded(ORIGINAL)
    assert stale(grown, translation)[0] == (
        "section '新的一节' (zh.md:8) is new in the original: translate it in en.md"
    )
    shrunk = ORIGINAL[: ORIGINAL.index("## 第二节")]
    two = line_in(translation, "## Two")
    assert stale(shrunk, translation) == [
        f"section '第二节' was removed from the original: remove or rework 'Two' (en.md:{two})"
    ]


def test_the_record_goes_into_existing_front_matter_and_nothing_else_moves() -> None:
    page = "---\ndescription: A page.\nhide:\n  - toc\n---\n\n" + TRANSLATION
    first = with_record(page, record_block(Record("zh.md", {"a": "111111111111"})))
    assert first.startswith("---\ndescription: A page.\nhide:\n  - toc\ntranslation_of:\n")
    block = record_block(Record("zh.md", {"b": "222222222222"}, {"b": "3"}, {"b": "two"}))
    second = with_record(first, block)
    assert second == page.replace("---\n\n#", f"{block}---\n\n#")
    assert re.sub(rf"{RECORD_KEY}:\n(  .*\n)+", "", second) == page


def test_the_record_keeps_the_translations_ids() -> None:
    record = record_of(parse_page(recorded(ORIGINAL), "en.md"))
    assert record is not None
    assert record.anchors == {"标题": "title", "第一节": "one", "第二节": "two"}
    assert record.order == ["标题", "第一节", "第二节"]


def test_a_broken_record_is_reported_with_file_and_line() -> None:
    text = "---\ndescription: x\ntranslation_of: docs/zh/index.md\n---\n\n# T\n"
    page = parse_page(text, "en.md")
    with pytest.raises(PageError, match=r"^en.md:3: 'translation_of' must hold"):
        record_of(page)


# ── The command, on the repository and on a copy ──────────────────────────


def test_every_translated_page_of_the_repository_is_fresh(root: Path) -> None:
    result = run_cli(cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    for pair in site_pages(root).translated:
        translation = pair.translation.relative_to(root).as_posix()
        original = pair.original.relative_to(root).as_posix()
        assert f"{translation} is up to date with {original}" in result.stdout


ZH_PAGE = """# 标题

## 开卡

1. 点击 **开卡**。
2. 等待几分钟即可使用。
3. 输入手机号码，接收验证码。

## 充值

充值 $5。
"""
EN_PAGE = """---
description: A page.
---

# Title { #title }

## Get a card { #get-a-card }

1. Click **开卡**.
2. Wait a few minutes and it is ready.
3. Enter your phone number and receive the code.

## Top up { #top-up }

Top up $5.
"""


@pytest.fixture
def workdir(root: Path, tmp_path: Path) -> Path:
    """A project of its own two pages, recorded and committed to a new git repository."""
    shutil.copy(root / "mkdocs.yml", tmp_path / "mkdocs.yml")
    for page, text in ((ZH, ZH_PAGE), (EN, EN_PAGE)):
        (tmp_path / page.parent).mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text(text, encoding="utf-8")
    first = run_cli("--update", cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "pages")
    return tmp_path


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


def test_an_edited_chinese_section_fails_the_check_until_updated(workdir: Path) -> None:
    edit(workdir / ZH, "等待几分钟即可使用", "等待十分钟即可使用")
    english = (workdir / EN).read_text(encoding="utf-8")
    result = run_cli(cwd=workdir)
    assert result.returncode == 1
    zh_line, en_line = line_of(workdir / ZH, "## 开卡"), line_of(workdir / EN, "## Get a card")
    assert (
        f"section '开卡' (docs/zh/index.md:{zh_line}) changed after it was translated: "
        f"update 'Get a card' (docs/en/index.md:{en_line})"
    ) in result.stdout
    assert "1 sections of docs/zh/index.md are stale" in result.stdout
    # What changed in Chinese since the translation, recovered from git history.
    assert "    -2. 等待几分钟即可使用。" in result.stdout
    assert "    +2. 等待十分钟即可使用。" in result.stdout
    # The hint runs as printed, from the project root.
    assert "python3 scripts/dev.py run python scripts/translation_freshness.py --update" in (
        result.stdout
    )

    refused = run_cli("--update", cwd=workdir)
    assert refused.returncode == 1
    assert "its translation was not edited since the record" in refused.stdout
    assert (workdir / EN).read_text(encoding="utf-8") == english

    edit(workdir / EN, "Wait a few minutes", "Wait ten minutes")
    assert run_cli("--update", cwd=workdir).returncode == 0
    assert run_cli(cwd=workdir).returncode == 0
    updated = (workdir / EN).read_text(encoding="utf-8")
    changed = [
        (a, b) for a, b in zip(english.splitlines(), updated.splitlines(), strict=True) if a != b
    ]
    # The two hashes of the edited section, and the edited line itself.
    assert [a.strip()[:3] for a, _ in changed] == ["开卡:", "开卡:", "2. "]


def test_force_records_a_section_whose_translation_was_not_edited(workdir: Path) -> None:
    edit(workdir / ZH, "等待几分钟即可使用", "等待几分钟")
    assert run_cli("--update", cwd=workdir).returncode == 1
    assert run_cli("--update", "--force", cwd=workdir).returncode == 0
    assert run_cli(cwd=workdir).returncode == 0


def test_without_git_history_the_change_is_named_without_a_diff(workdir: Path) -> None:
    shutil.rmtree(workdir / ".git")
    edit(workdir / ZH, "等待几分钟即可使用", "等待十分钟即可使用")
    result = run_cli(cwd=workdir)
    assert result.returncode == 1
    assert "(the text it had when translated is not in git history)" in result.stdout


def test_whitespace_only_edit_passes_the_check(workdir: Path) -> None:
    edit(workdir / ZH, "3. 输入手机号码，接收验证码。", "3.  输入手机号码， 接收验证码。   ")
    assert run_cli(cwd=workdir).returncode == 0


def test_a_page_without_a_record_fails_and_update_adds_one(workdir: Path) -> None:
    page = workdir / EN
    text = page.read_text(encoding="utf-8")
    bare = re.sub(rf"{RECORD_KEY}:\n(  .*\n)+", "", text)
    page.write_text(bare, encoding="utf-8")
    result = run_cli(cwd=workdir)
    assert result.returncode == 1
    assert "no 'translation_of' record yet" in result.stdout
    assert run_cli("--update", cwd=workdir).returncode == 0
    assert page.read_text(encoding="utf-8") == text


def test_unreadable_original_is_one_line_exit_2(workdir: Path) -> None:
    (workdir / ZH).unlink()
    result = run_cli(cwd=workdir)
    assert result.returncode == 2
    assert result.stderr.startswith("error: docs/zh/index.md: cannot read the file")
    assert "Traceback" not in result.stderr

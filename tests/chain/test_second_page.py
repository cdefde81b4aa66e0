"""A second page pair, end to end: the tooling follows docs/ and the nav, not one page.

The project is copied into a temp folder, a page pair is added the way the
README says (two files, a nav line, the translation record), and every tool
runs on the copy: the strict build, parity, freshness, link extraction and
the built-site tests. Then a link is deleted from the English page and parity
must name the file and line.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ZH = """---
description: 第二页：查看 API 用量和账单，了解用量页面的用法、Key 的数量限制和余额提醒。
---

# 查看用量

## 用量页面

1. 打开 [Usage 页面](https://platform.openai.com/usage)。
2. 每个项目最多可创建两个 Key。

!!! warning "注意"

    余额低于 $5 时请及时充值。
"""
EN = """---
description: A second page - check your API usage and bills, and how two common pages work.
---

# Check usage { #check-usage }

## The usage page { #the-usage-page }

1. Open the [Usage page](https://platform.openai.com/usage).
2. Each project can create up to 2 keys.

!!! warning "Caution"

    Top up when the balance falls below $5.
"""


def run(project: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *command], cwd=project, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's tracked files with the second page pair added."""
    copy = tmp_path_factory.mktemp("project")
    tracked = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode("utf-8")
        .split("\0")
    )
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    assert not (copy / "docs/zh/chain-check.md").exists(), "the project has that page already"
    (copy / "docs/zh/chain-check.md").write_text(ZH, encoding="utf-8")
    (copy / "docs/en/chain-check.md").write_text(EN, encoding="utf-8")
    config = copy / "mkdocs.yml"
    nav = config.read_text(encoding="utf-8").replace(
        "  - index.md\n", "  - index.md\n  - chain-check.md\n"
    )
    config.write_text(nav, encoding="utf-8")
    recorded = run(copy, "scripts/translation_freshness.py", "--update", "docs/en/chain-check.md")
    assert recorded.returncode == 0, recorded.stdout + recorded.stderr
    return copy


def test_parity_with_no_arguments_checks_the_new_pair(project: Path) -> None:
    result = run(project, "scripts/check_parity.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "docs/en/chain-check.md matches docs/zh/chain-check.md" in result.stdout
    assert "docs/en/index.md matches docs/zh/index.md" in result.stdout


def test_freshness_follows_the_new_pair(project: Path) -> None:
    result = run(project, "scripts/translation_freshness.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "docs/en/chain-check.md is up to date with docs/zh/chain-check.md (2 sections)"
        in result.stdout
    )


def test_link_extraction_finds_the_new_pages_links(project: Path) -> None:
    result = run(project, "scripts/check_links.py", "--list")
    assert result.returncode == 0, result.stdout + result.stderr
    english = (project / "docs/en/chain-check.md").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(english, 1) if "[Usage page]" in text)
    usage = "https://platform.openai.com/usage"
    assert f"docs/zh/chain-check.md:9: check {usage}" in result.stdout.splitlines()
    assert f"docs/en/chain-check.md:{line}: check {usage}" in result.stdout.splitlines()


def test_the_built_site_tests_pass_on_the_copy(project: Path) -> None:
    result = run(project, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/site")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    built = project / "site"
    assert not built.exists()  # the tests build into their own temp folder


def test_a_deleted_english_link_fails_parity_with_file_and_line(project: Path) -> None:
    page = project / "docs/en/chain-check.md"
    before = page.read_text(encoding="utf-8")
    try:
        page.write_text(
            before.replace("[Usage page](https://platform.openai.com/usage)", "Usage page"),
            encoding="utf-8",
        )
        result = run(project, "scripts/check_parity.py")
    finally:
        page.write_text(before, encoding="utf-8")
    heading = before.splitlines().index("## The usage page { #the-usage-page }") + 1
    assert result.returncode == 1
    assert (
        f"docs/en/chain-check.md:{heading}: section 'The usage page' lacks link "
        "https://platform.openai.com/usage (docs/zh/chain-check.md:9)"
    ) in result.stdout

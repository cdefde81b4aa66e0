"""The test suite does not multiply with the pages.

A check that covers every page loops over the pages inside one test, so a
site of ten page pairs collects about as many tests as a site of one. A copy
gets nine more pairs the way the README adds a page, and pytest collects its
suite, to compare with what this run collected from the repository (or, when
this run was asked for part of the suite, with a plain copy's).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from copies import copy_working_tree
from guide.page_pairs import add_pairs
from run_collection import COLLECTED

ROOT = Path(__file__).resolve().parents[2]
EXTRA_PAIRS = 9
MOST_GROWTH = 1.5
BROWSER_TESTS = "tests/browser/"
ZH = "# 第 {n} 页\n\n## 第一节\n\n打开 [Usage 页面](https://platform.openai.com/usage)。\n"
EN = "# Page {n} {{ #page-{n} }}\n\n## One {{ #one }}\n\nOpen the [Usage page](https://platform.openai.com/usage).\n"


def collected(project: Path) -> list[str]:
    """The test ids pytest collects in ``project`` (no assert is run: none is rewritten)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "--assert=plain",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return [line for line in result.stdout.splitlines() if "::" in line]


def this_runs_collection(config: pytest.Config) -> list[str] | None:
    """What this run collected, if it collected the repository's whole suite."""
    whole = config.args_source == pytest.Config.ArgsSource.TESTPATHS
    return config.stash.get(COLLECTED, None) if whole and config.rootpath == ROOT else None


def test_ten_page_pairs_collect_at_most_half_again_as_many_tests(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    ten = copy_working_tree(tmp_path / "ten")
    for n in range(1, EXTRA_PAIRS + 1):
        name = f"growth-{n}.md"
        add_pairs(ten, {name: (ZH.format(n=n), EN.format(n=n))})
    small = this_runs_collection(request.config) or collected(copy_working_tree(tmp_path / "one"))
    big = collected(ten)
    browser_small = [test for test in small if test.startswith(BROWSER_TESTS)]
    browser_big = [test for test in big if test.startswith(BROWSER_TESTS)]
    assert len(big) <= MOST_GROWTH * len(small), (len(small), len(big))
    assert len(browser_big) <= MOST_GROWTH * len(browser_small), (
        len(browser_small),
        len(browser_big),
    )

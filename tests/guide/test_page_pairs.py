"""guide.page_pairs grows a copy of the project the README's way, or says in one line why not."""

from __future__ import annotations

from pathlib import Path

import pytest
from guide.page import read_page
from guide.page_pairs import PagePairError, add_pairs, copy_build_inputs
from guide.pages import site_pages
from guide.record import record_of

ORIGINAL = "# 附录\n\n## 常见问题\n\n问与答。\n"
TRANSLATION = "# Appendix\n\n## Common questions\n\nQuestions and answers.\n"


def test_a_pair_is_two_files_a_nav_line_and_a_record(tmp_path: Path) -> None:
    project = copy_build_inputs(tmp_path / "project")
    before = site_pages(project).pairs
    add_pairs(project, {"appendix.md": (ORIGINAL, TRANSLATION)})
    pairs = site_pages(project).pairs
    assert [pair.name for pair in pairs] == [pair.name for pair in before] + ["appendix.md"]
    added = pairs[-1]
    assert added.original.read_text(encoding="utf-8") == ORIGINAL
    record = record_of(read_page(added.translation))
    assert record is not None and record.original == "docs/zh/appendix.md", record


def test_a_config_without_nav_is_named(tmp_path: Path) -> None:
    project = copy_build_inputs(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\nnav:\n", "\npages:\n"), encoding="utf-8")
    with pytest.raises(PagePairError, match=r"mkdocs\.yml: no nav list to add pages to"):
        add_pairs(project, {"appendix.md": (ORIGINAL, TRANSLATION)})

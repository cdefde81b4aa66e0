"""Fixtures for the site tests that need more than the project as committed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from site_build import build_here

ROOT = Path(__file__).resolve().parents[2]
# The nav list in mkdocs.yml: a page is added after its last entry.
NAV = re.compile(r"^nav:\n(?:  - .*\n)+", re.MULTILINE)
GROWN_PAGE = "grown.md"  # a name no page of the project uses
GROWN = {
    "zh": "# 附录\n\n## 常见问题\n\n问与答。\n\n## 联系方式\n\n邮件。\n",
    "en": "# Appendix\n\n## Common questions\n\nQuestions and answers.\n\n## Contact\n\nEmail.\n",
}
UNPAIRED = "## 新增章节\n\n只在中文里有的一节。\n\n"


@pytest.fixture(scope="session")
def grown_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with one more page pair and a Chinese-only section, built.

    The copy is the returned site's parent folder.
    """
    copy = tmp_path_factory.mktemp("grown")
    for part in ("docs", "overrides"):
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "scripts/guide", copy / "scripts/guide")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = NAV.search(config)
    assert nav, "mkdocs.yml has no nav list: update this fixture"
    grown = config[: nav.end()] + f"  - {GROWN_PAGE}\n" + config[nav.end() :]
    (copy / "mkdocs.yml").write_text(grown, encoding="utf-8")
    for lang, text in GROWN.items():
        assert not (copy / f"docs/{lang}/{GROWN_PAGE}").exists()
        (copy / f"docs/{lang}/{GROWN_PAGE}").write_text(text, encoding="utf-8")
    index = copy / "docs/zh/index.md"
    text = index.read_text(encoding="utf-8")
    assert "\n## 总结" in text, "the Chinese page changed: update this fixture"
    index.write_text(text.replace("\n## 总结", f"\n{UNPAIRED}## 总结", 1), encoding="utf-8")
    result = build_here(copy / "site", project=copy)
    assert result.returncode == 0, result.stderr
    return copy / "site"

"""properdocs_check: what counts as the same site, and what is reported when it is not."""

from __future__ import annotations

import gzip
import json
import shutil
import sys
from pathlib import Path

import pytest
from properdocs_check import compare_sites, main, summary

PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
      <meta name="generator" content="{engine}">
</head><body><h1 id="guide">Guide</h1><h2 id="{section}">Section</h2><p>{text}</p></body></html>
"""


def make_site(
    root: Path,
    engine: str = "mkdocs-1.6.1, mkdocs-material-9.8.2",
    section: str = "概述",
    text: str = "Text",
    docs: tuple[dict, ...] = ({"location": "", "title": "Guide", "text": "Text"},),
) -> Path:
    (root / "en" / "search").mkdir(parents=True)
    (root / "index.html").write_text(
        PAGE.format(engine=engine, section=section, text=text), encoding="utf-8"
    )
    index = {"config": {"lang": ["en"]}, "docs": list(docs)}
    (root / "en/search/search_index.json").write_text(json.dumps(index), encoding="utf-8")
    (root / "sitemap.xml.gz").write_bytes(gzip.compress(b"<urlset/>", mtime=0))
    return root


def test_sites_that_differ_only_in_the_generator_tag_are_the_same(tmp_path: Path) -> None:
    a = make_site(tmp_path / "a")
    b = make_site(tmp_path / "b", engine="mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.2")
    (b / "sitemap.xml.gz").write_bytes(gzip.compress(b"<urlset/>", mtime=12345))
    assert compare_sites(a, b) == []


def test_a_changed_heading_id_is_named(tmp_path: Path) -> None:
    a, b = make_site(tmp_path / "a"), make_site(tmp_path / "b", section="_1")
    assert compare_sites(a, b) == ["index.html: heading ids differ"]


def test_other_page_changes_name_the_first_different_line(tmp_path: Path) -> None:
    a, b = make_site(tmp_path / "a"), make_site(tmp_path / "b", text="Other")
    [problem] = compare_sites(a, b)
    assert problem.startswith("index.html: differs at line 4: ")


def test_search_index_changes_name_the_entry(tmp_path: Path) -> None:
    a = make_site(tmp_path / "a")
    changed = ({"location": "", "title": "Guide", "text": "Other"},)
    b = make_site(tmp_path / "b", docs=changed)
    assert compare_sites(a, b) == ["en/search/search_index.json: search entry '' differs"]


def test_missing_and_extra_files_are_named(tmp_path: Path) -> None:
    a, b = make_site(tmp_path / "a"), make_site(tmp_path / "b")
    (a / "404.html").write_text("x", encoding="utf-8")
    (b / "extra.html").write_text("x", encoding="utf-8")
    assert compare_sites(a, b) == ["404.html: only in a", "extra.html: only in b"]


def test_the_summary_lists_each_difference() -> None:
    versions = {"mkdocs": "1.6.1", "properdocs": "1.6.7"}
    assert summary([], versions).startswith("### ProperDocs: same site")
    assert "- index.html: heading ids differ" in summary(
        ["index.html: heading ids differ"], versions
    )


@pytest.mark.skipif(
    shutil.which("properdocs", path=str(Path(sys.executable).parent)) is not None,
    reason="the properdocs group is installed here",
)
def test_without_properdocs_it_says_how_to_run_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "--group properdocs" in err

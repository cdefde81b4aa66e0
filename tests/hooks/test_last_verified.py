"""The "links last verified" line: shown from a link report, absent without one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import last_verified
import pytest
from last_verified import REPORT_ENV, load_report, render, report_path
from mkdocs.exceptions import PluginError
from site_build import build

CHECKED_AT = "2026-11-28T03:04:05Z"
LIMITS = "https://platform.openai.com/account/limits"
BILLING = "https://platform.openai.com/account/billing/overview"


def link(url: str, verdict: str, reason: str, *paths: str, moved_to: str | None = None) -> dict:
    return {
        "url": url,
        "verdict": verdict,
        "status": None,
        "final_url": moved_to,
        "moved_to": moved_to,
        "reason": reason,
        "sources": [{"path": path, "line": 1} for path in paths],
    }


def report(*links: dict) -> dict:
    return {"links": list(links), "summary": {"total": len(links), "checked_at": CHECKED_AT}}


def write_report(path: Path, data: dict | str) -> Path:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


SAMPLE = report(
    link("https://openai.com/", "ok", "200 OK", "docs/zh/index.md", "docs/en/index.md"),
    link(LIMITS, "broken", "404 Not Found", "docs/zh/index.md", "docs/en/index.md"),
    link(BILLING, "moved", "301", "docs/en/index.md", moved_to="https://platform.openai.com/b"),
)


# ── Reading the report and rendering the line ─────────────────────────────


def test_links_are_flagged_only_on_the_page_that_uses_them(tmp_path: Path) -> None:
    loaded = load_report(write_report(tmp_path / "r.json", SAMPLE), tmp_path)
    assert loaded.checked_at.isoformat() == "2026-11-28T03:04:05+00:00"
    zh = [f.url for f in loaded.flagged_in(tmp_path / "docs/zh/index.md")]
    en = [f.url for f in loaded.flagged_in(tmp_path / "docs/en/index.md")]
    assert (zh, en) == ([LIMITS], [LIMITS, BILLING])


def test_the_line_is_in_the_page_language(tmp_path: Path) -> None:
    loaded = load_report(write_report(tmp_path / "r.json", SAMPLE), tmp_path)
    zh = render(loaded, loaded.flagged_in(tmp_path / "docs/zh/index.md"), "zh")
    assert '链接最后验证于 <time datetime="2026-11-28T03:04:05+00:00">2026-11-28</time>。' in zh
    assert f"<li><code>{LIMITS}</code>：已失效 (404 Not Found)</li>" in zh
    en = render(loaded, loaded.flagged_in(tmp_path / "docs/en/index.md"), "en")
    assert "Links last verified on <time" in en
    assert "moved → <code>https://platform.openai.com/b</code> (301)" in en
    all_ok = render(loaded, [], "en")
    assert (
        all_ok.startswith('<p class="link-status">Links last verified on') and "<li>" not in all_ok
    )


def test_a_check_without_network_verified_nothing(tmp_path: Path) -> None:
    offline = report(link(LIMITS, "unverified", "network unavailable", "docs/zh/index.md"))
    assert load_report(write_report(tmp_path / "r.json", offline), tmp_path).verified is False
    assert load_report(write_report(tmp_path / "s.json", SAMPLE), tmp_path).verified is True


def test_report_location_comes_from_the_environment_or_the_project(tmp_path: Path) -> None:
    assert report_path(tmp_path, {}) == (tmp_path / "link-report.json", False)
    assert report_path(tmp_path, {REPORT_ENV: "out/r.json"}) == (tmp_path / "out/r.json", True)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('{"links": [', "is not valid JSON"),
        ('{"links": []}', "does not have the link checker's JSON shape"),
        (json.dumps(report(link(LIMITS, "gone", "", "a.md"))), "unknown verdict 'gone'"),
    ],
)
def test_an_unusable_report_is_one_line_naming_the_file(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = write_report(tmp_path / "bad-report.json", content)
    with pytest.raises(PluginError) as caught:
        load_report(path, tmp_path)
    message = str(caught.value)
    assert "bad-report.json" in message and problem in message and "\n" not in message


# ── The hook's events, and the real build ─────────────────────────────────

ROOT = Path(__file__).resolve().parents[2]


def stub_config(root: Path) -> SimpleNamespace:
    return SimpleNamespace(config_file_path=str(root / "mkdocs.yml"), theme={"language": "en"})


def shown_on(root: Path, language: str) -> str:
    """What the hook adds to the page ``docs/<language>/index.md`` of ``root``."""
    file = SimpleNamespace(abs_src_path=str(root / "docs" / language / "index.md"), locale=language)
    page = SimpleNamespace(file=file)
    return last_verified.on_page_content("<p>page</p>", page, stub_config(root), None)


def test_without_a_report_nothing_is_shown(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(REPORT_ENV, raising=False)
    last_verified.on_config(stub_config(tmp_path))
    assert shown_on(tmp_path, "en") == "<p>page</p>"


def test_a_report_named_by_the_environment_is_read(tmp_path: Path, monkeypatch) -> None:
    write_report(tmp_path / "checked.json", SAMPLE)
    monkeypatch.setenv(REPORT_ENV, "checked.json")
    last_verified.on_config(stub_config(tmp_path))
    assert LIMITS in shown_on(tmp_path, "en") and BILLING in shown_on(tmp_path, "en")
    monkeypatch.setenv(REPORT_ENV, "missing.json")
    with pytest.raises(PluginError, match=f"named by {REPORT_ENV}"):
        last_verified.on_config(stub_config(tmp_path))


def test_a_malformed_report_stops_the_build_with_one_clear_line(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.delenv(REPORT_ENV, raising=False)
    write_report(tmp_path / "link-report.json", '{"links": [')
    with pytest.raises(PluginError) as caught:
        last_verified.on_config(stub_config(tmp_path))
    message = str(caught.value)
    assert "link-report.json is not valid JSON" in message and "\n" not in message


@pytest.fixture
def project_with_checker(project_copy: Path) -> Path:
    """The project copy with the link checker's reader (and the page reader it uses),
    whether or not the copy already holds them."""
    for package in ("guide", "link_checker"):
        shutil.copytree(
            ROOT / "scripts" / package,
            project_copy / "scripts" / package,
            ignore=shutil.ignore_patterns("__pycache__"),
            dirs_exist_ok=True,
        )
    return project_copy


def test_in_the_build_each_page_shows_its_date_and_its_own_flagged_links(
    project_with_checker: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(REPORT_ENV, raising=False)
    write_report(project_with_checker / "link-report.json", SAMPLE)  # the default place
    result = build(tmp_path / "out", project=project_with_checker)
    assert result.returncode == 0, result.stderr
    zh, en = (
        (tmp_path / "out" / page).read_text(encoding="utf-8")
        for page in ("index.html", "en/index.html")
    )
    assert "链接最后验证于" in zh and LIMITS in zh and BILLING not in zh.split("link-status")[1]
    assert "Links last verified on" in en and "https://platform.openai.com/b" in en
    assert "链接最后验证于" not in en

"""Nothing from other hosts, nothing that looks like a secret key: on the real build."""

from __future__ import annotations

from pathlib import Path

from site_audit import foreign_assets, secret_like_strings


def test_no_built_page_loads_from_another_host(site: Path) -> None:
    assert foreign_assets(site) == []


def test_no_built_file_holds_a_secret_like_string(site: Path) -> None:
    assert secret_like_strings(site) == []


def test_audit_catches_a_foreign_font_and_script(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<html><head><link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="//cdn.example.net/x.js"></script>'
        '<link rel="alternate" href="https://example.org/en/" hreflang="en"></head>'
        '<body><a href="https://openai.com/">ok</a></body></html>',
        encoding="utf-8",
    )
    (tmp_path / "x.css").write_text("@font-face{src:url(https://fonts.gstatic.com/a.woff2)}")
    found = {finding.what for finding in foreign_assets(tmp_path)}
    assert found == {
        "<link rel=stylesheet> loads https://fonts.googleapis.com/css?family=Roboto",
        "<script src> loads //cdn.example.net/x.js",
        "CSS loads https://fonts.gstatic.com/a.woff2",
    }


def test_audit_catches_a_planted_key_and_masks_it(tmp_path: Path) -> None:
    key = "sk-proj-" + "A1b2C3d4" * 4
    (tmp_path / "page.html").write_text(f"<p>line one</p>\n<code>{key}</code>", encoding="utf-8")
    (findings,) = secret_like_strings(tmp_path)
    assert findings.line == 2
    assert key not in str(findings)

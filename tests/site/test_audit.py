"""Nothing from other hosts, nothing that looks like a secret key: on every build."""

from __future__ import annotations

from pathlib import Path

from built import Built
from site_audit import foreign_assets, secret_like_strings


def test_no_built_page_loads_from_another_host(built: Built) -> None:
    assert foreign_assets(built.site) == []


def test_no_built_file_holds_a_secret_like_string(built: Built) -> None:
    assert secret_like_strings(built.site) == []


def test_audit_catches_a_foreign_font_and_script(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<html><head><link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '\n<script src="//cdn.example.net/x.js"></script>'
        '<link rel="alternate" href="https://example.org/en/" hreflang="en">\n'
        "<style>\nb{}\np{background:url(https://img.example.com/a.png)}</style></head>"
        '<body><a href="https://openai.com/">ok</a></body></html>',
        encoding="utf-8",
    )
    (tmp_path / "x.css").write_text("\n@font-face{src:url(https://fonts.gstatic.com/a.woff2)}")
    found = {str(finding).replace(str(tmp_path), "") for finding in foreign_assets(tmp_path)}
    assert found == {
        "/index.html:1: <link rel=stylesheet> loads https://fonts.googleapis.com/css?family=Roboto",
        "/index.html:2: <script src> loads //cdn.example.net/x.js",
        "/index.html:5: CSS loads https://img.example.com/a.png",
        "/x.css:2: CSS loads https://fonts.gstatic.com/a.woff2",
    }


def test_audit_catches_a_planted_key_and_masks_it(tmp_path: Path) -> None:
    key = "sk-proj-" + "A1b2C3d4" * 4
    (tmp_path / "page.html").write_text(f"<p>line one</p>\n<code>{key}</code>", encoding="utf-8")
    (findings,) = secret_like_strings(tmp_path)
    assert findings.line == 2
    assert key not in str(findings)

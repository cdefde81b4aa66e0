"""Finding external links, and their lines, in Markdown and HTML."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from link_checker.extract import Extraction, default_files, discover, extract, html_links
from link_checker.markdown import markdown_links as markdown_values
from link_checker.models import Source


def checked(found) -> list[tuple[str, int]]:
    """``(url, line)`` of the values an extraction checks, in order."""
    extraction = Extraction()
    for value, line, tag, attribute in found:
        extraction.add(value, Source("page", line), tag, attribute)
    pairs = [(url, s.line) for url, link in extraction.links.items() for s in link.sources]
    return sorted(pairs, key=lambda pair: pair[1])


def markdown_links(text: str) -> list[tuple[str, int]]:
    return checked(markdown_values(text))


REPO_ROOT = Path(__file__).resolve().parents[2]
GUIDE_URLS = {
    "https://bit.ly/bewildcard",
    "https://openai.com/",
    "https://platform.openai.com/",
    "https://platform.openai.com/account/billing/overview",
    "https://platform.openai.com/api-keys",
    "https://platform.openai.com/usage",
    "https://platform.openai.com/account/limits",
}

MARKDOWN = """\
---
description: "[front](https://front-matter.example.org/)"
---

# Title

A paragraph with [one](https://one.example.org/) and
a second line with [two](https://two.example.org/a#part) and <https://auto.example.org/>.
**Bold**{ .ui } then ![an image](https://img.example.org/a.png "title").

Inline `[code](https://code-span.example.org/)` is skipped, [ref][r] is not.

```
[fenced](https://fenced.example.org/)
```

    [indented](https://indented-code.example.org/)

!!! warning "Admonition"

    Inside: [adm](https://admonition.example.org/)

<div>
  <a href="https://html-block.example.org/">html</a>
</div>

Relative [page](other.md), [anchor](#title), [mail](mailto:x@example.org), <a href="https://inline-html.example.org/">x</a>

[r]: https://reference.example.org/
"""


def test_markdown_links_come_with_their_lines():
    assert markdown_links(MARKDOWN) == [
        ("https://one.example.org/", 7),
        ("https://two.example.org/a", 8),
        ("https://auto.example.org/", 8),
        ("https://img.example.org/a.png", 9),
        ("https://reference.example.org/", 11),
        ("https://admonition.example.org/", 21),
        ("https://html-block.example.org/", 24),
        ("https://inline-html.example.org/", 27),
    ]


def test_urls_are_kept_as_written():
    text = "[a](https://例子.中国/路径?q=中文) [b](https://example.com:99999/)"
    assert [url for url, _ in markdown_links(text)] == [
        "https://例子.中国/路径?q=中文",
        "https://example.com:99999/",
    ]


def test_html_links_come_with_their_lines():
    html = """<!doctype html>
<html><head>
<link rel="preconnect" href="https://fonts.example.org">
<link rel="stylesheet" href="https://cdn.example.org/site.css">
</head><body>
<p><a
   href="https://multi-line.example.org/">x</a></p>
<img src="https://img.example.org/x.png"> <a href="/internal/">in</a>
<script>var s = '<a href="https://in-script.example.org/">';</script>
</body></html>
"""
    assert checked(html_links([html])) == [
        ("https://cdn.example.org/site.css", 4),
        ("https://multi-line.example.org/", 7),  # where its tag ends, with the href
        ("https://img.example.org/x.png", 8),
    ]


def test_each_url_is_listed_once_with_every_use(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(
        "[x](https://same.example.org/#one)\n\n[y](https://same.example.org/)\n",
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text(
        '<a href="https://same.example.org/#two">z</a>', encoding="utf-8"
    )
    found = extract(discover([tmp_path]))
    (link,) = found.links.values()
    assert link.url == "https://same.example.org/"
    assert [str(s) for s in link.sources] == ["a.md:1", "a.md:3", "b.html:1"]


def test_folders_give_their_markdown_and_html_files(tmp_path):
    for name in ("a.md", "sub/b.html", "sub/c.txt", ".hidden/d.md"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == ["a.md", "sub/b.html"]


def test_a_non_utf8_file_is_a_problem_with_its_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "latin1.md").write_bytes(b"# ok\n\ncaf\xe9 [x](https://x.example.org/)\n")
    found = extract([tmp_path / "latin1.md"])
    assert not found.links
    assert [str(p) for p in found.problems] == [
        "latin1.md:3: not valid UTF-8 (byte 0xe9); file skipped"
    ]


def test_an_unreadable_file_is_a_problem(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gone.md").symlink_to(tmp_path / "missing-target.md")
    found = extract(discover([tmp_path]))
    assert [str(p) for p in found.problems] == [
        "gone.md: cannot read the file: No such file or directory; skipped"
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission_is_a_problem(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    secret = tmp_path / "secret.md"
    secret.write_text("[x](https://x.example.org/)", encoding="utf-8")
    secret.chmod(0)
    found = extract([secret])
    assert [str(p) for p in found.problems] == [
        "secret.md: cannot read the file: Permission denied; skipped"
    ]


def test_the_guide_pages_give_the_guide_urls_in_every_language():
    files = default_files(REPO_ROOT, ["docs/**/*.md"])
    languages = {p.parent.name for p in files}
    assert {"zh", "en"} <= languages
    found = extract(files)
    assert set(found.links) >= GUIDE_URLS
    for url in GUIDE_URLS:
        used_in = {s.path.split("/")[-2] for s in found.links[url].sources}
        assert used_in == languages, url

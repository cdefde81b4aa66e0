"""Finding the links readers can open, and their lines, in Markdown and HTML.

Markdown is read as MkDocs renders it (the shared page reader, with this
project's markdown_extensions); every href/src is checked or skipped with a
reason.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from guide.model import Location
from link_checker.extract import Extraction, classify, default_files, discover, extract, html_links

REPO_ROOT = Path(__file__).resolve().parents[2]
# A Markdown inline link, read here on its own terms (not with the checker's code).
INLINE_LINK = re.compile(r"\]\((https?://[^)\s]+)\)")


def checked(found) -> list[tuple[str, int]]:
    """``(url, line)`` of the values an extraction checks, in order."""
    extraction = Extraction()
    for value, line, tag, attribute in found:
        extraction.add(value, Location("page", line), tag, attribute)
    pairs = [(url, s.line) for url, link in extraction.links.items() for s in link.sources]
    return sorted(pairs, key=lambda pair: pair[1])


def page_links(tmp_path: Path, text: str, *, keep_skipped: bool = False) -> Extraction:
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    return extract([page], keep_skipped=keep_skipped)


def markdown_links(tmp_path: Path, text: str) -> list[tuple[str, int]]:
    found = page_links(tmp_path, text)
    pairs = [(url, s.line) for url, link in found.links.items() for s in link.sources]
    return sorted(pairs, key=lambda pair: pair[1])


MARKDOWN = """\
---
description: "[front](https://front-matter.example.org/)"
---

# Title

A paragraph with [one](https://one.example.org/) and
a second line with [two](https://two.example.org/a#part) and <https://auto.example.org/>.
**Bold**{ .ui } then ![an image](https://img.example.org/a.png "title").

Inline `[code](https://code-span.example.org/)` is skipped, [a reference][r] is not.

```
[fenced](https://fenced.example.org/)
```

    [indented](https://indented-code.example.org/)

!!! warning "Admonition"

    Inside: [admonition](https://admonition.example.org/)

<div>
  <a href="https://html-block.example.org/">html block</a>
</div>

Relative [page](other.md), [anchor](#title), [mail](mailto:x@example.org), <a href="https://inline-html.example.org/">x</a>

[r]: https://reference.example.org/
"""


def test_markdown_links_come_with_their_lines(tmp_path):
    assert markdown_links(tmp_path, MARKDOWN) == [
        ("https://one.example.org/", 7),
        ("https://two.example.org/a", 8),
        ("https://auto.example.org/", 8),
        ("https://img.example.org/a.png", 9),
        ("https://reference.example.org/", 11),
        ("https://admonition.example.org/", 21),
        ("https://html-block.example.org/", 24),
        ("https://inline-html.example.org/", 27),
    ]


def test_every_other_href_is_skipped_with_its_reason(tmp_path):
    found = page_links(tmp_path, MARKDOWN, keep_skipped=True)
    assert [(s.url, s.source.line, s.reason) for s in found.skipped] == [
        ("other.md", 27, "same-site (the strict build checks links between pages)"),
        ("#title", 27, "a fragment of the same page (the strict build checks anchors)"),
        ("mailto:x@example.org", 27, "mailto: address, not a web page"),
    ]


# Each of these renders as a link with this site's extensions; a reader can click it.
CONSTRUCTS = {
    "div markdown without blank lines": (
        "<div markdown>\n[in a div](https://div.example/a)\n</div>\n",
        "https://div.example/a",
        2,
    ),
    "details markdown without blank lines": (
        "<details markdown>\n<summary>More</summary>\n"
        "[in details](https://details.example/b)\n</details>\n",
        "https://details.example/b",
        3,
    ),
    "tab-indented admonition body": (
        '!!! note "Note"\n\t[tab indented](https://tab-admonition.example/c)\n',
        "https://tab-admonition.example/c",
        2,
    ),
    "a space in the URL": ("[space](http://h.example/a b)\n", "http://h.example/a b", 1),
    "one slash after the scheme": (
        "[one slash](https:/one-slash.example/d)\n",
        "https:/one-slash.example/d",
        1,
    ),
    "protocol-relative": (
        "[protocol relative](//proto.example/path)\n",
        "https://proto.example/path",
        1,
    ),
    "srcset in raw HTML": (
        '<img srcset="https://srcset.example/1x.png 1x, https://srcset.example/2x.png 2x">\n',
        "https://srcset.example/2x.png",
        1,
    ),
}


@pytest.mark.parametrize("name", CONSTRUCTS)
def test_each_construct_a_reader_can_click_is_checked(tmp_path, name):
    text, url, line = CONSTRUCTS[name]
    found = page_links(tmp_path, f"# Page\n\n{text}")
    assert url in found.links, sorted(found.links)
    assert [s.line for s in found.links[url].sources] == [line + 2]


def test_urls_are_kept_as_written(tmp_path):
    text = "[a](https://例子.中国/路径?q=中文) [b](https://example.com:99999/)\n"
    assert [url for url, _ in markdown_links(tmp_path, text)] == [
        "https://例子.中国/路径?q=中文",
        "https://example.com:99999/",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://a.example/x", ("https://a.example/x", None)),
        ("  https://a.example/x\n", ("https://a.example/x", None)),
        ("https://a.exa\tmple/x", ("https://a.example/x", None)),
        ("https://a.example/x\r\ny", ("https://a.example/xy", None)),
        ("HTTPS://A.EXAMPLE/", ("HTTPS://A.EXAMPLE/", None)),
        ("//cdn.example/x.js", ("https://cdn.example/x.js", None)),
        ("\\\\cdn.example/x.js", ("https://cdn.example/x.js", None)),
        ("", (None, "empty")),
        ("#top", (None, "a fragment of the same page (the strict build checks anchors)")),
        ("../other/", (None, "same-site (the strict build checks links between pages)")),
        ("mailto:a@example.org", (None, "mailto: address, not a web page")),
        ("javascript:alert(1)", (None, "javascript: address, not a web page")),
        ("data:image/png;base64,AA", (None, "data: address, not a web page")),
    ],
)
def test_values_are_read_as_browsers_read_them(value, expected):
    assert classify(value) == expected


def test_a_page_the_reader_cannot_read_is_a_problem_with_its_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.md").write_text("---\ntitle: [unclosed\n---\n# Page\n", "utf-8")
    found = extract([tmp_path / "broken.md"])
    (problem,) = found.problems
    assert str(problem).startswith("broken.md:")
    assert "front matter is not valid YAML" in str(problem)
    assert str(problem).endswith("; skipped")


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
        "[first use](https://same.example.org/#one)\n\n[second use](https://same.example.org/)\n",
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


def test_every_link_written_in_a_guide_page_is_found_in_that_page():
    files = default_files(REPO_ROOT, ["docs/**/*.md"])
    found = extract(files)
    written = 0
    for path in files:
        shown = path.relative_to(REPO_ROOT).as_posix()
        for url in INLINE_LINK.findall(path.read_text(encoding="utf-8")):
            written += 1
            link = found.links.get(url.split("#")[0])
            assert link is not None, f"{shown}: {url}"
            assert any(s.path.endswith(shown) for s in link.sources), f"{shown}: {url}"
    assert written, "the guide's pages have no inline links: is this the right folder?"


def test_a_long_html_file_keeps_every_line_exact(tmp_path, monkeypatch):
    # Long enough to pass libxml2's 65,535-line limit and several segment cuts,
    # with comments, scripts and multi-line tags all along, across the cuts.
    monkeypatch.chdir(tmp_path)
    lines = ["<!doctype html><html><body>"]
    expected = {}
    for n in range(66_000):  # past libxml2's 65,535 lines, and two segment cuts
        if n % 997 == 0:
            lines += ["<!-- a comment", f'<a href="https://commented.example/{n}">', "-->"]
        if n % 331 == 0:  # a line that ends with a tag, yet inside a comment
            lines += ["<p>before</p><!-- <b>", f'<a href="https://commented.example/b{n}">', "-->"]
        if n % 1499 == 0:
            lines += [
                "<script>",
                f"var a = '<a href=\"https://scripted.example/{n}\">';",
                "</script>",
            ]
        if n % 1201 == 0:
            lines += ["<p><a", f'   href="https://multi.example/{n}">x</a></p>']
            expected[f"https://multi.example/{n}"] = len(lines)
        lines.append(f'<p>text <a href="https://h{n % 50}.example/{n}">link</a></p>')
        expected[f"https://h{n % 50}.example/{n}"] = len(lines)
    lines.append("</body></html>")
    (tmp_path / "long.html").write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = extract([tmp_path / "long.html"])
    assert not found.problems
    lines_found = {url: [s.line for s in link.sources] for url, link in found.links.items()}
    assert lines_found == {url: [line] for url, line in expected.items()}


TRICKY_HTML = [
    "<!doctype html><html><body>",
    "<p>before</p><!-- <b>",
    '<a href="https://in-comment.example/">',
    "--> <p>after</p>",
    "<p>x</p><script>",
    "var a = '<a href=\"https://in-script.example/\">';",
    "</script>",
    "<p>y</p><style>",
    "a::after { content: \"<a href='https://in-style.example/'>\"; }",
    "</style>",
    "<textarea>",
    '<a href="https://in-textarea.example/">',
    "</textarea>",
    "<p><a",
    '   href="https://multi-line.example/">x</a></p>',
    '<p><a href="https://plain.example/">plain</a></p>',
    "<![CDATA[ <b>",
    '<a href="https://after-cdata.example/">',
    "</body></html>",
]


def test_a_segment_never_ends_inside_a_comment_script_style_or_textarea(monkeypatch):
    # Let a segment end after every line, wherever that is allowed: the links
    # (and lines) must be those of one parse of the whole document.
    from link_checker.extract import _Segments

    monkeypatch.setattr(_Segments, "SEGMENT_CHARS", 1)
    monkeypatch.setattr(_Segments, "SEGMENT_LINES", 0)
    one_line_each = [line + "\n" for line in TRICKY_HTML]
    found = checked(html_links(one_line_each))
    monkeypatch.undo()
    assert found == checked(html_links(["\n".join(TRICKY_HTML)]))
    assert found == [
        ("https://multi-line.example/", 15),
        ("https://plain.example/", 16),
        ("https://after-cdata.example/", 18),
    ]


def test_a_file_that_grows_while_it_is_read_stops_at_its_cap(tmp_path):
    from link_checker.extract import _decoded_chunks
    from link_checker.files import FileTooBig, open_regular

    path = tmp_path / "growing.html"
    path.write_text("<p>" + "x" * 5_000 + "</p>\n", encoding="utf-8")
    with open_regular(path, 10_000) as handle:  # within the cap when opened...
        with path.open("a", encoding="utf-8") as writer:
            writer.write("<p>" + "y" * 50_000 + "</p>\n")  # ...not when read
        with pytest.raises(FileTooBig):
            list(_decoded_chunks(handle, 10_000))

"""The page reader: what the rendered page holds, and the source line of each thing."""

from __future__ import annotations

from pathlib import Path

import pytest
from built import Built
from guide.page import PageError, parse_page, read_page
from guide.render import markdown_settings
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html

PAGE = """---
description: test
---

# Title { #top }

## 第一节

1. 点击 **Add**{ .ui }，充值 $5~$50。
2. 打开 [站点](https://example.org/a)。

!!! warning "注意"

    - 余额至少 $5。
    - 见 [文档](https://example.org/b)。

## Second

每天不到 0.03 美元，两个 Key，邀请码 **ACCPAY**，`sk-test`。

## Second
"""
# Constructs Python-Markdown renders as links that a Markdown-it reading missed.
HIDDEN_LINKS = """# Links

<div markdown>
[in a div](https://div.example/)
</div>

<details markdown>
<summary>More</summary>
[in details](https://details.example/)
</details>

!!! note "Tabbed"
\t[tab-indented body](https://tab.example/)

[a space](http://h/a b) and [one slash](https:/host) and [no scheme](//host/path)

![an image](https://img.example/x.png) <a href="https://raw.example/">raw</a> <https://auto.example/>
"""


def test_front_matter_and_where_the_body_starts() -> None:
    page = parse_page(PAGE, "page.md")
    assert page.front_matter == {"description": "test"}
    assert page.body_start == 4
    assert page.lines[page.body_start] == "# Title { #top }"


def test_headings_have_the_ids_and_lines_the_site_gives_them() -> None:
    page = parse_page(PAGE, "page.md")
    assert [(h.level, h.text, h.id, h.line) for h in page.headings] == [
        (1, "Title", "top", 5),
        (2, "第一节", "第一节", 7),
        (2, "Second", "second", 17),
        (2, "Second", "second_1", 21),  # toc's de-duplication
    ]
    assert [(s.start, s.end) for s in page.sections] == [(5, 7), (7, 17), (17, 21), (21, 22)]


def test_admonitions_links_labels_and_steps_land_in_their_sections() -> None:
    first = parse_page(PAGE, "page.md").sections[1]
    assert [(a.kind, a.title, a.line) for a in first.admonitions] == [("warning", "注意", 12)]
    assert [(link.url, link.line) for link in first.links] == [
        ("https://example.org/a", 10),
        ("https://example.org/b", 15),
    ]
    assert [(label.name, label.line) for label in first.labels] == [("Add", 9)]
    assert (first.steps, first.bullets) == (2, 2)


def test_numbers_money_codes_with_their_lines() -> None:
    page = parse_page(PAGE, "page.md")
    assert [(n.key, n.line) for n in page.numbers] == [
        ("USD 5", 9),
        ("USD 50", 9),
        ("USD 5", 14),
        ("USD 0.03", 19),
        ("2", 19),
    ]
    assert [(c.value, c.line) for c in page.codes] == [("ACCPAY", 19), ("sk-test", 19)]


def test_every_link_a_reader_can_click_is_read_with_its_line() -> None:
    page = parse_page(HIDDEN_LINKS, "links.md")
    assert [(link.url, link.tag, link.line) for link in page.links] == [
        ("https://div.example/", "a", 4),
        ("https://details.example/", "a", 9),
        ("https://tab.example/", "a", 13),
        ("http://h/a b", "a", 15),
        ("https:/host", "a", 15),
        ("//host/path", "a", 15),
        ("https://img.example/x.png", "img", 17),
        ("https://raw.example/", "a", 17),
        ("https://auto.example/", "a", 17),
    ]


def test_a_link_is_placed_where_it_is_used_not_where_its_url_is_defined() -> None:
    text = (
        "# T\n\nIntro [ref][r] and [**bold**][r].\n\nSecond [a](https://x.example/) here.\n\n"
        "Third [b](https://x.example/) there.\n\n[r]: https://ref.example/\n"
    )
    page = parse_page(text, "refs.md")
    assert [(link.url, link.line) for link in page.links] == [
        ("https://ref.example/", 3),
        ("https://ref.example/", 3),
        ("https://x.example/", 5),
        ("https://x.example/", 7),
    ]


def test_details_and_their_open_state() -> None:
    page = parse_page('# T\n\n??? note "Closed"\n    a\n\n???+ tip "Open"\n    b\n', "d.md")
    assert [(a.kind, a.title, a.line, a.collapsible) for a in page.admonitions] == [
        ("note", "Closed", 3, False),
        ("tip", "Open", 6, True),
    ]


def test_an_indented_tab_body_is_code_as_the_site_renders_it(root: Path) -> None:
    text = '# T\n\n=== "macOS"\n\n    [a](https://a.example/)\n'
    page = parse_page(text, root / "docs/zh/tabs.md")
    assert page.links == []
    assert page.sections[0].code_blocks == 1


def test_code_is_not_read_for_numbers() -> None:
    page = parse_page("# T\n\n```\nretry 3 times\n```\n\nRun `sleep 5` once.\n", "c.md")
    assert page.numbers == []
    assert [c.value for c in page.codes] == ["sleep 5"]


def test_unknown_admonition_type_is_a_problem_with_its_line() -> None:
    page = parse_page("# T\n\n!!! warnin\n\n    x\n", "page.md")
    assert [str(p) for p in page.problems] == ["page.md:3: unknown admonition type 'warnin'"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: x\n# T\n", r"^page.md:1: front matter opened with '---' is never closed$"),
        ("---\ntitle: [x\n---\n# T\n", r"^page.md:\d: front matter is not valid YAML"),
        ("---\n- a\n- b\n---\n# T\n", r"^page.md:2: front matter must be a YAML mapping"),
    ],
)
def test_broken_front_matter_names_the_line(text: str, message: str) -> None:
    with pytest.raises(PageError, match=message):
        parse_page(text, "page.md")


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes("# 标题\n\n正文".encode() + b"\n\xff\xfe\n")
    with pytest.raises(PageError, match=r"bad.md:4: not valid UTF-8"):
        read_page(path)


def test_a_missing_file_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(PageError, match=r"missing.md: cannot read the file"):
        read_page(tmp_path / "missing.md")


def test_the_markdown_settings_are_mkdocs_builtins_and_the_config(root: Path) -> None:
    settings = markdown_settings(root / "mkdocs.yml")
    assert settings.extensions[:3] == ("toc", "tables", "fenced_code")
    assert "pymdownx.superfences" in settings.extensions
    assert settings.configs["toc"]["permalink"] is True


@given(st.text(max_size=300))
def test_any_text_reads_without_an_unexpected_error(text: str) -> None:
    try:
        page = parse_page(text, "fuzz.md")
    except PageError:
        return
    assert all(1 <= link.line <= max(len(page.lines), 1) for link in page.links)


# ── The reader against the published site ────────────────────────────


def built_headings(site: Path, url: str) -> list[tuple[int, str]]:
    tree = lxml_html.parse(str(site / url / "index.html"))
    article = tree.find(".//article")
    return [
        (int(h.tag[1]), h.get("id"))
        for h in article.iter("h1", "h2", "h3", "h4", "h5", "h6")
        if h.get("id")
    ]


def built_external_links(site: Path, url: str) -> set[str]:
    article = lxml_html.parse(str(site / url / "index.html")).find(".//article")
    return {
        element.get(attribute)
        for element in article.iter()
        for attribute in ("href", "src")
        if (element.get(attribute) or "").startswith(("http://", "https://"))
    }


def test_ids_and_external_links_match_the_built_pages(built: Built) -> None:
    for page in built.every_page():
        read = read_page(page.source)
        assert read.outline == built_headings(built.site, page.url), page.url
        assert {x.url for x in read.external_links} == built_external_links(built.site, page.url)

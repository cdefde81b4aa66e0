"""The editorial hooks' pure functions, on small inputs: referral marks, contents, notes, 404."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from editor_notes import problems, with_times
from external_links import DISCLOSURE_ID, TEXT, disclose_referrals, mark_external_links
from localized_404 import not_found_body
from mkdocs.structure.toc import AnchorLink
from page_contents import contents_block, sections
from page_top import under_title

HOSTS = {"bit.ly"}
NOW = datetime(2026, 12, 4, tzinfo=UTC)


def referral_page(body: str) -> str:
    return disclose_referrals(mark_external_links(f"<h1>T</h1>\n{body}", HOSTS), HOSTS, "zh")


def test_each_referral_link_gets_a_mark_and_the_page_one_explanation() -> None:
    page = referral_page(
        '<p><a href="https://bit.ly/a">A</a> and <a href="https://bit.ly/b">B</a>'
        ' and <a href="https://openai.com/">C</a></p>'
    )
    mark = f'<span class="referral-mark" data-search-exclude>{TEXT["zh"]["mark"]}</span>'
    described = f'rel="sponsored noopener" aria-describedby="{DISCLOSURE_ID}">'
    assert f'<a href="https://bit.ly/a" {described}A</a> {mark}' in page
    assert f'<a href="https://bit.ly/b" {described}B</a> {mark}' in page
    assert '<a href="https://openai.com/" rel="noopener">C</a></p>' in page
    assert page.count(f'id="{DISCLOSURE_ID}"') == 1
    assert page.index(f'id="{DISCLOSURE_ID}"') < page.index("https://bit.ly/a")
    assert page.startswith('<h1>T</h1>\n<p class="referral-disclosure"')


def test_a_page_without_referrals_is_left_alone() -> None:
    html = '<h1>T</h1>\n<p><a href="https://openai.com/">C</a></p>'
    marked = mark_external_links(html, HOSTS)
    assert disclose_referrals(marked, HOSTS, "zh") == marked


def test_the_mark_speaks_the_pages_language_with_english_as_the_fallback() -> None:
    html = mark_external_links('<p><a href="https://bit.ly/a">A</a></p>', HOSTS)
    assert TEXT["en"]["mark"] in disclose_referrals(html, HOSTS, "en")
    assert TEXT["en"]["mark"] in disclose_referrals(html, HOSTS, "xx")


def toc(*entries: tuple[int, str, str]) -> list[AnchorLink]:
    """A table of contents from (level, id, title), nested the way MkDocs nests it."""
    roots: list[AnchorLink] = []
    stack: list[AnchorLink] = []
    for level, anchor, title in entries:
        item = AnchorLink(title, anchor, level)
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else roots).append(item)
        stack.append(item)
    return roots


def test_contents_list_the_level_2_headings_in_order() -> None:
    found = sections(
        toc((1, "t", "T"), (2, "a", "A"), (3, "a1", "A1"), (2, "b", "B &amp; C"), (2, "c", "C"))
    )
    assert found == [("#a", "A"), ("#b", "B &amp; C"), ("#c", "C")]
    assert sections(toc((2, "a", "A"), (2, "b", "B"))) == [("#a", "A"), ("#b", "B")]
    assert sections(toc((1, "t", "T"))) == []


def test_contents_sit_right_under_the_title() -> None:
    block = contents_block([("#a", "A")], "目录")
    assert block.startswith('<nav class="page-contents" aria-labelledby="page-contents-title"')
    assert '<li><a href="#a">A</a></li>' in block
    assert under_title("<h1>T</h1>\n<p>x</p>", block) == f"<h1>T</h1>\n{block}\n<p>x</p>"
    assert under_title("<p>x</p>", block) == f"{block}<p>x</p>"


def note(title: str, body: str) -> str:
    return (
        f'<div class="admonition editor">\n<p class="admonition-title">{title}</p>\n'
        f"<p>{body}</p>\n</div>"
    )


SOURCE = '<a href="https://example.org/">source</a>'


@pytest.mark.parametrize(
    ("title", "body", "problem"),
    [
        ("Editor's note (checked 2026-12)", SOURCE, None),
        ("Editor's note", SOURCE, "has no month it was checked (YYYY-MM) in its title"),
        (
            "Editor's note (checked 2026-13)",
            SOURCE,
            "has 2026-13 in its title, which is not a month",
        ),
        (
            "Editor's note (checked 2027-01)",
            SOURCE,
            "says it was checked in 2027-01, which has not come yet",
        ),
        ("Editor's note (checked 2026-12)", "no link", "links to no public source (https://...)"),
        (
            "Editor's note (checked 2026-12)",
            '<a href="#x">here</a>',
            "links to no public source (https://...)",
        ),
    ],
)
def test_a_note_needs_a_past_month_and_a_public_source(
    title: str, body: str, problem: str | None
) -> None:
    found = problems(note(title, body), NOW)
    assert found == ([] if problem is None else [(title, problem)])


def test_other_admonitions_are_not_notes() -> None:
    html = '<div class="admonition warning">\n<p class="admonition-title">Caution</p>\n</div>'
    assert problems(html, NOW) == []


def test_the_month_is_marked_up_as_a_time() -> None:
    html = note("编者注（核实于 2026-12）", SOURCE)
    assert (
        '<p class="admonition-title">编者注（核实于 <time datetime="2026-12">2026-12</time>）</p>'
        in (with_times(html))
    )


def test_the_404_body_speaks_its_language_and_links_home() -> None:
    zh, en = not_found_body("zh", "/"), not_found_body("en", "/guide/en/")
    assert zh.startswith("<h1>404 - ") and '<a href="/">' in zh
    assert '<a href="/guide/en/">' in en
    assert not_found_body("xx", "/xx/") == not_found_body("en", "/xx/")

"""The editorial layer, proved on the built pages of every language (no browser needed).

- every page opens with its own contents: exactly its level-2 headings, in order;
- every link to a referral host carries a visible marker that screen readers
  read, and the page says once, before the first one, what the marker means;
- every editor's note names the month it was checked and links to a source;
- each 404 page speaks its language and links to its language's home.

A broken note (no month, no source) fails the strict build, naming file and line.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from guide.pages import site_pages
from lxml import html as lxml_html
from mkdocs.utils import yaml as mkdocs_yaml
from site_build import build_here

ROOT = Path(__file__).resolve().parents[2]
SITE = site_pages(ROOT)


def sponsored_hosts() -> set[str]:
    """``extra.sponsored_hosts`` of mkdocs.yml, read with MkDocs' own YAML loader."""
    with open(ROOT / "mkdocs.yml", "rb") as stream:
        config = mkdocs_yaml.yaml_load(stream)
    return {host.lower() for host in config["extra"]["sponsored_hosts"]}


SPONSORED_HOSTS = sponsored_hosts()
SITE_PATH = "/"  # the path of the default local site_url the `site` fixture builds with
CJK = re.compile(r"[\u3400-\u9fff]")
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
THEME_404_HEADING = "404 - Not found"  # Material's own, English in every language
EDITOR_NOTE = (
    "//div[contains(concat(' ', @class, ' '), ' admonition ')]"
    "[contains(concat(' ', @class, ' '), ' editor ')]"
)
EXTERNAL = ".//a[starts-with(@href, 'https://') or starts-with(@href, 'http://')]"


def parsed(path: Path):
    return lxml_html.fromstring(path.read_bytes())


def built_pages(site: Path):
    """(locale, url, tree) of every page of the site."""
    for locale, url in SITE.urls():
        yield locale, url, parsed(site / url / "index.html")


def article(tree):
    return tree.xpath("//article")[0]


def text(element) -> str:
    return " ".join(element.text_content().split())


def heading_text(heading) -> str:
    return " ".join(
        "".join(
            part for part in heading.itertext() if part not in heading.xpath(".//a/text()")
        ).split()
    )


def position(tree):
    """Each element's place in document order."""
    return {element: index for index, element in enumerate(tree.iter())}


def is_referral(url: str) -> bool:
    return (urlsplit(url).hostname or "").lower() in SPONSORED_HOSTS


def test_every_page_opens_with_contents_listing_exactly_its_sections(site: Path) -> None:
    for locale, url, tree in built_pages(site):
        body = article(tree)
        sections = [(f"#{h.get('id')}", heading_text(h)) for h in body.xpath(".//h2[@id]")]
        blocks = body.xpath(".//*[contains(concat(' ', @class, ' '), ' page-contents ')]")
        if not sections:
            assert blocks == [], url
            continue
        assert len(blocks) == 1, f"/{url}: {len(blocks)} contents blocks"
        [contents] = blocks
        entries = [(a.get("href"), text(a)) for a in contents.xpath(".//a")]
        assert entries == sections, f"/{url}"
        order = position(tree)
        h1 = body.xpath(".//h1")[0]
        first = body.xpath(".//h2[@id]")[0]
        assert order[h1] < order[contents] < order[first], f"/{url}: not at the top"
        title = text(contents.xpath(".//*[@id=$id]", id=contents.get("aria-labelledby"))[0])
        assert bool(CJK.search(title)) is (locale == "zh"), f"/{url}: {title}"
        assert contents.get("data-search-exclude") is not None, url


def test_every_referral_link_is_marked_and_the_page_says_once_what_the_mark_means(
    site: Path,
) -> None:
    for locale, url, tree in built_pages(site):
        links = [a for a in tree.xpath("//a[@href]") if is_referral(a.get("href"))]
        disclosures = tree.xpath("//*[@id='referral-disclosure']")
        if not links:
            assert disclosures == [] and not tree.xpath("//*[@class='referral-mark']"), url
            continue
        assert len(disclosures) == 1, f"/{url}: {len(disclosures)} explanations"
        [disclosure] = disclosures
        [shown] = disclosure.xpath(".//*[@class='referral-mark']")
        order = position(tree)
        assert order[disclosure] < order[links[0]], f"/{url}: explained after the first mark"
        for link in links:
            mark = link.getnext()
            where = f"/{url}: {link.get('href')} ({text(link)})"
            assert mark is not None and mark.get("class") == "referral-mark", where
            assert not (link.tail or "").strip(), f"{where}: text between link and mark"
            assert text(mark) == text(shown) != "", where
            assert bool(CJK.search(text(mark))) is (locale == "zh"), where
            assert link.get("aria-describedby") == disclosure.get("id"), where
            hidden = [e for e in (mark, *mark.iterancestors()) if e.get("aria-hidden")]
            assert hidden == [], f"{where}: hidden from screen readers"
            assert {"sponsored", "noopener"} <= set(link.get("rel", "").split()), where


def test_every_editors_note_names_the_month_it_was_checked_and_a_source(site: Path) -> None:
    for _, url, tree in built_pages(site):
        for note in tree.xpath(EDITOR_NOTE):
            [title] = note.xpath("p[@class='admonition-title']")
            where = f"/{url}: {text(title)}"
            months = title.xpath(".//time/@datetime")
            assert len(months) == 1 and MONTH.fullmatch(months[0]), where
            assert months[0] in text(title), where
            sources = [a for a in note.xpath(EXTERNAL) if a.getparent() is not title]
            assert sources, f"{where}: no source"


def test_each_404_page_speaks_its_language_and_links_home(site: Path) -> None:
    for language in SITE.languages:
        tree = parsed(site / language.prefix / "404.html")
        assert tree.get("lang") == language.locale
        body = article(tree)
        heading = text(body.xpath(".//h1")[0])
        assert "404" in heading and heading != THEME_404_HEADING, heading
        assert text(tree.xpath("//title")[0]).startswith(f"{heading} - "), language.locale
        if language.locale == "zh":
            assert CJK.search(heading), heading
        home = f"{SITE_PATH}{language.prefix}"
        assert home in [a.get("href") for a in body.xpath(".//a")], f"{language.locale}: {home}"


# ── A broken note fails the strict build ──────────────────────────────────


def add_note(project: Path, title: str, body: str) -> int:
    """Append an editor's note to the Chinese page; the line of its marker."""
    page = project / "docs/zh/index.md"
    lines = page.read_text(encoding="utf-8").rstrip("\n").split("\n")
    page.write_text("\n".join([*lines, "", f'!!! editor "{title}"', "", f"    {body}", ""]))
    return len(lines) + 2


@pytest.mark.parametrize(
    ("title", "body", "problem"),
    [
        ("编者注（核实于 2026-01）", "一句没有来源的话。", "links to no public source"),
        ("编者注", "见[来源](https://example.org/source)。", "has no month it was checked"),
    ],
)
def test_a_note_without_a_source_or_a_month_fails_the_build(
    project_copy: Path, tmp_path: Path, title: str, body: str, problem: str
) -> None:
    line = add_note(project_copy, title, body)
    result = build_here(tmp_path / "out", project=project_copy)
    assert result.returncode != 0
    expected = f"docs/zh/index.md:{line}: editor's note '{title}' {problem}"
    assert expected in result.stderr, result.stderr

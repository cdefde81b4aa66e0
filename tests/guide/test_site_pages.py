"""The site's pages, from docs/ and the nav."""

from __future__ import annotations

from pathlib import Path

import pytest
from guide.pages import page_url, site_pages
from guide.render import ConfigError


@pytest.fixture
def project(project_copy: Path) -> Path:
    return project_copy


def add_page(project: Path, name: str, languages: tuple[str, ...] = ("zh", "en")) -> None:
    for locale in languages:
        (project / "docs" / locale / name).write_text(f"# {locale} {name}\n", encoding="utf-8")


def add_to_nav(project: Path, line: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - index.md\n", f"  - index.md\n  {line}\n"), encoding="utf-8")


def test_the_repository_pages_pair_up_in_two_languages(root: Path) -> None:
    pages = site_pages(root)
    assert [(x.locale, x.default, x.prefix) for x in pages.languages] == [
        ("zh", True, ""),
        ("en", False, "en/"),
    ]
    assert pages.problems == []
    assert pages.pairs[0].name == "index.md"
    assert pages.translated == pages.pairs
    assert pages.urls()[:2] == [("zh", ""), ("en", "en/")]


def test_a_second_page_pair_in_the_nav(project: Path) -> None:
    add_page(project, "pair-check.md")
    add_to_nav(project, "- pair-check.md")
    pages = site_pages(project)
    assert "pair-check.md" in [p.name for p in pages.translated]
    assert {("zh", "pair-check/"), ("en", "en/pair-check/")} <= set(pages.urls())
    assert pages.problems == []


def test_a_page_missing_from_the_nav_or_a_language_is_a_problem(project: Path) -> None:
    add_page(project, "pair-check.md", ("zh",))
    problems = site_pages(project).problems
    assert any(
        "docs/zh/pair-check.md: not in the nav of mkdocs.yml: add '- pair-check.md'" in p
        for p in problems
    )
    assert any(
        p.startswith("docs/zh/pair-check.md: has no English counterpart docs/en/pair-check.md")
        for p in problems
    )


def test_a_page_listed_as_untranslated_is_not_a_problem(project: Path) -> None:
    add_page(project, "notes.md", ("zh",))
    add_to_nav(project, "- notes.md")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("extra:\n", "extra:\n  untranslated:\n    - zh/notes.md\n"))
    pages = site_pages(project)
    assert pages.problems == []
    assert "notes.md" not in [p.name for p in pages.translated]


def test_a_broken_config_is_one_sentence(project: Path) -> None:
    (project / "mkdocs.yml").write_text("nav: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"mkdocs.yml: not valid YAML"):
        site_pages(project)


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("index.md", ""),
        ("pair-check.md", "pair-check/"),
        ("guide/index.md", "guide/"),
        ("a/b.md", "a/b/"),
    ],
)
def test_page_urls(name: str, url: str) -> None:
    assert page_url(name) == url

"""The site's pages, from docs/ and the nav."""

from __future__ import annotations

from pathlib import Path

import pytest
from built import Built
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


def test_every_page_of_the_project_is_in_a_pair_and_the_nav(built: Built) -> None:
    pages = site_pages(built.root)
    assert pages.problems == []
    default, *others = pages.languages
    assert default.default and default.prefix == ""
    assert [x.prefix for x in others] == [f"{x.locale}/" for x in others]
    untranslated = set(built.config.get("extra", {}).get("untranslated") or [])
    for language in pages.languages:
        files = {p for p in language.folder.rglob("*.md")}
        paired = {p.original if language.default else p.translation for p in pages.pairs}
        assert files <= paired, language.locale
    for pair in pages.pairs:
        if pair not in pages.translated:
            assert any(name.endswith(f"/{pair.name}") for name in untranslated), pair.name


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

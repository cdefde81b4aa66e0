"""A theme patch whose markup is gone fails the strict build, naming hook and template.

The build tests put a changed copy of one of Material's own templates in a
project copy's overrides/, as a Material release that changes its markup
would, and expect the strict build to fail with the patch's warning.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import material
import pytest
import theme_patch
from csp import with_csp
from site_build import build_here

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"


def test_a_patch_that_matches_changes_the_html_quietly(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        html = theme_patch.sub(re.compile("a"), "b", "aa", hook="h", what="a", template="t")
        assert html == "bb"
        assert theme_patch.replace(
            "x</head>", "</head>", "!", hook="h", what="w", template="t"
        ) == ("x!")
    assert caplog.records == []


def test_a_patch_that_finds_nothing_warns_with_hook_and_template(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        html = theme_patch.replace(
            "<p>", "</head>", "x", hook="localized_404", what="</head>", template="404.html"
        )
    assert html == "<p>"
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert record.name == "mkdocs.plugins.localized_404"  # below "mkdocs": --strict counts it
    assert record.getMessage() == (
        "localized_404: nothing to patch: no </head> in 404.html; the theme's markup has "
        "changed, update this patch to match it"
    )


def test_csp_warns_about_a_page_with_no_head(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert with_csp("<p>bare</p>", "en/bare.html") == "<p>bare</p>"
    assert "csp: nothing to patch" in caplog.text and "en/bare.html" in caplog.text


# (Material template, its markup, the changed markup, hook named, template named)
CHANGED_TEMPLATES = [
    (
        "base.html",
        '<link rel="alternate" href="{{ alt.link | url }}"',
        '<link rel="alternate" data-kind="language" href="{{ alt.link | url }}"',
        "alternate_links",
        "main.html",
    ),
    ("base.html", '"base": base_url,', '"root": base_url,', "search_per_language", "404.html"),
    ("base.html", "</head>", "</HEAD>", "localized_404", "404.html"),
    (
        "base.html",
        '<link rel="icon" href=',
        '<link rel="icon" type="image/png" href=',
        "overrides/main.html",
        "main.html",
    ),
    (
        "partials/search.html",
        'data-md-component="search" role="dialog"',
        'role="dialog" data-md-component="search"',
        "overrides/main.html",
        "main.html",
    ),
    (
        "base.html",
        "min.js' | url }}\"></script>",
        "min.js' | url }}\" async></script>",
        "overrides/main.html",
        "main.html",
    ),
]


# A patch applied once every language is built runs only if no language's own
# build failed first: those changes get a build of their own.
AFTER_EVERY_LANGUAGE = {"localized_404"}
BUILDS = {
    "while-pages-render": [
        case for case in CHANGED_TEMPLATES if case[3] not in AFTER_EVERY_LANGUAGE
    ],
    "after-every-language": [case for case in CHANGED_TEMPLATES if case[3] in AFTER_EVERY_LANGUAGE],
}


@pytest.mark.parametrize("cases", BUILDS.values(), ids=BUILDS.keys())
def test_changed_theme_markup_fails_the_strict_build(
    project_copy: Path, tmp_path: Path, cases: list[tuple[str, str, str, str, str]]
) -> None:
    """The changes of one build at once: the strict build names each patch that found nothing."""
    assert cases, "no change to make"
    changed_templates: dict[str, str] = {}
    for template, markup, changed, _, _ in cases:
        text = changed_templates.get(template) or (MATERIAL_TEMPLATES / template).read_text(
            encoding="utf-8"
        )
        assert markup in text, f"Material's {template} no longer has {markup!r}"
        changed_templates[template] = text.replace(markup, changed)
    for template, text in changed_templates.items():
        override = project_copy / "overrides" / template
        override.parent.mkdir(parents=True, exist_ok=True)
        override.write_text(text, encoding="utf-8")
    result = build_here(tmp_path / "site", project=project_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "in strict mode" in output
    warnings = [line for line in output.splitlines() if line.startswith("WARNING")]
    unnamed = [
        (hook, named, changed)
        for _, _, changed, hook, named in cases
        if not any(f"{hook}: nothing to patch" in line and named in line for line in warnings)
    ]
    assert unnamed == [], output

"""The build hooks' pure functions, on small inputs."""

from __future__ import annotations

from pathlib import Path

from alternate_links import absolute_alternates
from external_links import mark_external_links
from guide.render import read_config
from localized_404 import redirect_script
from search_per_language import point_search_at_language, split_index


def test_external_links_get_noopener_and_referrals_sponsored() -> None:
    html = (
        '<a href="https://bit.ly/x">a</a> <a href="https://openai.com/" rel="nofollow">b</a>'
        ' <a href="#local">c</a>'
    )
    assert mark_external_links(html, {"bit.ly"}) == (
        '<a href="https://bit.ly/x" rel="sponsored noopener">a</a> '
        '<a href="https://openai.com/" rel="noopener">b</a> <a href="#local">c</a>'
    )


def test_search_index_is_split_by_language_folder() -> None:
    index = {
        "config": {"lang": ["en", "zh"], "pipeline": ["stemmer"], "fields": {}},
        "docs": [{"location": "#概述"}, {"location": "en/#overview"}, {"location": "en/"}],
    }
    settings = {"zh": {"lang": ["en"]}, "en": {"lang": ["en"], "pipeline": ["trimmer", "stemmer"]}}
    parts = split_index(index, {"zh": "", "en": "en/"}, settings)
    assert parts["zh"]["docs"] == [{"location": "#概述"}]
    assert parts["en"]["docs"] == [{"location": "#overview"}, {"location": ""}]
    assert parts["en"]["config"] == {**settings["en"], "fields": {}}
    assert parts["zh"]["config"] == {"lang": ["en"], "pipeline": ["stemmer"], "fields": {}}


def test_search_base_moves_to_the_language_folder_and_search_to_the_site_worker() -> None:
    worker = "../assets/javascripts/workers/search.1234.min.js"
    html = (
        '<script id="__config" type="application/json">'
        f'{{"annotate": null, "base": "..", "search": "{worker}"}}</script>'
    )
    english = point_search_at_language(html, "en/")
    assert '"base": "../en/"' in english
    assert (
        '"search": "../javascripts/search_worker.js'
        '?material=assets/javascripts/workers/search.1234.min.js"'
    ) in english
    assert '"base": ".."' in point_search_at_language(html, "")
    assert point_search_at_language("<p>no config</p>", "en/") is None


def test_alternates_become_absolute_with_x_default() -> None:
    html = (
        '<link rel="alternate" href="/docs/" hreflang="zh">\n'
        '<link rel="alternate" href="/docs/en/" hreflang="en">'
    )
    result = absolute_alternates(html, "https://example.github.io/docs/", "zh")
    assert result.splitlines() == [
        '<link rel="alternate" href="https://example.github.io/docs/" hreflang="zh">',
        '<link rel="alternate" href="https://example.github.io/docs/en/" hreflang="en">',
        '    <link rel="alternate" href="https://example.github.io/docs/" hreflang="x-default">',
    ]


def test_relative_alternates_resolve_against_the_page_not_the_site_root() -> None:
    html = (
        '<link rel="alternate" href="./" hreflang="zh">\n'
        '<link rel="alternate" href="../en/plus/" hreflang="en">'
    )
    result = absolute_alternates(html, "https://example.github.io/docs/plus/", "zh")
    assert result.splitlines() == [
        '<link rel="alternate" href="https://example.github.io/docs/plus/" hreflang="zh">',
        '<link rel="alternate" href="https://example.github.io/docs/en/plus/" hreflang="en">',
        '    <link rel="alternate" href="https://example.github.io/docs/plus/"'
        ' hreflang="x-default">',
    ]


def test_404_script_knows_the_site_path_and_language_folders() -> None:
    script = redirect_script("/docs/", ["en/"])
    assert '["/docs/en/"]' in script and "404.html" in script


def test_maintainers_notes_describe_every_hook_the_build_runs() -> None:
    root = Path(__file__).resolve().parents[2]
    notes = (root / "MAINTAINING.md").read_text(encoding="utf-8")
    hooks = [Path(hook).name for hook in read_config(root / "mkdocs.yml")["hooks"]]
    assert hooks, "mkdocs.yml lists no hooks"
    assert [hook for hook in hooks if f"`{hook}`" not in notes] == []


def test_maintainers_notes_describe_every_partial_of_the_theme() -> None:
    # A partial replaces or holds back a piece of Material: a release needs it checked.
    root = Path(__file__).resolve().parents[2]
    notes = (root / "MAINTAINING.md").read_text(encoding="utf-8")
    partials = [path.name for path in (root / "overrides/partials").glob("*.html")]
    assert partials, "overrides/partials/ has no template"
    assert [name for name in partials if f"`{name}`" not in notes] == []

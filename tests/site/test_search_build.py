"""Each language searches its own index, with its own settings: proved on the built site.

Material finds the search index at ``search/search_index.json`` below the
``base`` in the page's ``__config``, and starts the worker named by
``search``. Every page the site publishes, and each language's 404 page, must
lead to its own language's index and to the site's search worker, which loads
Material's. Each language's index must carry that language's settings:
Material's defaults for it, with what mkdocs.yml sets under
``extra.search_languages``, and the synonym and variant lists.

Every page also runs the site's search gate inline, before Material's bundle
(it holds back the index request until the reader searches, and only then
loads the page scripts), and leaves Material's own page highlighting off (it
marks half words).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from built import Built
from lxml import html as lxml_html
from site_build import build_here

CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)
WORKER = "javascripts/search_worker.js"
# What only searching, or a page opened from a result, needs: the gate loads them.
LATER_SCRIPTS = re.compile(r"\bsearch_(?!worker)\w+\.js\b")
BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")
# Material's own search settings per language (partials/languages/*.html, Material 9.8).
MATERIAL_DEFAULTS = {
    "zh": {
        "lang": ["en"],
        "separator": "[\\s\\u200b\\u3000\\-、。，．？！；]+",
        "pipeline": ["stemmer"],
    },
    "en": {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"]},
}


def prefixes(built: Built) -> dict[str, str]:
    return {language.locale: language.prefix for language in built.pages.languages}


def every_page(built: Built) -> list[tuple[str, str]]:
    """(language, path below the site root) of every page, and of each language's 404 page."""
    not_found = [(locale, f"{prefix}404.html") for locale, prefix in prefixes(built).items()]
    return built.pages.urls() + not_found


def page_file(site: Path, path: str) -> Path:
    return site / path if path.endswith(".html") else site / path / "index.html"


def page_config(site: Path, path: str) -> dict:
    found = CONFIG.search(page_file(site, path).read_text(encoding="utf-8"))
    assert found, f"/{path} has no Material config"
    return json.loads(found[1])


def site_path(built: Built, path: str, reference: str) -> str:
    """Where a URL in the page at ``path`` leads, as a path below the site root (query kept)."""
    url = urljoin(urljoin(built.site_url, path), reference)
    parts = urlsplit(url)
    return parts.path.removeprefix(urlsplit(built.site_url).path) + (
        f"?{parts.query}" * bool(parts.query)
    )


def index_of(built: Built, lang: str) -> dict:
    index = built.site / prefixes(built)[lang] / "search/search_index.json"
    return json.loads(index.read_text("utf-8"))


def test_every_page_searches_its_own_languages_index(built: Built) -> None:
    site = built.site
    for lang, path in every_page(built):
        base = site_path(built, path, page_config(site, path)["base"].rstrip("/") + "/")
        index = f"{base}search/search_index.json"
        assert index == f"{prefixes(built)[lang]}search/search_index.json", f"/{path}"
        assert (site / index).is_file(), f"/{path}: {index} is missing"


def test_every_page_starts_the_site_worker_which_loads_materials(built: Built) -> None:
    site = built.site
    for _, path in every_page(built):
        worker = site_path(built, path, page_config(site, path)["search"])
        worker_path, _, query = worker.partition("?")
        assert worker_path == WORKER and (site / worker_path).is_file(), f"/{path}: {worker}"
        (material,) = parse_qs(query)["material"]
        assert re.fullmatch(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js", material)
        assert (site / material).is_file(), f"/{path}: {material} is missing"


def test_every_page_runs_the_same_search_gate_inline_before_materials_bundle(
    built: Built,
) -> None:
    site = built.site
    gates = set()
    for _, path in every_page(built):
        tree = lxml_html.fromstring(page_file(site, path).read_bytes())
        scripts = list(tree.iter("script"))
        bundle = next(i for i, s in enumerate(scripts) if BUNDLE.search(s.get("src") or ""))
        gate = [i for i, s in enumerate(scripts) if "search_index.json" in (s.text or "")]
        assert len(gate) == 1 and gate[0] < bundle, f"/{path}: no search gate before the bundle"
        text = scripts[gate[0]].text
        gates.add(text)
        # The gate loads the page scripts itself, later: a tag would fetch them on every visit.
        tags = [s.get("src") for s in scripts if LATER_SCRIPTS.search(s.get("src") or "")]
        assert tags == [], f"/{path} fetches search scripts before the reader searches: {tags}"
        worker = site_path(built, path, page_config(site, path)["search"]).partition("?")[0]
        named = LATER_SCRIPTS.findall(text)
        assert named, f"/{path}: the gate loads no page script"
        for name in named:
            beside = urljoin(worker, name)
            assert (site / beside).is_file(), f"/{path}: the gate loads {beside}, not in the site"
    assert len(gates) == 1, "the gate differs between pages: the CSP needs one hash per text"


def test_materials_page_highlighting_is_off_on_every_page(built: Built) -> None:
    # Material's highlighter marks each typed term wherever a word starts with
    # it ("verifi" in "verified"); the site's search_page.js marks whole words.
    site = built.site
    for _, path in every_page(built):
        features = page_config(site, path)["features"]
        assert "search.highlight" not in features, f"/{path} turns Material's highlighting on"


def test_each_index_has_its_own_languages_settings_and_the_word_lists(built: Built) -> None:
    extra = built.config.get("extra") or {}
    for lang in prefixes(built):
        project = (extra.get("search_languages") or {}).get(lang, {})
        expected = {
            **MATERIAL_DEFAULTS[lang],
            **project,
            "synonyms": extra.get("search_synonyms") or [],
            "variants": extra.get("search_variants") or [],
        }
        config = index_of(built, lang)["config"]
        assert {key: config.get(key) for key in expected} == expected, lang


def test_each_separator_keeps_the_builds_word_cuts_and_numbers(built: Built) -> None:
    # The build cuts Chinese into words with U+200B in both languages' text,
    # so each separator must split there; a decimal must stay one word.
    for lang in prefixes(built):
        separator = re.compile(index_of(built, lang)["config"]["separator"])
        assert [w for w in separator.split("付\u200b云闪付\u200b，") if w] == ["付", "云闪付"], lang
        assert "9.99" in separator.split("$9.99/年 9.99."), lang


def test_latin_words_in_the_chinese_index_stand_apart(built: Built) -> None:
    chinese = index_of(built, built.pages.default.locale)
    separator = re.compile(chinese["config"]["separator"])
    tags = re.compile(r"<[^>]*>")
    for doc in chinese["docs"]:
        for field in ("title", "text"):
            text = html.unescape(tags.sub(" ", doc[field]))
            words = set(separator.split(text))
            latin = set(re.findall(r"(?<![A-Za-z0-9])[A-Za-z]+(?![A-Za-z0-9])", text))
            assert latin <= words, f"{doc['location']}: {sorted(latin - words)} run into others"
    assert any("\u200b" in doc["text"] for doc in chinese["docs"]), "jieba did not cut the text"


def broken_config(project: Path, old: str, new: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert re.search(old, text, re.MULTILINE), f"mkdocs.yml has no {old!r}: update this test"
    config.write_text(re.sub(old, new, text, count=1, flags=re.MULTILINE), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            r"^(  search_languages:\n(?:    .*\n)*?    en:\n)",
            r"\1      stemming: yes\n",
            "extra.search_languages.en has unknown keys ['stemming']",
        ),
        (
            r"^(  search_variants:\n)",
            r"\1    - [帐账, 账]\n",
            "extra.search_variants[0] holds '帐账': variants are single characters",
        ),
        (
            r"^(  search_synonyms:\n)",
            r"\1    - [postcode]\n",
            "extra.search_synonyms[0] must be a list of two or more",
        ),
    ],
    ids=["unknown-setting", "variant-of-two-characters", "synonym-alone"],
)
def test_a_bad_search_setting_fails_the_build_naming_it(
    project_copy: Path, old: str, new: str, message: str
) -> None:
    broken_config(project_copy, old, new)
    result = build_here(project_copy / "out", project=project_copy)
    assert result.returncode != 0
    assert message in result.stderr
    line = next(line for line in result.stderr.splitlines() if message in line)
    assert "mkdocs.yml" in line and "Traceback" not in result.stderr

"""Each language searches its own index, with its own settings: proved on the built site.

Material finds the search index at ``search/search_index.json`` below the
``base`` in the page's ``__config``, and starts the worker named by
``search``. Every page the site publishes, and each language's 404 page, must
lead to its own language's index and to the site's search worker, which loads
Material's. Each language's index must carry that language's settings:
Material's defaults for it, with what mkdocs.yml sets under
``extra.search_languages``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from guide.pages import site_pages
from guide.render import read_config
from site_build import build

SITE_URL = "http://127.0.0.1:8000/"  # the default site_url the `site` fixture builds with
CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)
WORKER = "javascripts/search_worker.js"
# Material's own search settings per language (partials/languages/*.html, Material 9.8).
MATERIAL_DEFAULTS = {
    "zh": {
        "lang": ["en"],
        "separator": "[\\s\\u200b\\u3000\\-、。，．？！；]+",
        "pipeline": ["stemmer"],
    },
    "en": {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"]},
}
ROOT = Path(__file__).resolve().parents[2]
SITE = site_pages(ROOT)
PREFIXES = {language.locale: language.prefix for language in SITE.languages}
# (language, path below the site root) of every page, and of each language's 404 page.
PAGES = SITE.urls() + [(locale, f"{prefix}404.html") for locale, prefix in PREFIXES.items()]


def page_config(site: Path, path: str) -> dict:
    html = site / path if path.endswith(".html") else site / path / "index.html"
    found = CONFIG.search(html.read_text(encoding="utf-8"))
    assert found, f"/{path} has no Material config"
    return json.loads(found[1])


def site_path(path: str, reference: str) -> str:
    """Where a URL in the page at ``path`` leads, as a path below the site root (query kept)."""
    url = urljoin(urljoin(SITE_URL, path), reference)
    parts = urlsplit(url)
    return parts.path.removeprefix(urlsplit(SITE_URL).path) + (
        f"?{parts.query}" * bool(parts.query)
    )


@pytest.mark.parametrize(("lang", "path"), PAGES)
def test_page_searches_its_own_languages_index(site: Path, lang: str, path: str) -> None:
    base = site_path(path, page_config(site, path)["base"].rstrip("/") + "/")
    index = f"{base}search/search_index.json"
    assert index == f"{PREFIXES[lang]}search/search_index.json"
    assert (site / index).is_file()


@pytest.mark.parametrize(("lang", "path"), PAGES)
def test_page_starts_the_site_worker_which_loads_materials(
    site: Path, lang: str, path: str
) -> None:
    worker = site_path(path, page_config(site, path)["search"])
    path, _, query = worker.partition("?")
    assert path == WORKER and (site / path).is_file()
    (material,) = parse_qs(query)["material"]
    assert re.fullmatch(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js", material)
    assert (site / material).is_file()


@pytest.mark.parametrize("lang", sorted(PREFIXES))
def test_each_index_has_its_own_languages_settings(site: Path, lang: str) -> None:
    index = json.loads((site / PREFIXES[lang] / "search/search_index.json").read_text("utf-8"))
    extra = read_config(ROOT / "mkdocs.yml").get("extra") or {}
    project = (extra.get("search_languages") or {}).get(lang, {})
    expected = {**MATERIAL_DEFAULTS[lang], **project}
    assert {key: index["config"][key] for key in expected} == expected


def test_english_is_stemmed_and_split_on_its_own_separator(site: Path) -> None:
    english = json.loads((site / PREFIXES["en"] / "search/search_index.json").read_text("utf-8"))
    assert "stemmer" in english["config"]["pipeline"]
    assert "\\u200b" not in english["config"]["separator"]


def test_chinese_is_segmented_and_english_terms_in_it_are_indexed(site: Path) -> None:
    chinese = json.loads((site / "search/search_index.json").read_text("utf-8"))
    separator = re.compile(chinese["config"]["separator"])
    words = {word for doc in chinese["docs"] for word in separator.split(doc["text"])}
    assert {"扣费", "失败", "账号", "封禁"} <= words  # jieba's words, split by \u200b
    assert {"Billing", "Usage"} <= words


def test_unknown_search_setting_fails_the_build_naming_it(project_copy: Path) -> None:
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("    en:\n      pipeline:", "    en:\n      stemming: yes\n      pipeline:"),
        encoding="utf-8",
    )
    result = build(project_copy / "out", project=project_copy)
    assert result.returncode != 0
    assert "extra.search_languages.en has unknown keys ['stemming']" in result.stderr
    assert "mkdocs.yml" in result.stderr

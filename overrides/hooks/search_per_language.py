"""Give each language its own search index and search settings, so readers find what they type.

static-i18n writes one index with every language in it, under the default
language's search settings. Once all languages are built, this hook splits it:
the default language keeps ``search/``, every other language gets
``<locale>/search/``. Each part gets the settings of its own language (lunr
languages, separator, pipeline): Material's defaults for that language (the
``search.config.*`` entries of its language partial), then any a language sets
in mkdocs.yml under ``extra.search_languages``. Every part also carries the
synonym groups (``extra.search_synonyms``) and variant characters
(``extra.search_variants``) a query may use.

Every page, the 404 pages included, points Material at its language's index
(``base`` in the page's ``__config``) and at the site's search worker
(``javascripts/search_worker.js``), which names Material's worker in its
``?material=`` parameter: the site's engine (``search_engine.js``) answers
queries, with the stemmer and stop words of the lunr that Material's worker
bundles; everything search takes from Material and lunr is in
``search_internals.js``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import theme_patch
from i18n_state import all_languages_built, current_language, language_prefix, languages
from jinja2 import TemplateNotFound
from jinja2.utils import htmlsafe_json_dumps
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

log = get_plugin_logger("search_per_language")

INDEX = Path("search") / "search_index.json"
# The search worker in docs/, one folder below the site root (it relies on that),
# and the files it loads from its folder.
WORKER = "javascripts/search_worker.js"
SEARCH_SCRIPTS = (
    WORKER,
    "javascripts/search_internals.js",
    "javascripts/search_engine.js",
    "javascripts/search_page.js",
)
CONFIG_BLOCK = re.compile(
    r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL
)
SETTINGS_KEY = "search_languages"  # under extra: in mkdocs.yml
SYNONYMS_KEY = "search_synonyms"  # groups of words: [[postcode, zip code], ...]
VARIANTS_KEY = "search_variants"  # groups of single characters: [[帐, 账], ...]
PIPELINE_FUNCTIONS = ("stemmer", "stopWordFilter", "trimmer")
MATERIAL_KEYS = {
    "lang": "search.config.lang",
    "separator": "search.config.separator",
    "pipeline": "search.config.pipeline",
}
FALLBACK_PARTIAL = "en"  # what Material falls back to for a key its language lacks


def material_defaults(config: MkDocsConfig, locale: str) -> dict[str, Any]:
    """Material's search settings for a language, read from its language partial."""
    template = config.theme.get_env().get_template("partials/language.html")
    try:
        partial = template.make_module({"config": {"theme": {"language": locale}}})
    except TemplateNotFound:
        partial = template.make_module({"config": {"theme": {"language": FALLBACK_PARTIAL}}})
    raw = {key: str(partial.t(name)) for key, name in MATERIAL_KEYS.items()}
    return {
        "lang": [raw["lang"]],
        "separator": raw["separator"],
        "pipeline": [name for name in re.split(r"\s*,\s*", raw["pipeline"]) if name],
    }


def project_settings(config: MkDocsConfig, locale: str) -> dict[str, Any]:
    """What mkdocs.yml sets for a language under extra.search_languages, checked."""
    where = f"{config.config_file_path}: extra.{SETTINGS_KEY}.{locale}"
    settings = (config.extra.get(SETTINGS_KEY) or {}).get(locale) or {}
    if not isinstance(settings, dict):
        raise PluginError(f"{where} must be a mapping of lang, separator and pipeline")
    unknown = sorted(set(settings) - set(MATERIAL_KEYS))
    if unknown:
        raise PluginError(f"{where} has unknown keys {unknown}; use {sorted(MATERIAL_KEYS)}")
    checked = dict(settings)
    if "lang" in checked:
        checked["lang"] = [checked["lang"]] if isinstance(checked["lang"], str) else checked["lang"]
    if "pipeline" in checked:
        bad = [name for name in checked["pipeline"] if name not in PIPELINE_FUNCTIONS]
        if bad:
            raise PluginError(f"{where}.pipeline: {bad} not in {list(PIPELINE_FUNCTIONS)}")
    if "separator" in checked:
        try:
            re.compile(checked["separator"])
        except (re.error, TypeError) as error:
            raise PluginError(f"{where}.separator is not a regular expression ({error})") from None
    return checked


def word_groups(config: MkDocsConfig, key: str, *, characters: bool) -> list[list[str]]:
    """A list of groups (lists of at least two words, or single characters) from extra."""
    where = f"{config.config_file_path}: extra.{key}"
    groups = config.extra.get(key) or []
    if not isinstance(groups, list):
        raise PluginError(f"{where} must be a list of groups, one a line: - [word, word]")
    for number, group in enumerate(groups):
        entry = f"{where}[{number}]"
        if not isinstance(group, list) or len(group) < 2:
            raise PluginError(f"{entry} must be a list of two or more, such as [帐, 账]: {group!r}")
        for word in group:
            if not isinstance(word, str) or not word.strip():
                raise PluginError(f"{entry} holds {word!r}, not a word")
            if characters and len(word) != 1:
                raise PluginError(f"{entry} holds {word!r}: variants are single characters")
    return [[word.strip() for word in group] for group in groups]


def language_settings(config: MkDocsConfig, locale: str) -> dict[str, Any]:
    return {
        **material_defaults(config, locale),
        **project_settings(config, locale),
        "synonyms": word_groups(config, SYNONYMS_KEY, characters=False),
        "variants": word_groups(config, VARIANTS_KEY, characters=True),
    }


def split_index(
    index: dict, prefixes: dict[str, str], settings: dict[str, dict[str, Any]]
) -> dict[str, dict]:
    """One index per locale with its own settings; locations relative to its folder."""
    by_locale: dict[str, list] = {locale: [] for locale in prefixes}
    longest_first = sorted(prefixes.items(), key=lambda item: -len(item[1]))
    for doc in index["docs"]:
        for locale, prefix in longest_first:
            if doc["location"].startswith(prefix):
                by_locale[locale].append({**doc, "location": doc["location"][len(prefix) :]})
                break
    return {
        locale: {"config": {**index["config"], **settings[locale]}, "docs": docs}
        for locale, docs in by_locale.items()
    }


def below_root(url: str, root: str) -> str | None:
    """``url`` (relative to the page) as a path from the site root, which is ``root`` there."""
    if root in ("", "."):
        return url.removeprefix("./")
    lead = root.rstrip("/") + "/"
    return url[len(lead) :] if url.startswith(lead) else None


def from_root(root: str, path: str) -> str:
    return path if root in ("", ".") else f"{root.rstrip('/')}/{path}"


def point_search_at_language(html: str, prefix: str) -> str | None:
    """The page searching its language's index through the site's worker; None if no config."""
    found = CONFIG_BLOCK.search(html)
    try:
        settings = json.loads(found[2]) if found else {}
    except json.JSONDecodeError:
        return None
    root = settings.get("base")  # the way from this page to the site root: ".", "..", "/"
    worker = settings.get("search")
    material = (
        below_root(worker, root) if isinstance(root, str) and isinstance(worker, str) else None
    )
    if found is None or material is None:
        return None
    settings["search"] = f"{from_root(root, WORKER)}?material={quote(material, safe='/')}"
    if prefix:
        settings["base"] = from_root(root, prefix)
    block = htmlsafe_json_dumps(settings, dumps=json.dumps, sort_keys=True)
    return f"{html[: found.start(2)]}{block}{html[found.end(2) :]}"


def pointed(html: str, prefix: str, template: str) -> str:
    """``point_search_at_language``, failing the strict build when Material's config is gone."""
    updated = point_search_at_language(html, prefix)
    if updated is None:
        theme_patch.not_found(
            hook="search_per_language",
            what="config script with a search worker",
            template=template,
        )
        return html
    return updated


def on_post_page(output, page, config):
    locale = getattr(page.file, "locale", None)
    if locale is None:
        return output
    template = page.meta.get("template", "main.html")
    return pointed(output, language_prefix(locale, config), template)


def on_post_template(output_content, template_name, config):
    if template_name != "404.html":
        return output_content
    return pointed(output_content, language_prefix(current_language(config), config), template_name)


@event_priority(-200)  # after static-i18n has merged every language's entries
def on_post_build(config):
    if not all_languages_built(config):
        return
    site = Path(config.site_dir)
    for script in SEARCH_SCRIPTS:
        if not (site / script).is_file():
            log.warning("%s is missing from the site: search cannot start", script)
    source = site / INDEX
    if not source.is_file():
        return
    index = json.loads(source.read_text(encoding="utf-8"))
    locales = languages(config)
    prefixes = {locale: language_prefix(locale, config) for locale in locales}
    settings = {locale: language_settings(config, locale) for locale in locales}
    for locale, part in split_index(index, prefixes, settings).items():
        target = site / prefixes[locale] / INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            json.dumps(part, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )

"""Give each language its own search index, so results stay in the reader's language.

static-i18n writes one index with every language in it. Once all languages are
built, this hook splits it: the default language keeps ``search/``, every other
language gets ``<locale>/search/``, and that language's pages point the search
worker at their own folder.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import theme_patch
from i18n_state import all_languages_built, current_language, language_prefix, languages
from mkdocs.plugins import event_priority

INDEX = Path("search") / "search_index.json"
CONFIG_BASE = re.compile(
    r'(<script id="__config" type="application/json">[^<]*?"base": ")([^"]*)(")'
)
# Lunr languages per index: Chinese pages also hold English terms (API Key, Billing).
LUNR_LANGUAGES = {"zh": ["zh", "en"], "en": ["en"]}


def split_index(index: dict, prefixes: dict[str, str]) -> dict[str, dict]:
    """One index per locale; locations become relative to the language's folder."""
    by_locale: dict[str, list] = {locale: [] for locale in prefixes}
    longest_first = sorted(prefixes.items(), key=lambda item: -len(item[1]))
    for doc in index["docs"]:
        for locale, prefix in longest_first:
            if doc["location"].startswith(prefix):
                by_locale[locale].append({**doc, "location": doc["location"][len(prefix) :]})
                break
    return {
        locale: {
            "config": {**index["config"], "lang": LUNR_LANGUAGES.get(locale, [locale])},
            "docs": docs,
        }
        for locale, docs in by_locale.items()
    }


def point_search_at_language(html: str, prefix: str, template: str = "a page") -> str:
    """Make the page's search base its language folder (e.g. '..' becomes '../en/')."""
    if not prefix:
        return html
    return theme_patch.sub(
        CONFIG_BASE,
        lambda m: f"{m[1]}{m[2].rstrip('/')}/{prefix}{m[3]}",
        html,
        count=1,
        hook="search_per_language",
        what="search base in the config script",
        template=template,
    )


def on_post_page(output, page, config):
    locale = getattr(page.file, "locale", None)
    if locale is None:
        return output
    template = page.meta.get("template", "main.html")
    return point_search_at_language(output, language_prefix(locale, config), template)


def on_post_template(output_content, template_name, config):
    if template_name != "404.html":
        return output_content
    return point_search_at_language(
        output_content, language_prefix(current_language(config), config), template_name
    )


@event_priority(-200)  # after static-i18n has merged every language's entries
def on_post_build(config):
    if not all_languages_built(config):
        return
    site = Path(config.site_dir)
    source = site / INDEX
    if not source.is_file():
        return
    index = json.loads(source.read_text(encoding="utf-8"))
    prefixes = {locale: language_prefix(locale, config) for locale in languages(config)}
    for locale, part in split_index(index, prefixes).items():
        target = site / prefixes[locale] / INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            json.dumps(part, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )

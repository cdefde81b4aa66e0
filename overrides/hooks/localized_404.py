"""Serve the 404 page in the reader's language.

static-i18n renders ``404.html`` once per language into the same file, so the
last language built wins. This hook keeps each rendering, writes the default
language's to ``/404.html`` and every other one to ``/<locale>/404.html``.
Hosts such as GitHub Pages answer every miss with ``/404.html``; a small
script there sends a miss under ``/<locale>/`` to that language's page.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import theme_patch
from i18n_state import all_languages_built, current_language, default_language, language_prefix
from mkdocs.plugins import event_priority

PAGE = "404.html"
_rendered: dict[str, str] = {}


def redirect_script(site_path: str, prefixes: list[str]) -> str:
    """An inline script sending misses below a language folder to its 404 page."""
    targets = json.dumps([f"{site_path}{prefix}" for prefix in prefixes])
    return (
        "<script>(function(){var p=location.pathname,t="
        f"{targets};"
        "for(var i=0;i<t.length;i++){if(p.indexOf(t[i])===0&&p!==t[i]+'404.html')"
        "{location.replace(t[i]+'404.html');return}}})()</script>"
    )


def on_post_template(output_content, template_name, config):
    if template_name == PAGE:
        _rendered[current_language(config)] = output_content
    return output_content


@event_priority(-200)
def on_post_build(config):
    if not all_languages_built(config) or not _rendered:
        return
    site = Path(config.site_dir)
    default = default_language(config)
    others = [locale for locale in _rendered if locale != default]
    for locale in others:
        target = site / language_prefix(locale, config) / PAGE
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_rendered[locale], encoding="utf-8")
    if default in _rendered:
        site_path = urlsplit(config.site_url or "/").path or "/"
        script = redirect_script(site_path, [language_prefix(loc, config) for loc in others])
        page = theme_patch.replace(
            _rendered[default],
            "</head>",
            f"{script}</head>",
            count=1,
            hook="localized_404",
            what="</head> for the language redirect",
            template=PAGE,
        )
        (site / PAGE).write_text(page, encoding="utf-8")
    _rendered.clear()

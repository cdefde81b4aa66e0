"""Serve the 404 page in the reader's language, with a way home.

static-i18n renders ``404.html`` once per language into the same file, so the
last language built wins. This hook keeps each rendering, writes the default
language's to ``/404.html`` and every other one to ``/<locale>/404.html``.
Hosts such as GitHub Pages answer every miss with ``/404.html``; a small
script there sends a miss under ``/<locale>/`` to that language's page.

Material's 404 heading is English in every language ("404 - Not found") and
its title is the bare site name; each rendering gets a heading and a title in
its own language, and a link to its language's home page in the body.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import theme_patch
from i18n_state import all_languages_built, current_language, default_language, language_prefix
from mkdocs.plugins import event_priority

PAGE = "404.html"
HOOK = "localized_404"
THEME_HEADING = "<h1>404 - Not found</h1>"
TITLE = re.compile(r"<title>([^<]*)</title>")
# What a reader who missed sees, per language.
TEXT = {
    "zh": {
        "heading": "404 - 页面未找到",
        "body": "你要找的页面不存在，可能已经移动或删除。",
        "home": "返回首页",
    },
    "en": {
        "heading": "404 - Page not found",
        "body": "The page you were looking for does not exist; it may have moved or been removed.",
        "home": "Go to the home page",
    },
}
FALLBACK_LANGUAGE = "en"
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


def not_found_body(language: str, home: str) -> str:
    """The 404 heading and body in ``language``, linking to ``home``."""
    text = TEXT.get(language, TEXT[FALLBACK_LANGUAGE])
    return (
        f"<h1>{html.escape(text['heading'])}</h1>\n"
        f"<p>{html.escape(text['body'])}</p>\n"
        f'<p><a href="{html.escape(home, quote=True)}">{html.escape(text["home"])}</a></p>'
    )


def localized(page: str, language: str, home: str) -> str:
    heading = html.escape(TEXT.get(language, TEXT[FALLBACK_LANGUAGE])["heading"])
    page = theme_patch.sub(
        TITLE,
        lambda title: f"<title>{heading} - {title.group(1)}</title>",
        page,
        count=1,
        hook=HOOK,
        what="the page <title>",
        template=PAGE,
    )
    return theme_patch.replace(
        page,
        THEME_HEADING,
        not_found_body(language, home),
        count=1,
        hook=HOOK,
        what="Material's 404 heading",
        template=PAGE,
    )


def on_post_template(output_content, template_name, config):
    if template_name == PAGE:
        language = current_language(config)
        site_path = urlsplit(config.site_url or "/").path or "/"
        home = f"{site_path}{language_prefix(language, config)}"
        output_content = localized(output_content, language, home)
        _rendered[language] = output_content
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
            hook=HOOK,
            what="</head> for the language redirect",
            template=PAGE,
        )
        (site / PAGE).write_text(page, encoding="utf-8")
    _rendered.clear()

"""What the hooks need to know about the static-i18n build they run in.

Not a hook itself: the hooks import it. static-i18n builds the default
language, then rebuilds the site once per other language from inside its own
``on_post_build``; work that needs every language done must wait for the
outermost ``on_post_build``.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig


def i18n_plugin(config: MkDocsConfig) -> Any:
    return config.plugins.get("i18n")


def languages(config: MkDocsConfig) -> list[str]:
    """Locales that are built, default first."""
    plugin = i18n_plugin(config)
    if plugin is None:
        return [config.theme.get("language", "en")]
    return list(plugin.build_languages)


def default_language(config: MkDocsConfig) -> str:
    plugin = i18n_plugin(config)
    return plugin.default_language if plugin else languages(config)[0]


def current_language(config: MkDocsConfig) -> str:
    plugin = i18n_plugin(config)
    return plugin.current_language if plugin else default_language(config)


def all_languages_built(config: MkDocsConfig) -> bool:
    """True only in the outermost on_post_build, once every language is written."""
    plugin = i18n_plugin(config)
    return plugin is None or not plugin.building


def language_prefix(locale: str, config: MkDocsConfig) -> str:
    """The folder a language lives in below the site root: '' or 'en/'."""
    return "" if locale == default_language(config) else f"{locale}/"

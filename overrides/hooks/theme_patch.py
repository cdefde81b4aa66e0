"""Patch the theme's HTML, and fail the strict build when the markup to patch is gone.

Several hooks, and the blocks of overrides/main.html, change a few characters
of the HTML Material writes: the language alternates, the search base, the
404 redirect, the CSP meta, the favicon, the search dialog's name, deferred
scripts. Each expects a piece of Material's markup. If a Material release
changes that markup, a plain ``re.sub`` or ``replace`` does nothing and the
site ships without the fix. Every such patch goes through ``sub`` or
``replace`` here instead: when it finds nothing it logs a warning that names
the hook and the template, so ``mkdocs build --strict`` fails.

Also a hook: it gives the templates the same check as a Jinja filter,
``{{ super() | patch(old, new, "what it is") }}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from mkdocs.plugins import PrefixedLogger, get_plugin_logger

TEMPLATE_OVERRIDES = "overrides/main.html"


def not_found(hook: str, what: str, template: str) -> None:
    """Warn, under the hook's name, that a patch found nothing to change."""
    # The engine's own plugin logger, which --strict counts, prefixed with the
    # hook's whole name (get_plugin_logger keeps only what comes before a dot).
    PrefixedLogger(hook, get_plugin_logger(hook).logger).warning(
        "nothing to patch: no %s in %s; the theme's markup has changed, "
        "update this patch to match it",
        what,
        template,
    )


def sub(
    pattern: re.Pattern[str],
    replacement: str | Callable[[re.Match[str]], str],
    html: str,
    *,
    hook: str,
    what: str,
    template: str,
    count: int = 0,
) -> str:
    """``pattern.sub``, warning when the pattern matches nothing."""
    patched, made = pattern.subn(replacement, html, count=count)
    if not made:
        not_found(hook, what, template)
    return patched


def replace(
    html: str, old: str, new: str, *, hook: str, what: str, template: str, count: int = -1
) -> str:
    """``str.replace``, warning when ``old`` is not there."""
    if old not in html:
        not_found(hook, what, template)
        return html
    return html.replace(old, new, count)


@pass_context
def patch_filter(context: Context, html: str, old: str, new: str, what: str) -> str:
    """The Jinja filter ``patch``: ``replace`` for a block of a template override."""
    template = f"the page rendered from {context.name}"
    return replace(str(html), old, new, hook=TEMPLATE_OVERRIDES, what=what, template=template)


def on_env(env: Environment, config, files) -> Environment:
    env.filters["patch"] = patch_filter
    return env

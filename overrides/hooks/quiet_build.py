"""Keep the build's output to what a maintainer needs to read.

Two libraries talk at every build, and a real warning drowns in it:

- jieba, which Material uses to segment Chinese for search, prints "Building
  prefix dict ... Loading model cost 0.5 seconds" through its own logger and
  handler at DEBUG level;
- static-i18n logs each per-language config override with its whole value,
  and the English theme palette makes that one line kilobytes long.

Each is quieted at its source and nothing else is hidden: jieba's debug
records are dropped on jieba's logger, and static-i18n's override lines keep
the key but not a long value. Warnings from any library still show, and
``--strict`` still fails on them. (jieba's "invalid escape sequence"
DeprecationWarnings come from compiling its source, before any hook runs;
uv compiles installed packages ahead of time, see [tool.uv] in pyproject.toml.)
"""

from __future__ import annotations

import logging
import re

from mkdocs.plugins import get_plugin_logger

JIEBA_LOGGER = "jieba"
# The module that logs the overrides; its logger's name depends on the engine
# (mkdocs.plugins.… under MkDocs, properdocs.plugins.… under ProperDocs).
I18N_MODULE = "mkdocs_static_i18n.reconfigure"
OVERRIDE = re.compile(
    r"(?P<head>\S+: (?:Overriding|Updating) '[^']*' config '[^']*') with '(?P<value>.*)'",
    re.DOTALL,
)
LONGEST_VALUE = 80  # characters of an override's value still worth printing


def above_debug(record: logging.LogRecord) -> bool:
    return record.levelno > logging.DEBUG


def shorten_override(record: logging.LogRecord) -> bool:
    """Keep an override line, without its value when that is long."""
    match = OVERRIDE.fullmatch(record.getMessage())
    if match and len(match["value"]) > LONGEST_VALUE:
        record.msg, record.args = f"{match['head']} (the value set in mkdocs.yml)", ()
    return True


def install(logger: logging.Logger, record_filter) -> None:
    """Add ``record_filter`` to a logger once, also when MkDocs reloads this hook."""
    for existing in list(logger.filters):
        if getattr(existing, "__name__", None) == record_filter.__name__:
            logger.removeFilter(existing)
    logger.addFilter(record_filter)


def on_startup(command: str, dirty: bool) -> None:
    install(logging.getLogger(JIEBA_LOGGER), above_debug)
    install(get_plugin_logger(I18N_MODULE).logger, shorten_override)

"""quiet_build: jieba's debug chatter goes, long static-i18n override values are cut."""

from __future__ import annotations

import logging

import pytest
from quiet_build import above_debug, install, shorten_override


def record(message: str, level: int = logging.INFO) -> logging.LogRecord:
    return logging.LogRecord("test", level, __file__, 1, message, (), None)


def test_a_long_override_keeps_its_key_and_loses_its_value() -> None:
    palette = "[{'media': '(prefers-color-scheme: light)', 'scheme': 'default'}]" * 10
    line = record(f"mkdocs_static_i18n: Overriding 'en' config 'theme.palette' with '{palette}'")
    assert shorten_override(line) is True
    assert line.getMessage() == (
        "mkdocs_static_i18n: Overriding 'en' config 'theme.palette' (the value set in mkdocs.yml)"
    )


@pytest.mark.parametrize(
    "message",
    [
        "mkdocs_static_i18n: Overriding 'en' config 'site_name' with 'OpenAI API Key Setup Guide'",
        "mkdocs_static_i18n: Building 'en' documentation to directory: site/en",
    ],
)
def test_other_lines_pass_unchanged(message: str) -> None:
    line = record(message)
    assert shorten_override(line) is True
    assert line.getMessage() == message


def test_only_debug_records_are_dropped() -> None:
    assert not above_debug(record("Loading model cost 0.5 seconds.", logging.DEBUG))
    assert above_debug(record("a real problem", logging.WARNING))


def test_installing_twice_keeps_one_filter() -> None:
    logger = logging.getLogger("quiet-build-test")
    install(logger, above_debug)
    install(logger, above_debug)
    assert [f.__name__ for f in logger.filters] == ["above_debug"]

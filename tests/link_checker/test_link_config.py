"""The [tool.check-links] table: the repo's own, defaults, and one-line errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from link_checker.cli import main
from link_checker.config import KEYS, Config, ConfigError, keys_markdown, load_config, parse_config

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_the_repo_config_holds_the_short_link_expectation():
    config = load_config()
    expectation = config.expectation_for("https://bit.ly/bewildcard")
    assert expectation is not None
    assert expectation.allows("https://www.bewildcard.com/")
    assert expectation.allows("https://bewildcard.com/?ref=x")
    assert not expectation.allows("https://bitly.com/a/blocked")
    assert not expectation.allows("https://notbewildcard.com/")
    assert config.host_policy("platform.openai.com").concurrency < config.host_concurrency
    assert config.paths == ("docs/**/*.md",)


def test_a_missing_table_means_defaults(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n', encoding="utf-8")
    config = load_config(path)
    assert config == Config(root=tmp_path, source=path.as_posix())


def test_excludes_are_regular_expressions():
    config = parse_config({"exclude": [r"^https://internal\."]})
    assert config.is_excluded("https://internal.example.org/")
    assert not config.is_excluded("https://example.org/internal.")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            {"timeout": "soon"},
            "[tool.check-links] timeout: expected a number > 0 and <= 600, got 'soon'",
        ),
        ({"retries": -1}, "[tool.check-links] retries: must be between 0 and 10, got -1"),
        (
            {"retries": True},
            "[tool.check-links] retries: expected an integer >= 0 and <= 10, got True",
        ),
        ({"exclude": ["("]}, "[tool.check-links] exclude: invalid regular expression '('"),
        ({"timout": 3}, "[tool.check-links] unknown key 'timout'"),
        (
            {"hosts": {"a.org": {"concurrency": 0}}},
            '[tool.check-links] hosts."a.org".concurrency: must be between 1 and 256, got 0',
        ),
        ({"network": {"port": 70000}}, "[tool.check-links] network.port: must be between 1 and"),
        ({"expect": [{"final_host": "x.org"}]}, "expect[0].url: give exactly one of"),
        (
            {"expect": [{"url": "https://a.org:99999/", "final_host": "x.org"}]},
            "expect[0].url: port out of range",
        ),
        ({"expect": [{"host": "a.org"}]}, "expect[0].final_host: expected a host name"),
    ],
)
def test_bad_values_name_the_file_and_the_key(table, message):
    with pytest.raises(ConfigError) as raised:
        parse_config(table)
    assert str(raised.value).startswith("pyproject.toml: ")
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_invalid_toml_is_a_config_error(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.check-links\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(path)


def test_a_bad_config_exits_2_with_one_line(tmp_path, capsys):
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.check-links]\ntimeout = "soon"\n', encoding="utf-8")
    assert main(["--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "pyproject.toml: [tool.check-links] timeout: expected a number > 0" in err
    assert "Traceback" not in err


# ── One table of keys ─────────────────────────────────────────────────


README_KEYS = re.compile(
    r"<!-- check-links keys: begin -->\n(.*?)<!-- check-links keys: end -->", re.DOTALL
)


def test_the_readme_lists_the_keys_of_the_table():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    found = README_KEYS.search(readme)
    assert found, "README.md has no '<!-- check-links keys: begin -->' block"
    assert found.group(1) == keys_markdown(), (
        "README.md's list of [tool.check-links] keys differs from the table in "
        f"scripts/link_checker/config.py; put this between the markers:\n{keys_markdown()}"
    )


def test_help_lists_every_key_and_each_option_names_its_key(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    for entry in KEYS:
        assert f"{entry.shown} (default {entry.default_toml()}): " in text, entry.shown
        if entry.option:
            assert f"{entry.option} " in text and f"(config: {entry.shown}," in text


def test_every_key_of_the_table_is_read_and_checked():
    # Each number key takes a value other than its default, and refuses one past its limit.
    for entry in KEYS:
        if entry.limit is None or entry.section not in ("", "network"):
            continue
        value = entry.limit.high if entry.default != entry.limit.high else entry.limit.low + 1
        table = {entry.name: value} if not entry.section else {"network": {entry.name: value}}
        assert getattr(parse_config(table), entry.field_name) == value, entry.shown
        too_big = entry.limit.high + 1
        bad = {entry.name: too_big} if not entry.section else {"network": {entry.name: too_big}}
        with pytest.raises(ConfigError, match=re.escape(entry.shown)):
            parse_config(bad)
    assert parse_config({"allow_local": True}).allow_local is True
    with pytest.raises(ConfigError, match="allow_local: expected true or false"):
        parse_config({"allow_local": "yes"})


def test_a_host_table_takes_its_defaults_from_the_top_level_keys():
    config = parse_config({"host_concurrency": 7, "hosts": {"a.org": {"interval": 2}}})
    assert (config.host_policy("a.org").concurrency, config.host_policy("a.org").interval) == (7, 2)

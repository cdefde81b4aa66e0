"""Render a page's Markdown the way MkDocs does for this site.

Python-Markdown with MkDocs' built-in extensions (toc, tables, fenced_code)
and the ``markdown_extensions`` of the project's ``mkdocs.yml``, configured
as that file configures them, and front matter split off by MkDocs' own rule.
What the tools read is then what the site publishes, not a second parser's
idea of it. A hook passes the live MkDocs config instead of a file.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.utils import meta, yaml

CONFIG_NAME = "mkdocs.yml"
# The extensions every MkDocs build has, whatever mkdocs.yml lists.
BUILTIN_EXTENSIONS = ["toc", "tables", "fenced_code"]
PROJECT_ROOT = Path(__file__).resolve().parents[2]


class ConfigError(ValueError):
    """mkdocs.yml cannot give the Markdown settings; the message names the file."""


@dataclass(frozen=True, eq=False)  # compared by identity: configs hold functions
class MarkdownSettings:
    """The extensions and their configs that MkDocs hands to Python-Markdown."""

    extensions: tuple[str, ...]
    configs: dict[str, dict[str, Any]] = field(default_factory=dict)


class _MarkdownOnly(base.Config):
    """The part of MkDocs' config schema that decides how Markdown renders."""

    markdown_extensions = c.MarkdownExtensions(builtins=BUILTIN_EXTENSIONS, configkey="mdx_configs")
    mdx_configs = c.Private[dict]()


def find_config(path: Path | str) -> Path:
    """The mkdocs.yml that governs ``path``: the nearest one above it, else the project's."""
    start = Path(path).resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return PROJECT_ROOT / CONFIG_NAME


def read_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as MkDocs reads it (its YAML loader: ``!ENV`` and the rest).

    The one reader of the config for the tools; ConfigError names the file.
    """
    try:
        with open(config_file, "rb") as stream:
            data = yaml.yaml_load(stream) or {}
    except OSError as error:
        raise ConfigError(f"{config_file}: cannot read ({error.strerror or error})") from None
    except Exception as error:  # the YAML library's own errors carry the line
        raise ConfigError(f"{config_file}: not valid YAML ({one_line(error)})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{config_file}: the config must be a YAML mapping")
    return data


@functools.cache
def markdown_settings(config_file: Path) -> MarkdownSettings:
    """The Markdown settings of a mkdocs.yml, validated the way MkDocs validates them."""
    data = read_config(config_file)
    schema = _MarkdownOnly(config_file_path=str(config_file))
    schema.load_dict({"markdown_extensions": data.get("markdown_extensions", [])})
    errors, _ = schema.validate()
    if errors:
        key, problem = errors[0]
        raise ConfigError(f"{config_file}: '{key}': {one_line(problem)}")
    return MarkdownSettings(tuple(schema.markdown_extensions), dict(schema.mdx_configs))


def one_line(error: object) -> str:
    return " ".join(str(error).split())


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(front matter text, body, index of the body's first line), as MkDocs splits them.

    ``text`` has ``\\n`` line ends. Front matter that is not valid YAML is left
    in the body, as MkDocs leaves it; ``front_matter_block`` finds it anyway.
    """
    body, _ = meta.get_data(text)
    consumed = text[: len(text) - len(body)] if text.endswith(body) else ""
    front = ""
    if consumed:
        found = meta.YAML_RE.match(text)
        front = found.group(1) if found else consumed
    return front, body, consumed.count("\n")


def front_matter_block(text: str) -> tuple[str, int] | None:
    """The YAML between ``---`` fences at the top of ``text`` and its closing line index.

    MkDocs' pattern, whether or not the YAML inside is valid; None when absent.
    """
    found = meta.YAML_RE.match(text)
    if found is None:
        return None
    return found.group(1), text[: found.end()].count("\n") - 1


class Renderer:
    """One reusable Python-Markdown instance for a set of settings."""

    def __init__(self, settings: MarkdownSettings) -> None:
        self._markdown = markdown.Markdown(
            extensions=list(settings.extensions), extension_configs=settings.configs
        )

    def __call__(self, body: str) -> str:
        self._markdown.reset()
        return self._markdown.convert(body)


@functools.lru_cache(maxsize=8)
def renderer(settings: MarkdownSettings) -> Renderer:
    return Renderer(settings)


def render(body: str, settings: MarkdownSettings) -> str:
    """The HTML that MkDocs' Markdown step makes of a page body (before theme and hooks)."""
    return renderer(settings)(body)

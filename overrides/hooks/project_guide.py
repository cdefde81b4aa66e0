"""The project's ``scripts/guide`` package, for hooks that need page structure.

Not a hook itself: hooks import it. The page reader, pairing and freshness
live in ``scripts/guide`` (one home, shared with the command-line tools); a
hook reaches them through the folder next to mkdocs.yml. A bare copy of the
site's sources has no such folder, and a hook then does without.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

SCRIPTS_DIR = "scripts"


def project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def source_path(page: Page, config: MkDocsConfig) -> str:
    """A page's source file as messages name it: from the project root (docs/en/index.md)."""
    source = Path(page.file.abs_src_path).resolve()
    try:
        return source.relative_to(project_root(config)).as_posix()
    except ValueError:
        return source.as_posix()


def guide_module(config: MkDocsConfig, name: str, hook: str) -> ModuleType | None:
    """``guide.<name>`` from the project's scripts/ folder, or None when there is none."""
    scripts = project_root(config) / SCRIPTS_DIR
    if not (scripts / "guide").is_dir():
        return None
    if str(scripts) not in sys.path:
        sys.path.insert(0, str(scripts))
    try:
        return importlib.import_module(f"guide.{name}")
    except ImportError as error:
        raise PluginError(f"{hook}: cannot import guide.{name} from {scripts} ({error})") from None

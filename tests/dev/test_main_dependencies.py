"""The site builds with the main dependencies alone: no dev tool is needed to publish it.

Two checks. A static one reads every import of the hooks (and of the scripts/
modules they load) and every plugin, theme and Markdown extension mkdocs.yml
names, and requires each to come from a package listed in pyproject.toml's
[project].dependencies. The real one installs those dependencies alone into a
new environment (``uv sync --no-dev --frozen``, offline from uv's cache) and
runs the strict build there (without the project's [tool.uv] settings, which
only make uv compile every package first: a third of the check's time).
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from collections.abc import Iterator
from importlib.metadata import entry_points, packages_distributions
from pathlib import Path

import yaml
from checkout import offline_env, run_in
from dev import BIN, find_uv

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ROOT / "overrides" / "hooks"
SCRIPTS = ROOT / "scripts"
MARKDOWN_BUILTINS = "markdown"  # admonition, toc, attr_list ... ship with Python-Markdown


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def main_dependencies() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {canonical(re.match(r"[A-Za-z0-9._-]+", spec)[0]) for spec in project["dependencies"]}


def local_module(name: str) -> list[Path]:
    """The files of a hook helper or a scripts/ module, or [] when it is not local."""
    for base in (HOOKS, SCRIPTS):
        if (base / f"{name}.py").is_file():
            return [base / f"{name}.py"]
        if (base / name / "__init__.py").is_file():
            return [base / name / "__init__.py"]
    return []


def imports(path: Path) -> Iterator[tuple[str, int, Path]]:
    """(dotted module, line, file) for every absolute import, also those inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno, path
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module, node.lineno, path
            for alias in node.names:  # `from guide import freshness` loads guide/freshness.py
                yield f"{node.module}.{alias.name}", node.lineno, path


def third_party_imports(start: list[Path]) -> dict[str, tuple[int, Path]]:
    """Top-level third-party modules imported by ``start`` and the local code it loads."""
    seen: set[Path] = set()
    todo = list(start)
    found: dict[str, tuple[int, Path]] = {}
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for dotted, line, where in imports(path):
            top = dotted.split(".")[0]
            local = local_module(top)
            if local:
                parts = dotted.split(".")
                package = local[0].parent
                nested = package.joinpath(*parts[1:])
                todo += local + [p for p in (nested.with_suffix(".py"),) if p.is_file()]
                todo += [p for p in (nested / "__init__.py",) if p.is_file()]
            elif top not in sys.stdlib_module_names and top != "__future__":
                found.setdefault(top, (line, where))
    return found


def config_distributions() -> dict[str, str]:
    """Distribution of each plugin, theme and Markdown extension mkdocs.yml names."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.load(text, Loader=yaml.BaseLoader)  # names only: no tag is constructed
    found: dict[str, str] = {}
    themes = {ep.name: ep for ep in entry_points(group="mkdocs.themes")}
    found[f"theme {config['theme']['name']}"] = themes[config["theme"]["name"]].dist.name
    plugins = {ep.name: ep for ep in entry_points(group="mkdocs.plugins")}
    for item in config["plugins"]:
        name = next(iter(item)) if isinstance(item, dict) else item
        # MkDocs prefers a theme's own plugin of the same name (material/search).
        entry = plugins.get(f"{config['theme']['name']}/{name}") or plugins[name]
        found[f"plugin {name}"] = entry.dist.name
    modules = packages_distributions()
    for item in config["markdown_extensions"]:
        name = next(iter(item)) if isinstance(item, dict) else item
        top = name.split(".")[0] if "." in name else MARKDOWN_BUILTINS
        found[f"markdown extension {name}"] = modules[top][0]
    for module in re.findall(r"!!python/\w+(?:/\w+)?:([\w.]+)", text):
        found[f"mkdocs.yml tag {module}"] = modules[module.split(".")[0]][0]
    return found


def test_mkdocs_yml_needs_only_main_dependencies() -> None:
    needed = config_distributions()
    missing = {
        what: dist for what, dist in needed.items() if canonical(dist) not in main_dependencies()
    }
    assert missing == {}
    assert "plugin i18n" in needed and "theme material" in needed


def test_build_code_imports_only_main_dependencies() -> None:
    hooks = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    hook_files = [ROOT / hook for hook in hooks["hooks"]]
    modules = packages_distributions()
    allowed = main_dependencies()
    problems = []
    for top, (line, path) in sorted(third_party_imports(hook_files).items()):
        dists = modules.get(top, [])
        if not any(canonical(dist) in allowed for dist in dists):
            source = path.relative_to(ROOT)
            problems.append(f"{source}:{line}: {top} ({', '.join(dists) or 'not installed'})")
    assert problems == [], "not in [project].dependencies"


# What [tool.uv] may hold while the real check skips it (--no-config): settings
# that change how packages are installed, never which.
SKIPPED_UV_SETTINGS = {
    "package": "the project itself is not installed, as uv does without a build system",
    "compile-bytecode": "compiling every package up front, which the check does not need",
}


def test_the_real_check_skips_only_uv_settings_that_keep_the_packages() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    unknown = sorted(set(pyproject["tool"]["uv"]) - set(SKIPPED_UV_SETTINGS))
    assert unknown == [], "test_a_no_dev_environment_builds_the_strict_site ignores these"
    assert "build-system" not in pyproject, "without package = false uv would install the project"


def test_a_no_dev_environment_builds_the_strict_site(fresh_checkout: Path, tmp_path: Path) -> None:
    environment = tmp_path / "main-only"
    env = offline_env(UV_PROJECT_ENVIRONMENT=str(environment), NO_MKDOCS_2_WARNING="1")
    sync = [find_uv(), "sync", "--no-dev", "--frozen", "--no-config", "--quiet"]
    synced = run_in(fresh_checkout, sync, env)
    assert synced.returncode == 0, synced.stderr
    assert not list((environment / BIN).glob("pytest*")), "the dev group was installed"
    site = tmp_path / "site"
    mkdocs = str(environment / BIN / "mkdocs")
    built = run_in(fresh_checkout, [mkdocs, "build", "--strict", "-d", str(site)], env)
    assert built.returncode == 0, built.stdout + built.stderr
    assert (site / "index.html").is_file() and (site / "en/index.html").is_file()

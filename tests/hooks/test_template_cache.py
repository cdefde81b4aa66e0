"""Theme templates are compiled once per process, and again only when they change.

The builds run in the test's own process on a project copy, with a spy on
Jinja's compiler that counts what it compiles and lets it compile.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from compiled_templates import SHARED, syntax
from jinja2 import DictLoader, Environment
from site_build import build_here


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[str, tuple[object, ...]]]:
    """Every template Jinja compiles from here on, counted by name and syntax.

    Environments with other extensions compile the same file differently
    (Material adds loop controls to the one that renders pages).
    """
    counts: Counter[tuple[str, tuple[object, ...]]] = Counter()
    compile_source = Environment.compile

    def counting(self: Environment, source: str, name: str | None = None, *args, **kwargs):
        counts[name or "<string>", syntax(self)] += 1
        return compile_source(self, source, name, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counting)
    return counts


def build(project: Path, site: Path) -> str:
    result = build_here(site, project=project)
    assert result.returncode == 0, result.stderr
    return (site / "index.html").read_text(encoding="utf-8")


def test_a_build_compiles_each_template_once_and_the_next_build_none(
    project_copy: Path, tmp_path: Path, compiled: Counter[tuple[str, tuple[object, ...]]]
) -> None:
    first = build(project_copy, tmp_path / "first")
    # Earlier builds in this process may have compiled some already: at most once.
    assert [name for (name, _), count in compiled.items() if count > 1] == []
    compiled.clear()
    assert build(project_copy, tmp_path / "second") == first
    assert compiled == Counter()


def test_an_edited_template_is_compiled_again(
    project_copy: Path, tmp_path: Path, compiled: Counter[tuple[str, tuple[object, ...]]]
) -> None:
    build(project_copy, tmp_path / "before")
    template = project_copy / "overrides" / "main.html"
    text = template.read_text(encoding="utf-8")
    marker = "<!-- edited while the server runs -->"
    template.write_text(text.replace("{% block scripts %}", "{% block scripts %}" + marker, 1))
    compiled.clear()
    assert marker in build(project_copy, tmp_path / "after")
    assert [name for name, _ in compiled] == ["main.html"]


def test_environments_with_other_delimiters_do_not_share_compiled_code() -> None:
    source = {"page": "{{ 6 * 7 }} [[ 6 * 7 ]]"}
    default = Environment(loader=DictLoader(source), bytecode_cache=SHARED)
    square = Environment(
        loader=DictLoader(source),
        bytecode_cache=SHARED,
        variable_start_string="[[",
        variable_end_string="]]",
    )
    assert default.get_template("page").render() == "42 [[ 6 * 7 ]]"
    assert square.get_template("page").render() == "{{ 6 * 7 }} 42"

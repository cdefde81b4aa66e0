"""Every command the README gives works on a fresh checkout, copied as written.

The commands come from the README itself: the first column of its command
table and every line of its shell blocks. Each one runs in a fresh checkout
in a dry form, as written up to its first placeholder (``GUIDE.md``, ``PAGE``,
``[--update ...]``) and then ``--help``, so that nothing is built, written or
fetched.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from checkout import offline_env, run_in

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
PREFIX = "python3 scripts/dev.py"
TABLE_COMMAND = re.compile(r"^\| `([^`]+)` \|", re.MULTILINE)
SHELL_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)
PLACEHOLDER = re.compile(r"^[\[-]|[A-Z]{2,}")
INLINE_CODE = re.compile(r"`([^`\n]+)`")


def command_table(text: str) -> list[str]:
    """The first column of the table headed ``| Command |``."""
    tables = re.findall(r"(?:^\|.*\n)+", text, re.MULTILINE)
    table = next(table for table in tables if table.startswith("| Command |"))
    return [cell.replace("\\|", "|") for cell in TABLE_COMMAND.findall(table)]


def readme_commands(text: str) -> list[str]:
    """Commands from the command table and the shell blocks, in README order."""
    commands = command_table(text)
    for block in SHELL_BLOCK.findall(text):
        for line in block.splitlines():
            command = line.split("  #", 1)[0].strip()
            if command:
                commands.append(command)
    return commands


def dry_form(command: str) -> list[str]:
    """The command up to its first placeholder, asking for its help."""
    words = shlex.split(command)
    for index, word in enumerate(words[3:], start=3):  # past python3 scripts/dev.py COMMAND
        if PLACEHOLDER.search(word):
            words = words[:index]
            break
    return [*words, "--help"]


COMMANDS = readme_commands(README.read_text(encoding="utf-8"))
DRY_FORMS = sorted({tuple(dry_form(command)) for command in COMMANDS})


def test_the_readme_lists_its_commands_in_one_form() -> None:
    assert len(command_table(README.read_text(encoding="utf-8"))) >= 10
    assert [command for command in COMMANDS if not command.startswith(PREFIX)] == []


def test_no_command_in_the_readme_needs_uv_or_the_venv_on_path() -> None:
    spans = INLINE_CODE.findall(README.read_text(encoding="utf-8"))
    bare = [span for span in spans if re.match(r"(uv|uvx|mkdocs|pytest|pre-commit)\s", span)]
    assert bare == [], "write these as python3 scripts/dev.py run ..."


def test_placeholders_are_cut_before_help() -> None:
    assert dry_form(f"{PREFIX} run python scripts/import_guide.py GUIDE.md [--check|--write]") == [
        *shlex.split(PREFIX),
        "run",
        "python",
        "scripts/import_guide.py",
        "--help",
    ]
    assert dry_form(f"{PREFIX} build")[-2:] == ["build", "--help"]


@pytest.mark.parametrize("command", DRY_FORMS, ids=lambda words: " ".join(words[2:-1]))
def test_readme_command_runs_on_a_fresh_checkout(fresh_checkout: Path, command: tuple) -> None:
    result = run_in(fresh_checkout, list(command), offline_env())
    shown = f"{shlex.join(command)} exited {result.returncode}:\n{result.stdout}{result.stderr}"
    assert result.returncode == 0, shown
    assert "usage" in result.stdout.lower(), shown

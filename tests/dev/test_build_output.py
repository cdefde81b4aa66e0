"""A normal build prints MkDocs' own lines and the project's, and nothing from other libraries.

Before the quiet_build hook and uv's ahead-of-time compile, every build
printed three jieba DeprecationWarning blocks with traceback-style lines,
jieba's dictionary chatter and a multi-kilobyte static-i18n config line.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from dev import BOOTSTRAP, INSTALLING_UV, UV_VERSION
from site_build import build

ROOT = Path(__file__).resolve().parents[2]
HOOKS = sorted(path.stem for path in (ROOT / "overrides/hooks").glob("*.py"))
LOG_LINE = re.compile(r"(DEBUG|INFO|WARNING|ERROR)\s+-  (?P<message>.*)")
OWN = re.compile(rf"(?:{'|'.join(HOOKS)}): ")
NOISE = re.compile(r"warning|traceback", re.IGNORECASE)
LONGEST_LINE = 200
DEV_PY_SETUP = INSTALLING_UV.format(version=UV_VERSION, folder=BOOTSTRAP.name)


def foreign_lines(output: str) -> list[str]:
    """Lines that are not MkDocs log records, or that warn without being the project's."""
    found = []
    for line in output.splitlines():
        if line == DEV_PY_SETUP:  # dev.py's own line, on a checkout never set up
            continue
        record = LOG_LINE.fullmatch(line)
        if record is None or len(line) > LONGEST_LINE:
            found.append(line[:LONGEST_LINE])
        elif NOISE.search(line) and not OWN.match(record["message"]):
            found.append(line)
    return found


def test_the_check_itself_spots_each_kind_of_noise() -> None:
    output = "\n".join(
        [
            "INFO    -  Documentation built in 1.07 seconds",
            "WARNING -  csp: en/x.html: inline event handler 'onclick' is blocked by the CSP",
            "INFO    -  DeprecationWarning: invalid escape sequence '\\.'",
            '  File "jieba/__init__.py", line 44, in ',
            "Building prefix dict from the default dictionary ...",
            "INFO    -  mkdocs_static_i18n: Overriding 'en' config 'theme.palette' with '"
            + "x" * 300,
            DEV_PY_SETUP,
        ]
    )
    assert len(foreign_lines(output)) == 4


def test_dev_py_build_prints_nothing_from_other_libraries(
    command_build: subprocess.CompletedProcess[str],
) -> None:
    output = command_build.stdout + command_build.stderr
    assert command_build.returncode == 0, output
    assert foreign_lines(output) == []
    assert "Documentation built in" in output


def test_warnings_from_build_code_still_show(project_copy: Path, tmp_path: Path) -> None:
    """Quiet is not deaf: a DeprecationWarning raised by build code is still printed."""
    hook = project_copy / "overrides/hooks/deprecated_call.py"
    hook.write_text(
        "import warnings\n\n\ndef on_config(config):\n"
        "    warnings.warn('old_api() is deprecated', DeprecationWarning, stacklevel=1)\n",
        encoding="utf-8",
    )
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("hooks:\n", "hooks:\n  - overrides/hooks/deprecated_call.py\n", 1),
        encoding="utf-8",
    )
    result = build(tmp_path / "site", project=project_copy)
    assert result.returncode == 0, result.stderr
    assert "DeprecationWarning: old_api() is deprecated" in result.stderr

"""scripts/dev.py: its help, the pass-through to the project's environment, and signals.

The signal tests start the real dev server the way a maintainer does and stop
it the way a terminal (SIGINT), an IDE or a process manager (SIGTERM) does:
one signal to dev.py's own process id, nothing to the rest of its group.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from dev import COMMANDS

ROOT = Path(__file__).resolve().parents[2]
DEV = ["python3", "scripts/dev.py"]
# Seconds a stop may take before the test calls it a hang: a loaded machine may be slow,
# and what is tested is that the processes end, not how fast (measured: about 0.3 s).
STOP_WITHIN = 60.0
START_WITHIN = 120.0  # the first build loads jieba's dictionary
SERVE_TEMP_PREFIX = "mkdocs_"  # mkdocs serve builds into a temporary folder named so


def dev(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*DEV, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120
    )


def test_help_exits_0_and_lists_every_command() -> None:
    result = dev("--help")
    assert result.returncode == 0, result.stderr
    listed = {line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")}
    assert set(COMMANDS) | {"uv"} <= listed


def test_no_command_prints_the_usage_and_exits_2() -> None:
    for args in ((), ("run",)):
        result = dev(*args)
        assert result.returncode == 2
        assert result.stderr.startswith("usage: python3 scripts/dev.py")
        assert len(result.stderr.splitlines()) == 1


def test_an_unknown_command_is_named_with_the_nearest_one() -> None:
    typo = dev("tset")
    assert typo.returncode == 2
    assert typo.stderr.splitlines() == [
        "error: unknown command 'tset'; did you mean 'test'? "
        "(commands: serve, test, build, run, uv)"
    ]
    unlike = dev("deploy")
    assert unlike.returncode == 2
    known = "(commands: serve, test, build, run, uv)"
    assert unlike.stderr == f"error: unknown command 'deploy' {known}\n"


def test_test_leaves_the_browser_out_and_all_takes_it_in() -> None:
    from dev import command_line

    default = command_line(["test", "-q"])
    assert default[0] == "pytest" and default[-1] == "-q"
    assert default[default.index("-m") + 1] == "not browser"
    every = command_line(["test", "--all", "-q"])
    assert "-m" not in every and "--all" not in every and every[-1] == "-q"


def test_run_uses_the_project_environment_and_passes_the_exit_code_on() -> None:
    code = "import os, sys; print(sys.prefix); print(os.environ['VIRTUAL_ENV']); sys.exit(7)"
    result = dev("run", "python", "-c", code)
    assert result.returncode == 7
    prefix, virtual_env = result.stdout.splitlines()
    assert Path(prefix) == Path(virtual_env) == ROOT / ".venv"


def test_run_finds_the_project_tools_and_uv_without_a_path_change() -> None:
    env = {**os.environ, "PATH": os.defpath}  # neither .venv/bin nor uv on PATH
    result = dev("run", "ruff", "--version", env=env)
    assert result.returncode == 0 and result.stdout.startswith("ruff ")
    result = dev("run", "uv", "--version", env=env)
    assert result.returncode == 0 and result.stdout.startswith("uv ")


def test_run_names_a_program_it_cannot_find_in_one_line() -> None:
    result = dev("run", "no-such-program-here")
    assert result.returncode == 127
    assert result.stderr == "error: no-such-program-here: not found in .venv/ or on PATH\n"


def test_uv_runs_the_pinned_uv_itself() -> None:
    from dev import UV_VERSION

    result = dev("uv", "--version")
    assert result.returncode == 0
    assert result.stdout.split()[:2] == ["uv", UV_VERSION]


# ── Signals ───────────────────────────────────────────────────────────────


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def session_members(session: int) -> list[int]:
    """Every live process in a session (zombies have ended: they hold nothing)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="utf-8").rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended while we looked
        state, process_session = fields[0], int(fields[3])
        if process_session == session and state != "Z":
            members.append(int(stat.parent.name))
    return members


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table in /proc")
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_to_dev_py_serve_stops_the_server_with_nothing_left(
    stop: signal.Signals, tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    temp = tmp_path / "tmp"
    temp.mkdir()
    # Its own session, so every process it starts can be found (and cleaned up) by session id.
    server = subprocess.Popen(
        [*DEV, "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(temp)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + START_WITHIN
        while not answers(url):
            assert server.poll() is None, server.communicate()[0].decode()
            assert time.monotonic() < deadline, f"dev.py serve did not answer on {url}"
            time.sleep(0.2)
        assert session_members(server.pid), "the server runs in dev.py's session"
        signalled = time.monotonic()
        server.send_signal(stop)
        while session_members(server.pid) and time.monotonic() - signalled < STOP_WITHIN:
            time.sleep(0.05)
        stopped_after = time.monotonic() - signalled
        assert session_members(server.pid) == [], f"still running {stopped_after:.2f} s later"
        print(f"{stop.name}: nothing left after {stopped_after:.3f} s")  # shown with -s
        assert not answers(url)
        output = server.communicate(timeout=5)[0].decode()
        assert "Traceback" not in output, output
        left = [path.name for path in temp.iterdir() if path.name.startswith(SERVE_TEMP_PREFIX)]
        assert left == [], "mkdocs serve left its temporary site behind"
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_setup_step_passes_a_signal_on_to_its_child(tmp_path: Path) -> None:
    """While uv installs, a SIGTERM to dev.py reaches uv too: no orphaned install."""
    marker = tmp_path / "child.pid"
    child = (
        "import os, pathlib, signal, sys, time;"
        f"pathlib.Path({str(marker)!r}).write_text(str(os.getpid()));"
        "signal.signal(signal.SIGTERM, lambda *a: sys.exit(42)); time.sleep(60)"
    )
    parent = (
        "import os, sys; sys.path.insert(0, 'scripts'); import dev;"
        f"sys.exit(dev.run_to_end([sys.executable, '-c', {child!r}], dict(os.environ)))"
    )
    runner = subprocess.Popen([sys.executable, "-c", parent], cwd=ROOT, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while not marker.exists() or not marker.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline and runner.poll() is None
            time.sleep(0.05)
        runner.send_signal(signal.SIGTERM)
        assert runner.wait(timeout=STOP_WITHIN) == 42  # the child's own answer to SIGTERM
        assert session_members(runner.pid) == []
    finally:
        if runner.poll() is None:
            os.killpg(runner.pid, signal.SIGKILL)
            runner.wait()


def test_a_failed_uv_install_ends_in_one_line_not_a_traceback(tmp_path: Path) -> None:
    """No uv on PATH and no package index: the bootstrap fails and says so."""
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts/dev.py").write_bytes((ROOT / "scripts/dev.py").read_bytes())
    env = {
        "PATH": os.defpath,
        "HOME": str(tmp_path),
        "PIP_CONFIG_FILE": os.devnull,  # no index or wheel folder from this machine's config
        "PIP_NO_INDEX": "1",
    }
    result = subprocess.run(
        ["python3", "scripts/dev.py", "build"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("error: installing uv ")

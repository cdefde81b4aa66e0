"""A fresh checkout of the project, set up the way a new maintainer sets it up.

The checkout holds the files git would commit (tracked, plus new files not
ignored, so a change is tested before it is committed) and nothing else: no
.venv/, no site/, no caches. Its uv is this machine's pinned uv and its package
cache the one this machine already has, with uv told to stay offline, so the
setup is the real one and needs no network.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETUP_TIMEOUT = 600  # a cold uv cache links a few hundred MB


def offline_env(**extra: str) -> dict[str, str]:
    """This machine's environment, with uv kept offline and no outer virtualenv."""
    env = {**os.environ, "UV_OFFLINE": "1"}
    for name in ("VIRTUAL_ENV", "PYTHONHOME", "UV_PROJECT_ENVIRONMENT"):
        env.pop(name, None)
    return {**env, **extra}


def run_in(
    checkout: Path,
    command: list[str],
    env: Mapping[str, str] | None = None,
    timeout: float = SETUP_TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=checkout,
        env=dict(env if env is not None else offline_env()),
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )

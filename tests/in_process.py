"""A command's ``main(argv)`` run in the test's own process, as its script would run it.

Starting Python and importing Markdown again costs more than most of these tests;
dev.py's tests and the README's commands run the scripts as real processes.
"""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Callable, Sequence
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path


def run_main(
    main: Callable[[list[str]], int], args: Sequence[str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    """``main(args)`` from ``cwd``; its exit code and what it printed, as a process gives them."""
    out, err = io.StringIO(), io.StringIO()
    started_in = Path.cwd()
    os.chdir(cwd)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:  # argparse: --help, or a usage error
                code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        os.chdir(started_in)
    return subprocess.CompletedProcess(
        [main.__module__, *args], code, out.getvalue(), err.getvalue()
    )

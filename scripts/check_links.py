"""Check the guide's external links.

``python3 scripts/dev.py run python scripts/check_links.py --help`` says how.

A thin entry point; the logic lives in the ``link_checker`` package next to it.
Ctrl-C (SIGINT) or SIGTERM at any moment after start-up begins ends the run
with one line and exit code 130 (143 for SIGTERM), never a traceback: the
handlers are installed before anything else is imported.
"""

from __future__ import annotations

import project_env  # noqa: F401 - first: a missing library is one sentence

import os
import signal
import sys
import time

STARTED = time.monotonic()
PROG = "check_links.py"
EXIT_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}


def _stop(signum: int, frame: object) -> None:
    # os.write and os._exit: safe wherever the signal lands, even mid-print.
    name = "interrupted" if signum == signal.SIGINT else "terminated"
    os.write(2, f"{PROG}: {name}\n".encode())
    os._exit(EXIT_CODES[signal.Signals(signum)])


def _main() -> int:
    for signum in EXIT_CODES:
        if signal.getsignal(signum) is not signal.SIG_IGN:  # ignored on purpose (nohup): keep
            signal.signal(signum, _stop)
    scripts = os.path.dirname(os.path.abspath(__file__))
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    from link_checker.cli import main

    return main(started=STARTED)


if __name__ == "__main__":
    sys.exit(_main())

"""Under ``mkdocs serve``, stop on SIGTERM (or SIGHUP) the way Ctrl-C stops it.

IDEs and process managers stop the dev server with SIGTERM, and closing a
terminal sends SIGHUP. Python's default for both ends the process on the spot,
so MkDocs never removes the temporary folder it serves the site from: one
full copy of the site is left behind per stop. Raising KeyboardInterrupt
instead lets ``mkdocs serve`` shut down as it does on Ctrl-C, cleanup included.
"""

from __future__ import annotations

import signal
import threading

STOP_SIGNALS = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]


def on_startup(command: str, dirty: bool) -> None:
    if command != "serve" or threading.current_thread() is not threading.main_thread():
        return
    for stop in STOP_SIGNALS:
        signal.signal(stop, signal.default_int_handler)

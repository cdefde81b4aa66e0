"""The safety net holds: no test here can reach past loopback, whatever the code does.

``conftest.py`` turns the loopback guard on for every test of the link
checker, and for every process such a test starts. If the guard were gone,
these tests would open a connection to 100.64.0.1 (a shared address that
nothing on this machine answers) and fail.
"""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from link_checker.models import Verdict
from loopback_only.loopback_guard import MESSAGE, Refused, is_loopback

OUTSIDE = "100.64.0.1"


def test_this_process_cannot_connect_past_loopback():
    with pytest.raises(Refused, match=MESSAGE):
        socket.create_connection((OUTSIDE, 80), timeout=5)
    with pytest.raises(Refused, match=MESSAGE):
        socket.create_connection(("::ffff:100.64.0.1", 80), timeout=5)


def test_this_process_cannot_send_a_datagram_or_look_a_name_up():
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock,
        pytest.raises(Refused, match=MESSAGE),
    ):
        sock.sendto(b"x", (OUTSIDE, 53))
    with pytest.raises(socket.gaierror, match=MESSAGE):
        socket.getaddrinfo("example.com", 443)


def test_a_child_process_cannot_connect_past_loopback():
    code = f"import socket; socket.create_connection(({OUTSIDE!r}, 80), timeout=5)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert f"{MESSAGE}: {OUTSIDE}" in done.stderr


def test_the_checker_itself_is_refused(check_one):
    # Told to fetch local addresses, the checker tries; the guard refuses it.
    result = check_one(f"http://{OUTSIDE}/", allow_local=True)
    assert result.verdict is Verdict.BROKEN
    assert result.reason == f"cannot connect to {OUTSIDE}:80: {MESSAGE}: {OUTSIDE}"


def test_loopback_is_still_reachable(standin):
    port = standin.ports["127.0.0.2"].http
    socket.create_connection(("127.0.0.2", port), timeout=5).close()
    assert is_loopback("::1") and is_loopback("localhost") and not is_loopback(OUTSIDE)

"""Each limit on what a server can make the checker read, guarded alone.

A 403/429/503 body is read only to recognise a bot challenge: at most
``MAX_BODY_BYTES`` (counted at the server, in bytes its socket took), and for
at most ``BODY_READ_SECONDS`` (a body that trickles in forever). Deleting
either limit fails its test; the other limit would not save it.
"""

from __future__ import annotations

import time
import uuid

from link_checker import client
from link_checker.client import MAX_BODY_BYTES
from link_checker.models import Verdict

ALPHA = "https://alpha.linkcheck"
# What may be sent on top of what the check read: aiohttp's read-ahead (up
# to 128 KB), the client's receive buffer (grown while aiohttp read fast) and
# the server's small send buffer; about 0.6 MB here. A client without the cap
# reads hundreds of megabytes in the seconds the time cap gives it.
KERNEL_SLACK = 2 * 1024 * 1024


def test_the_body_byte_cap_is_counted_at_the_server(check_one, standin):
    key = uuid.uuid4().hex
    result = check_one(f"{ALPHA}/flood/403?key={key}", timeout=10.0)
    # The challenge marker right after the cap is never seen: not "blocked".
    assert (result.verdict, result.reason) == (Verdict.BROKEN, "HTTP 403 Forbidden")
    standin.wait_for(lambda: key in standin.finished, "the flood end")
    assert MAX_BODY_BYTES <= standin.sent[key] < MAX_BODY_BYTES + KERNEL_SLACK


def test_the_body_time_cap_stops_a_body_that_trickles_forever(check_one, monkeypatch):
    # A shorter cap than the real one keeps the test quick; the mechanism is the same.
    monkeypatch.setattr(client, "BODY_READ_SECONDS", 0.5)
    started = time.monotonic()
    # 64 bytes every 0.2 s: the byte cap is minutes away, the request timeout 10 s.
    result = check_one(f"{ALPHA}/trickle/403", timeout=10.0)
    # Without the cap, the body would be read until the timeout: "timed out".
    assert (result.verdict, result.reason) == (Verdict.BROKEN, "HTTP 403 Forbidden")
    assert time.monotonic() - started >= 0.5

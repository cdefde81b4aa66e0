"""Per-host and global limits, gaps between requests, and browser-like headers.

``/busy?until=N`` answers once N requests are in flight: a checker within its
limit reaches exactly that peak, whatever the machine's load; one that exceeds
it goes past it.
"""

from __future__ import annotations

import time
import uuid

from link_checker.models import Verdict
from link_standin import ALL_HOSTS


def test_requests_to_one_host_never_exceed_its_limit(check, standin):
    run = uuid.uuid4().hex
    urls = [f"https://beta.linkcheck/busy?until=3&run={run}&n={n}" for n in range(12)]
    standin.peak["beta.linkcheck"] = 0
    report = check(*urls, host_concurrency=3, max_concurrency=50)
    assert {r.verdict for r in report.results} == {Verdict.OK}
    assert standin.peak["beta.linkcheck"] == 3


def test_requests_overall_never_exceed_the_global_limit(check, standin):
    run = uuid.uuid4().hex
    urls = [
        f"https://{host}/busy?until=5&over=all&run={run}&n={n}"
        for host in ("alpha.linkcheck", "beta.linkcheck", "gamma.linkcheck")
        for n in range(4)
    ]
    standin.peak[ALL_HOSTS] = 0
    report = check(*urls, host_concurrency=4, max_concurrency=5)
    assert {r.verdict for r in report.results} == {Verdict.OK}
    assert standin.peak[ALL_HOSTS] == 5


def test_requests_to_one_host_start_an_interval_apart(check):
    run = uuid.uuid4().hex
    urls = [f"https://gamma.linkcheck/ok?run={run}&n={n}" for n in range(4)]
    started = time.monotonic()
    check(*urls, host_interval=0.1)
    assert time.monotonic() - started >= 0.3


def test_requests_look_like_a_browser(check_one, standin):
    key = uuid.uuid4().hex
    check_one(f"https://alpha.linkcheck/headers?key={key}")
    headers = standin.headers[key]
    assert headers["User-Agent"].startswith("Mozilla/5.0")
    assert headers["Accept"].startswith("text/html")
    assert "Accept-Language" in headers

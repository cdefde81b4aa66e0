"""Every parser of server input returns a value or a clear failure and never raises.

Property-based: hypothesis feeds each parser arbitrary text and bytes (bytes
as aiohttp hands header values over: UTF-8 with surrogate escapes). The last
test sends arbitrary bytes as a whole HTTP answer from a real loopback server.
"""

from __future__ import annotations

import asyncio
import math
import socket
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from link_checker import rules
from link_checker.extract import classify, html_links, srcset_urls
from link_checker.models import Link, Source, Verdict
from link_checker.rules import RETRY_AFTER_CAP, challenge_evidence, parse_retry_after, status_text
from link_checker.runner import check_links
from link_checker.urls import host_of, malformed_reason, non_global, redirect_target
from link_standin import FAST_CONFIG

HEADER_BYTES = st.binary(max_size=200).map(lambda b: b.decode("utf-8", "surrogateescape"))
ANY_TEXT = st.one_of(st.text(max_size=200), HEADER_BYTES)
NOW = 1_800_000_000.0


def is_wait(value: float | None) -> bool:
    return value is None or (math.isfinite(value) and 0 <= value <= RETRY_AFTER_CAP)


# ── Retry-After ───────────────────────────────────────────────────────


@given(ANY_TEXT)
def test_retry_after_never_raises(value):
    assert is_wait(parse_retry_after(value, now=NOW))


@given(st.from_regex(r"[0-9]{1,400}", fullmatch=True))
def test_retry_after_seconds_of_any_length(value):
    assert is_wait(parse_retry_after(value, now=NOW))


@given(
    st.builds(
        "{}, {:02d} {} {} {:02d}:{:02d}:{:02d} {}".format,
        st.sampled_from(["Mon", "Tue", "Wed", "Xyz", ""]),
        st.integers(-5, 99),
        st.sampled_from(["Jan", "Feb", "Oct", "Foo"]),
        st.integers(-(10**12), 10**12),
        st.integers(-1, 99),
        st.integers(-1, 99),
        st.integers(-1, 99),
        st.sampled_from(["GMT", "+0000", "-9999", "UTC", "PST", ""]),
    )
)
def test_retry_after_dates_of_any_year(value):
    assert is_wait(parse_retry_after(value, now=NOW))


def test_retry_after_cases_that_once_ended_the_run():
    assert parse_retry_after("²") is None  # str.isdigit() says yes, float() says no
    assert parse_retry_after("①") is None
    assert parse_retry_after("Wed, 21 Oct 99999999999 07:28:00 GMT") is None
    assert parse_retry_after("9" * 5000) == RETRY_AFTER_CAP
    assert parse_retry_after(" 120 ") == 120.0
    assert parse_retry_after("Thu, 15 Jan 2027 08:00:00 GMT", now=NOW) == 0.0  # that moment
    assert parse_retry_after("Tue, 15 Jan 2030 08:00:00 GMT", now=NOW) == RETRY_AFTER_CAP
    assert parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", now=NOW) == 0.0
    assert parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now=784111777.0 - 30) == 30.0


# ── Location, URLs, hosts ─────────────────────────────────────────────


@given(ANY_TEXT)
def test_a_location_gives_a_target_or_a_problem(location):
    target, problem = redirect_target("https://alpha.linkcheck/a/b?c=d", location)
    assert (target is None) != (problem is None)
    if target is not None:
        assert malformed_reason(target) is None
    else:
        assert isinstance(problem, str) and problem


@given(ANY_TEXT, ANY_TEXT)
def test_any_base_and_location(base, location):
    target, problem = redirect_target(base, location)
    assert (target is None) != (problem is None)


@given(ANY_TEXT)
def test_url_parsers_never_raise(url):
    problem = malformed_reason(url)
    assert problem is None or isinstance(problem, str)
    assert isinstance(host_of(url), str)
    found = non_global(url)
    assert found is None or found.describe(url)


@given(st.ip_addresses())
def test_every_address_is_judged(address):
    found = non_global(str(address))
    assert found is None or found.network


# ── Status and headers ────────────────────────────────────────────────


@given(st.integers(-(10**6), 10**6))
def test_any_status_has_a_text(status):
    assert str(status) in status_text(status)


@given(
    st.integers(0, 1000),
    st.dictionaries(st.sampled_from(["cf-mitigated", "x-amzn-waf-action", "X"]), ANY_TEXT),
    st.binary(max_size=2000),
)
def test_challenge_detection_never_raises(status, headers, body):
    found = challenge_evidence(status, headers, body)
    assert found is None or isinstance(found, str)


# ── Page input ────────────────────────────────────────────────────────


@given(
    ANY_TEXT,
    st.sampled_from(["a", "img", "link", "base", "form"]),
    st.sampled_from(["href", "src", "srcset", "action", "cite"]),
)
def test_any_attribute_value_is_checked_or_skipped_with_a_reason(value, tag, attribute):
    url, reason = classify(value, tag, attribute)
    assert (url is None) != (reason is None)


@given(ANY_TEXT)
def test_srcset_never_raises(value):
    assert all(url and not url.isspace() for url in srcset_urls(value))


@given(st.lists(ANY_TEXT, max_size=4))
def test_any_html_is_read(chunks):
    for value, line, tag, attribute in html_links(chunks):
        assert isinstance(value, str) and line >= 1 and tag and attribute


# ── A whole answer of arbitrary bytes, from a real server ─────────────

STATUS_LINES = st.one_of(
    st.binary(max_size=40),
    st.builds(
        lambda code, reason: b"HTTP/1.1 %d %s" % (code, reason),
        st.integers(0, 1200),
        st.binary(max_size=20).filter(lambda b: b"\r" not in b and b"\n" not in b),
    ),
)
HEADER_NAMES = st.sampled_from(
    [
        b"Location",
        b"Retry-After",
        b"Content-Type",
        b"cf-mitigated",
        b"Content-Length",
        b"Transfer-Encoding",
        b"Content-Encoding",
        b"X",
    ]
)
HEADERS = st.lists(
    st.builds(
        lambda name, value: name + b": " + value,
        HEADER_NAMES,
        st.binary(max_size=60).filter(lambda b: b"\r" not in b and b"\n" not in b),
    ),
    max_size=6,
)
ANSWERS = st.one_of(
    st.binary(max_size=400),
    st.builds(
        lambda status, headers, body: b"\r\n".join([status, *headers, b"", body]),
        STATUS_LINES,
        HEADERS,
        st.binary(max_size=200),
    ),
)


async def _answer_with(payload: bytes) -> list:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 2)
            writer.write(payload)
            await writer.drain()
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.11", 0, family=socket.AF_INET)
    port = server.sockets[0].getsockname()[1]
    config = replace(FAST_CONFIG, timeout=1.0, retries=0, deadline=10.0)
    try:
        links = [Link(f"http://127.0.0.11:{port}/page", [Source("page.md", 1)])]
        report = await check_links(links, config)
    finally:
        server.close()
        await server.wait_closed()
    return report.results


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANSWERS)
def test_any_answer_gives_a_verdict_not_a_checker_error(payload):
    (result,) = asyncio.run(_answer_with(payload))
    assert result.verdict in set(Verdict)
    assert not result.reason.startswith("checker error"), (payload, result.reason)


def test_the_rules_module_has_no_unguarded_parser():
    # parse_retry_after is what once raised; it must stay the only entry point.
    assert rules.parse_retry_after is parse_retry_after

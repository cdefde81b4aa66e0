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
from urllib.parse import quote

from guide.model import Location
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from link_checker.extract import classify, html_links, srcset_urls
from link_checker.models import Link, Verdict
from link_checker.rules import RETRY_AFTER_CAP, challenge_evidence, parse_retry_after, status_text
from link_checker.runner import check_links
from link_checker.urls import (
    has_credentials,
    has_session_parameters,
    host_of,
    malformed_reason,
    non_global,
    redact_credentials,
    redirect_target,
)
from link_standin import FAST_CONFIG

HEADER_BYTES = st.binary(max_size=200).map(lambda b: b.decode("utf-8", "surrogateescape"))
ANY_TEXT = st.one_of(st.text(max_size=200), HEADER_BYTES)
NOW = 1_800_000_000.0
# No time limit per example (the machine may be loaded); pure parsers need no
# more examples than this to meet every branch.
PARSER = settings(deadline=None, max_examples=50)


def is_wait(value: float | None) -> bool:
    return value is None or (math.isfinite(value) and 0 <= value <= RETRY_AFTER_CAP)


# ── Retry-After ───────────────────────────────────────────────────────


@PARSER
@given(ANY_TEXT)
def test_retry_after_never_raises(value):
    assert is_wait(parse_retry_after(value, now=NOW))


@PARSER
@given(st.from_regex(r"[0-9]{1,400}", fullmatch=True))
def test_retry_after_seconds_of_any_length(value):
    assert is_wait(parse_retry_after(value, now=NOW))


@PARSER
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


@PARSER
@given(ANY_TEXT)
def test_a_location_gives_a_target_or_a_problem(location):
    target, problem = redirect_target("https://alpha.linkcheck/a/b?c=d", location)
    assert (target is None) != (problem is None)
    if target is not None:
        assert malformed_reason(target) is None
    else:
        assert isinstance(problem, str) and problem


@PARSER
@given(ANY_TEXT, ANY_TEXT)
def test_any_base_and_location(base, location):
    target, problem = redirect_target(base, location)
    assert (target is None) != (problem is None)


@PARSER
@given(ANY_TEXT)
def test_url_parsers_never_raise(url):
    problem = malformed_reason(url)
    assert problem is None or isinstance(problem, str)
    assert isinstance(host_of(url), str)
    found = non_global(url)
    assert found is None or found.describe(url)


@PARSER
@given(st.ip_addresses())
def test_every_address_is_judged(address):
    found = non_global(str(address))
    assert found is None or found.network


# ── Credentials and session parameters ─────────────────────────────────

# What RFC 3986 allows in a user name or password (percent-escapes included),
# and what may follow the host.
USERINFO_TEXT = st.text(
    alphabet=st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=%")
    ),
    min_size=1,
    max_size=30,
)
REST = st.sampled_from(["", "/", "/path?q=1", "#top", "?a=b&c=d", ":8443/x"])


@PARSER
@given(USERINFO_TEXT, USERINFO_TEXT, REST, st.text(max_size=20))
def test_a_password_never_survives_redaction(user, password, rest, around):
    url = f"https://{user}:{password}@host.example{rest}"
    shown = redact_credentials(f"{around} {url} {around}")
    assert f"https://{user}:***@host.example{rest}" in shown
    assert redact_credentials(shown) == shown  # nothing left to hide
    assert has_credentials(url) and not has_credentials(f"https://host.example{rest}")


@PARSER
@given(USERINFO_TEXT, REST)
def test_a_lone_user_name_may_be_a_token_and_is_hidden(token, rest):
    assert redact_credentials(f"https://{token}@host.example{rest}") == (
        f"https://***@host.example{rest}"
    )


@PARSER
@given(ANY_TEXT)
def test_text_without_userinfo_is_left_alone(text):
    if "@" not in text:
        assert redact_credentials(text) == text
    assert isinstance(redact_credentials(text), str)


SESSION_NAMES = st.sampled_from(
    [
        "session",
        "sessionid",
        "PHPSESSID",
        "jsessionid",
        "sid",
        "token",
        "access_token",
        "auth",
        "ticket",
        "sig",
        "X-Amz-Signature",
        "api_key",
        "my_session",
        "session_token",
    ]
)
PLAIN_NAMES = st.sampled_from(["q", "page", "lang", "utm_source", "id", "ref", "assess", "to"])
VALUES = st.text(alphabet="abc123-_.%", max_size=10)


@PARSER
@given(st.lists(st.tuples(PLAIN_NAMES, VALUES), max_size=4), SESSION_NAMES, VALUES, st.data())
def test_a_session_parameter_is_found_wherever_it_is(plain, name, value, data):
    fields = [f"{k}={v}" for k, v in plain]
    assert not has_session_parameters("https://a.example/p?" + "&".join(fields))
    fields.insert(data.draw(st.integers(0, len(fields))), f"{name}={value}")
    assert has_session_parameters("https://a.example/p?" + "&".join(fields))
    assert has_session_parameters(f"https://a.example/p;{name}={value}")
    inner = quote(f"/home?{name}={value}", safe="")  # a URL inside a parameter
    assert has_session_parameters(f"https://a.example/login?next={inner}")
    assert has_session_parameters(f"https://a.example/login?next={quote(inner, safe='')}")


@PARSER
@given(ANY_TEXT)
def test_session_parameters_never_raise(url):
    assert has_session_parameters(url) in (True, False)


# ── Status and headers ────────────────────────────────────────────────


@PARSER
@given(st.integers(-(10**6), 10**6))
def test_any_status_has_a_text(status):
    assert str(status) in status_text(status)


@PARSER
@given(
    st.integers(0, 1000),
    st.dictionaries(st.sampled_from(["cf-mitigated", "x-amzn-waf-action", "X"]), ANY_TEXT),
    st.binary(max_size=2000),
)
def test_challenge_detection_never_raises(status, headers, body):
    found = challenge_evidence(status, headers, body)
    assert found is None or isinstance(found, str)


# ── Page input ────────────────────────────────────────────────────────


@PARSER
@given(
    ANY_TEXT,
    st.sampled_from(["a", "img", "link", "base", "form"]),
    st.sampled_from(["href", "src", "srcset", "action", "cite"]),
)
def test_any_attribute_value_is_checked_or_skipped_with_a_reason(value, tag, attribute):
    url, reason = classify(value, tag, attribute)
    assert (url is None) != (reason is None)


@PARSER
@given(ANY_TEXT)
def test_srcset_never_raises(value):
    assert all(url and not url.isspace() for url in srcset_urls(value))


@PARSER
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
    # A wait asked for in any form: read, waited (0 s) or refused, never a crash.
    st.builds(
        lambda code, value: (
            b"HTTP/1.1 %d X\r\nRetry-After: %s\r\nContent-Length: 0\r\n\r\n" % (code, value)
        ),
        st.sampled_from([429, 503]),
        st.binary(max_size=40).filter(lambda b: b"\r" not in b and b"\n" not in b),
    ),
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
    # No wait for Retry-After (0 s at most) and no retry: one example, one quick run.
    config = replace(
        FAST_CONFIG, timeout=1.0, retries=0, deadline=10.0, retry_after_max=0.0, allow_local=True
    )
    try:
        links = [Link(f"http://127.0.0.11:{port}/page", [Location("page.md", 1)])]
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

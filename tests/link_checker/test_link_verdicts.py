"""One test per verdict rule, against real HTTP and HTTPS servers on loopback."""

from __future__ import annotations

import time
import uuid

import pytest
from link_checker.config import Expectation
from link_checker.models import Verdict
from link_checker.runner import EXIT_BROKEN, EXIT_OK, EXIT_UNVERIFIED
from link_standin import HIJACKED_TARGET, MODE_SHORT_LINK_HIJACKED, SHORT_LINK_TARGET, closed_port

ALPHA = "https://alpha.linkcheck"


def key() -> str:
    """A fresh key, so that per-key counters on the shared stand-in start at zero."""
    return uuid.uuid4().hex


# ── ok ────────────────────────────────────────────────────────────────


def test_2xx_is_ok(check_one):
    result = check_one(f"{ALPHA}/ok")
    assert (result.verdict, result.status, result.reason) == (Verdict.OK, 200, "200 OK")
    assert result.final_url == f"{ALPHA}/ok"


def test_2xx_after_a_temporary_redirect_is_ok_with_the_final_url(check_one):
    result = check_one(f"{ALPHA}/redirect/302?to=https://beta.linkcheck/ok")
    assert result.verdict is Verdict.OK
    assert result.reason == "200 OK after redirect to https://beta.linkcheck/ok"
    assert result.final_url == "https://beta.linkcheck/ok"


def test_a_failing_head_is_confirmed_with_get(check_one, standin):
    path = f"/head/404?key={key()}"
    result = check_one(f"{ALPHA}{path}")
    assert (result.verdict, result.reason) == (Verdict.OK, "200 OK")
    assert standin.hits[("alpha.linkcheck", path, "HEAD")] == 1
    assert standin.hits[("alpha.linkcheck", path, "GET")] == 1


def test_a_successful_head_needs_no_get(check_one, standin):
    path = f"/ok?key={key()}"
    assert check_one(f"{ALPHA}{path}").verdict is Verdict.OK
    assert standin.hits[("alpha.linkcheck", path, "HEAD")] == 1
    assert standin.hits[("alpha.linkcheck", path, "GET")] == 0


def test_a_5xx_before_a_200_is_retried_and_ok(check_one, standin):
    path = f"/flaky/503?key={key()}&fails=2"  # HEAD and the first GET get 503
    result = check_one(f"{ALPHA}{path}")
    assert (result.verdict, result.reason) == (Verdict.OK, "200 OK (3 requests)")
    assert standin.hits[("alpha.linkcheck", path, "HEAD")] == 1
    assert standin.hits[("alpha.linkcheck", path, "GET")] == 2


def test_a_timeout_before_an_answer_is_retried_and_ok(check_one, standin):
    path = f"/hold?key={key()}&fails=2"  # HEAD and the first GET are never answered
    result = check_one(f"{ALPHA}{path}", timeout=1.0)
    assert (result.verdict, result.reason) == (Verdict.OK, "200 OK (3 requests)")
    assert standin.hits[("alpha.linkcheck", path, "HEAD")] == 1
    assert standin.hits[("alpha.linkcheck", path, "GET")] == 2


def test_a_rate_limit_is_waited_out_as_retry_after_says(check_one):
    started = time.monotonic()
    result = check_one(f"{ALPHA}/ratelimit?retry_after=1&key={key()}&fails=1")
    assert (result.verdict, result.reason) == (Verdict.OK, "200 OK (2 requests)")
    assert time.monotonic() - started >= 1.0


def test_long_headers_do_not_spoil_a_good_answer(check_one):
    result = check_one(f"{ALPHA}/big-headers")
    assert (result.verdict, result.reason) == (Verdict.OK, "200 OK")


# ── moved ─────────────────────────────────────────────────────────────


@pytest.mark.parametrize("code", [301, 308])
def test_a_permanent_redirect_is_moved_with_the_final_url(check_one, code):
    result = check_one(f"{ALPHA}/redirect/{code}?to=/ok")
    assert (result.verdict, result.status) == (Verdict.MOVED, 200)
    assert result.reason == f"moved permanently ({code}); update the link to {ALPHA}/ok"
    assert result.final_url == f"{ALPHA}/ok"


# ── blocked ───────────────────────────────────────────────────────────


def test_a_cf_mitigated_challenge_is_blocked_not_a_failure(check):
    report = check(f"{ALPHA}/challenge/header")
    (result,) = report.results
    assert (result.verdict, result.status) == (Verdict.BLOCKED, 403)
    assert result.reason == (
        "bot challenge (cf-mitigated: challenge, 403 Forbidden): "
        "the host is up but refuses automated checks"
    )
    assert report.exit_code == EXIT_OK


def test_a_challenge_is_a_failure_with_strict(check):
    report = check(f"{ALPHA}/challenge/header", strict=True)
    assert report.results[0].verdict is Verdict.BLOCKED
    assert report.exit_code == EXIT_BROKEN


def test_a_challenge_page_without_the_header_is_blocked(check_one):
    result = check_one(f"{ALPHA}/challenge/page")
    assert result.verdict is Verdict.BLOCKED
    assert "challenge page ('<title>just a moment...</title>' in the body)" in result.reason


def test_a_status_http_does_not_define_is_blocked_at_once(check_one, standin):
    path = f"/flaky/999?key={key()}"
    result = check_one(f"{ALPHA}{path}")
    assert (result.verdict, result.status) == (Verdict.BLOCKED, 999)
    assert result.reason.startswith("status 999, which HTTP does not define")
    assert standin.hits[("alpha.linkcheck", path, "GET")] == 1


def test_a_429_that_persists_after_retry_after_is_blocked(check_one, standin):
    path = f"/ratelimit?retry_after=0&key={key()}"
    result = check_one(f"{ALPHA}{path}")
    assert (result.verdict, result.status) == (Verdict.BLOCKED, 429)
    assert result.reason == "rate limited: 429 Too Many Requests (4 requests)"
    assert standin.hits[("alpha.linkcheck", path, "HEAD")] == 1
    assert standin.hits[("alpha.linkcheck", path, "GET")] == 3


def test_a_retry_after_beyond_the_bound_is_blocked_at_once(check_one, standin):
    path = f"/ratelimit?retry_after=3600&key={key()}"
    started = time.monotonic()
    result = check_one(f"{ALPHA}{path}", retry_after_max=30.0)
    assert result.verdict is Verdict.BLOCKED
    assert result.reason == (
        "rate limited: 429 Too Many Requests asks to retry after 3600 s, "
        "longer than the 30 s this check waits"
    )
    assert time.monotonic() - started < 30.0  # not even the longest wait it would make
    assert standin.hits[("alpha.linkcheck", path, "GET")] == 0


# ── broken ────────────────────────────────────────────────────────────


def test_a_name_that_does_not_resolve_is_broken_when_the_network_works(check):
    report = check("https://gone.linkcheck/", unresolvable=["gone.linkcheck"])
    (result,) = report.results
    assert (result.verdict, result.status) == (Verdict.BROKEN, None)
    assert result.reason == "name gone.linkcheck does not resolve"
    assert (report.network, report.exit_code) == ("available", EXIT_BROKEN)


def test_a_name_the_resolver_does_not_know_is_broken(check_one):
    # Not overridden: the system resolver is asked (in tests the loopback guard
    # answers for it, so that no query leaves the machine).
    result = check_one("https://gone.nonexistent-linkcheck/")
    assert result.verdict is Verdict.BROKEN
    assert result.reason == "name gone.nonexistent-linkcheck does not resolve"


def test_a_refused_connection_is_broken(check_one):
    port = closed_port()
    result = check_one(f"http://127.0.0.2:{port}/", allow_local=True)
    assert result.verdict is Verdict.BROKEN
    assert result.reason == f"connection refused by 127.0.0.2:{port}"


def test_a_tls_failure_is_broken(check_one):
    result = check_one("https://wrong-name.linkcheck/ok")
    assert result.verdict is Verdict.BROKEN
    assert result.reason.startswith("TLS certificate rejected: Hostname mismatch")


@pytest.mark.parametrize(("code", "words"), [(404, "not found"), (410, "gone")])
def test_404_and_410_are_broken(check_one, code, words):
    result = check_one(f"{ALPHA}/status/{code}")
    assert (result.verdict, result.status) == (Verdict.BROKEN, code)
    assert result.reason.startswith(f"{words} ({code} ")


def test_a_redirect_loop_is_broken(check_one):
    result = check_one(f"{ALPHA}/loop/a")
    assert result.verdict is Verdict.BROKEN
    assert result.reason == (f"redirect loop: {ALPHA}/loop/a → {ALPHA}/loop/b → {ALPHA}/loop/a")


def test_too_many_redirects_is_broken(check_one):
    result = check_one(f"{ALPHA}/chain/9", max_redirects=5)
    assert result.verdict is Verdict.BROKEN
    assert result.reason == "too many redirects (more than 5)"


def test_a_redirect_within_the_limit_is_followed(check_one):
    result = check_one(f"{ALPHA}/chain/5", max_redirects=5)
    assert (result.verdict, result.final_url) == (Verdict.OK, f"{ALPHA}/chain/0")


def test_a_redirect_without_location_is_broken(check_one):
    result = check_one(f"{ALPHA}/no-location")
    assert result.verdict is Verdict.BROKEN
    assert result.reason == "redirect (302 Found) without a Location header"


def test_a_5xx_that_persists_after_retries_is_broken(check_one, standin):
    path = f"/status/503?key={key()}"
    result = check_one(f"{ALPHA}{path}")
    assert (result.verdict, result.status) == (Verdict.BROKEN, 503)
    assert result.reason == "server error 503 Service Unavailable (4 requests)"
    assert standin.hits[("alpha.linkcheck", path, "HEAD")] == 1
    assert standin.hits[("alpha.linkcheck", path, "GET")] == 3


def test_a_timeout_that_persists_after_retries_is_broken(check_one, standin):
    path = f"/hold?key={key()}"
    result = check_one(f"{ALPHA}{path}", timeout=0.2, retries=1)
    assert (result.verdict, result.status) == (Verdict.BROKEN, None)
    assert result.reason == "timed out after 0.2 s (3 requests)"
    assert standin.hits[("alpha.linkcheck", path, "HEAD")] == 1
    assert standin.hits[("alpha.linkcheck", path, "GET")] == 2


def test_a_short_link_that_ends_where_expected_is_ok(check_one):
    result = check_one("https://bit.ly/bewildcard")
    assert (result.verdict, result.final_url) == (Verdict.OK, SHORT_LINK_TARGET)
    assert result.reason == "200 OK on www.bewildcard.com, as expected"


def test_a_short_link_that_redirects_elsewhere_is_broken(check_one, standin):
    standin.modes.add(MODE_SHORT_LINK_HIJACKED)
    try:
        result = check_one("https://bit.ly/bewildcard")
    finally:
        standin.modes.discard(MODE_SHORT_LINK_HIJACKED)
    assert (result.verdict, result.final_url) == (Verdict.BROKEN, HIJACKED_TARGET)
    assert result.reason == (
        f"redirects to {HIJACKED_TARGET} (200 OK), but must end on bewildcard.com (sponsored)"
    )


def test_a_link_that_must_redirect_but_stays_is_broken(check_one):
    expect = (Expectation(("gamma.linkcheck",), host="beta.linkcheck"),)
    result = check_one("https://beta.linkcheck/ok", expectations=expect)
    assert result.verdict is Verdict.BROKEN
    assert (
        result.reason
        == "stays on https://beta.linkcheck/ok (200 OK), but must end on gamma.linkcheck"
    )


def test_a_redirect_from_a_public_host_to_a_private_address_is_broken(check_one, standin):
    target = standin.literal("127.0.0.3", "/ok")
    result = check_one(f"{ALPHA}/redirect/302?to={target}")
    assert (result.verdict, result.final_url) == (Verdict.BROKEN, target)
    assert result.reason == (
        f"redirect (302) from public host alpha.linkcheck to {target}, into the loopback "
        "address 127.0.0.3 (127.0.0.0/8), which is not globally routable; not followed"
    )
    assert standin.hits[("127.0.0.3", "/ok", "HEAD")] == 0


def test_a_redirect_to_a_name_resolving_to_loopback_is_broken(check_one):
    # localhost is not overridden: the system resolver says where it points.
    result = check_one(f"{ALPHA}/redirect/302?to=http://localhost:8000/admin")
    assert result.verdict is Verdict.BROKEN
    assert "into localhost, which resolves to the loopback address" in result.reason


def test_redirects_between_loopback_hosts_are_judged_normally(check_one, standin):
    # Checking a local preview (allow_local): its own redirects are its business.
    target = standin.literal("127.0.0.3", "/ok")
    result = check_one(standin.literal("127.0.0.2", f"/redirect/302?to={target}"), allow_local=True)
    assert (result.verdict, result.final_url) == (Verdict.OK, target)


@pytest.mark.parametrize("name", ["site.invalid", "site.test", "www.example", "app.localhost"])
def test_reserved_names_are_broken_without_asking_dns(check, standin, name):
    # Pointing the name at the stand-in changes nothing: no lookup is made.
    report = check(f"https://{name}/ok")
    (result,) = report.results
    tld = name.rpartition(".")[2]
    assert result.verdict is Verdict.BROKEN
    assert result.reason == f"host {name} is under the reserved .{tld} domain, which never resolves"
    assert not result.network_dependent


def test_a_redirect_to_a_reserved_name_is_broken(check_one):
    result = check_one(f"{ALPHA}/redirect/302?to=https://parked.invalid/")
    assert result.verdict is Verdict.BROKEN
    assert "parked.invalid is under the reserved .invalid domain" in result.reason


def test_a_malformed_url_is_broken(check_one):
    result = check_one("https://alpha.linkcheck:99999/")
    assert result.verdict is Verdict.BROKEN
    assert result.reason == "malformed URL: port out of range (0-65535)"


def test_an_endless_error_body_is_not_read(check_one):
    # Reading it to the end would end in "timed out", not in this verdict.
    result = check_one(f"{ALPHA}/endless/403", timeout=5.0)
    assert (result.verdict, result.reason) == (Verdict.BROKEN, "HTTP 403 Forbidden")


def test_an_endless_ok_body_is_not_read(check_one):
    result = check_one(f"{ALPHA}/endless/200", timeout=5.0)
    assert (result.verdict, result.reason) == (Verdict.OK, "200 OK")


# ── unverified ────────────────────────────────────────────────────────


def test_without_network_a_failing_name_is_unverified_and_exits_3(check):
    report = check("https://gone.linkcheck/", unresolvable=["gone.linkcheck"], canary=False)
    (result,) = report.results
    assert result.verdict is Verdict.UNVERIFIED
    assert result.reason == "network unavailable (name gone.linkcheck does not resolve)"
    assert report.network == "unavailable"
    assert report.exit_code == EXIT_UNVERIFIED
    assert [note.text for note in report.notes] == ["network unavailable: 1 link not verified"]


def test_without_network_reachable_hosts_are_still_judged(check, standin):
    report = check(
        "https://gone.linkcheck/",
        standin.literal("127.0.0.2", "/status/404"),
        standin.literal("127.0.0.2", "/ok"),
        unresolvable=["gone.linkcheck"],
        canary=False,
        allow_local=True,
    )
    verdicts = [r.verdict for r in report.results]
    assert verdicts == [Verdict.UNVERIFIED, Verdict.BROKEN, Verdict.OK]
    assert report.exit_code == EXIT_BROKEN


def test_without_network_loopback_links_alone_pass(check, standin):
    report = check(standin.literal("127.0.0.2", "/ok"), canary=False, allow_local=True)
    assert report.exit_code == EXIT_OK
    assert report.network == "not checked"


@pytest.mark.parametrize(
    "retry_after", ["²", "①", "Wed, 21 Oct 99999999999 07:28:00 GMT", "9" * 400, "-1", "soon"]
)
def test_a_retry_after_no_one_can_read_is_ignored_not_fatal(check, retry_after):
    # These once raised out of the run (exit 2, no report); now the 429 is judged.
    report = check(f"{ALPHA}/ratelimit?retry_after={retry_after}&key={key()}", f"{ALPHA}/ok")
    limited, fine = report.results
    assert limited.verdict is Verdict.BLOCKED
    assert limited.reason.startswith("rate limited: 429 Too Many Requests")
    assert fine.verdict is Verdict.OK
    assert report.exit_code == EXIT_OK

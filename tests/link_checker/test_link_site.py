"""The guide's real links, end to end, with its hosts stood in on loopback.

``test_the_guide_links_check_out`` is the link-check test: it runs the real
command over the real pages (every language) and the repo's config, with
``platform.openai.com``, ``openai.com``, ``bit.ly`` and the WildCard site
pointed at the stand-in (``guide_link_check``). The other tests break the
stand-in and run the same check, which must then fail, naming each broken URL
and its line in every language. A URL the stand-in does not know fails the
check as exactly that ("not in the offline stand-in: add it to ..."), never as
a broken link.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from link_checker.cli import main
from link_checker.config import load_config
from link_checker.extract import default_files, extract
from link_standin import GUIDE_PAGES_HOME, MODE_API_KEYS_404, MODE_PLATFORM_GONE

REPO_ROOT = Path(__file__).resolve().parents[2]
PLATFORM = "platform.openai.com"
API_KEYS = "https://platform.openai.com/api-keys"
INLINE_LINK = re.compile(r"\]\((https?://[^)\s]+)\)")


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


def guide_link_check(standin, capsys, extra: Sequence[Path] = ()) -> str | None:
    """The guide's link check against the stand-in: None when it passes, else why not."""
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
        return "\n".join(unknown)
    code = main([*site_args(standin), *(map(str, pages) if extra else [])])
    out, err = capsys.readouterr()
    if code != 0:
        return f"the guide's link check failed (exit {code}):\n{out}{err}"
    assert f"{len(guide_urls())} links:" in out
    return None


def test_the_guide_links_check_out(standin, monkeypatch, capsys):
    monkeypatch.chdir(REPO_ROOT)
    failure = guide_link_check(standin, capsys)
    if failure:
        pytest.fail(failure, pytrace=False)


def test_the_pages_use_each_platform_link_in_every_language():
    languages = {page.parent.name for page in guide_pages()}
    assert {"zh", "en"} <= languages
    for url in [*platform_urls(), "https://bit.ly/bewildcard"]:
        assert {use.split("/")[1] for use in uses(url)} == languages, url


@pytest.fixture
def broken(standin):
    """Break the stand-in the way a test names, for that test only."""

    def set_mode(mode: str) -> None:
        standin.modes.add(mode)

    yield set_mode
    standin.modes.clear()


def test_the_link_check_fails_when_api_keys_answers_404(standin, broken, monkeypatch, capsys):
    monkeypatch.chdir(REPO_ROOT)
    broken(MODE_API_KEYS_404)
    failure = guide_link_check(standin, capsys) or ""
    where = uses(API_KEYS)
    assert len(where) >= 2
    for use in where:
        assert f"{use}: {API_KEYS} is broken: not found (404 Not Found)" in failure
    assert "https://platform.openai.com/usage is broken" not in failure


def test_the_link_check_fails_when_the_platform_stops_resolving(
    standin, broken, monkeypatch, capsys
):
    monkeypatch.chdir(REPO_ROOT)
    broken(MODE_PLATFORM_GONE)
    failure = guide_link_check(standin, capsys) or ""
    for url in platform_urls():
        where = uses(url)
        assert len(where) >= 2, url
        for use in where:
            assert f"{use}: {url} is broken: name {PLATFORM} does not resolve" in failure
    assert "https://openai.com/ is broken" not in failure


def test_without_network_the_guide_links_are_unverified(standin, monkeypatch, capsys):
    monkeypatch.chdir(REPO_ROOT)
    hosts = tuple(name for name in standin.hosts if not name.endswith(".linkcheck"))
    code = main(site_args(standin, network=False, unresolvable=hosts))
    out, err = capsys.readouterr()
    assert code == 3, out + err
    assert out.splitlines()[-1] == f"network unavailable: {len(guide_urls())} links not verified"
    assert "is broken" not in out


def test_a_url_the_stand_in_does_not_know_fails_as_unknown_not_broken(
    standin, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(REPO_ROOT)
    page = tmp_path / "new.md"
    page.write_text(
        "# New page\n\nSee the [pricing page](https://openai.com/chatgpt/pricing/).\n",
        encoding="utf-8",
    )
    failure = guide_link_check(standin, capsys, extra=[page]) or ""
    expected = (
        f"{page}:3: https://openai.com/chatgpt/pricing/ is not in the offline stand-in: "
        f"add it to {GUIDE_PAGES_HOME} (this run could not check the real link)"
    )
    assert expected in failure
    assert "is broken" not in failure

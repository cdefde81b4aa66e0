"""Show on each page when its links were last verified, and flag the ones that were not ok.

The live link check (``scripts/check_links.py --format json --output
link-report.json``) runs before the published build. When its report is there
(``LINK_REPORT`` names it, else ``link-report.json`` next to mkdocs.yml), each
page ends with one line in its language, "Links last verified on 2026-11-28",
and a list of its links whose verdict was not ``ok``, with the reason. Only
links used in that page's own source file are listed. With no report the pages
get nothing, and so do they when the check verified no link at all (it had
no network). A report that cannot be read fails the build with one line naming
it: a half-written report must not be published as the truth.

The report is read by the link checker's own reader (``scripts/link_checker/
report_json.py``, standard library only). Pure: no network, plain HTML (no
script, no inline style).
"""

from __future__ import annotations

import html
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page
from project_guide import SCRIPTS_DIR, project_root

if TYPE_CHECKING:
    from link_checker.report_json import ReportedLink

log = get_plugin_logger("last_verified")

REPORT_ENV = "LINK_REPORT"
DEFAULT_REPORT = "link-report.json"
TEXT = {
    "zh": {
        "verified": "链接最后验证于 {date}。",
        "flagged": "以下链接在那次检查中未确认可用：",
        "moved": "已迁移",
        "blocked": "网站拒绝了自动检查，未能确认",
        "broken": "已失效",
        "unverified": "未能验证",
        "skipped": "未检查",
        "separator": "：",
    },
    "en": {
        "verified": "Links last verified on {date}.",
        "flagged": "These links were not confirmed working by that check:",
        "moved": "moved",
        "blocked": "the site turned the automated check away",
        "broken": "broken",
        "unverified": "could not be verified",
        "skipped": "not checked",
        "separator": ": ",
    },
}
FALLBACK_LANGUAGE = "en"
HINT_UNUSABLE = "run the link check again or delete the file"
HINT_MISSING = f"run the link check first or unset {REPORT_ENV}"


@dataclass(frozen=True)
class Flagged:
    """A link that was not ``ok``, as the reader sees it."""

    url: str
    verdict: str
    reason: str
    moved_to: str | None
    sources: frozenset[str]  # resolved source file paths


@dataclass(frozen=True)
class LinkReport:
    checked_at: datetime
    flagged: tuple[Flagged, ...]
    verified: bool  # False when no link got a verdict (the check had no network)

    def flagged_in(self, source: Path) -> list[Flagged]:
        key = str(source.resolve())
        return [link for link in self.flagged if key in link.sources]


_state: dict[str, LinkReport | None] = {"report": None}


def report_path(root: Path, environ: Mapping[str, str]) -> tuple[Path, bool]:
    """The report to read, and whether it was asked for explicitly (then it must exist)."""
    named = environ.get(REPORT_ENV)
    if named:
        return root / named, True
    return root / DEFAULT_REPORT, False


def load_report(path: Path, root: Path) -> LinkReport:
    """Read a link report; PluginError with one actionable line when it is unusable."""
    scripts = root / SCRIPTS_DIR
    if (scripts / "link_checker").is_dir() and str(scripts) not in sys.path:
        sys.path.insert(0, str(scripts))
    try:
        from link_checker.report_json import ReportError, read_report
    except ImportError as error:
        raise unusable(path, f"cannot be read: no link checker in {scripts} ({error})") from None
    try:
        report = read_report(path)
    except ReportError as error:
        raise PluginError(f"link report {error}; {HINT_UNUSABLE}") from None
    flagged = tuple(flagged_link(link, root) for link in report.links if link.verdict != "ok")
    return LinkReport(report.checked_at, flagged, report.verified)


def unusable(path: Path, problem: str, hint: str = HINT_UNUSABLE) -> PluginError:
    return PluginError(f"link report {path} {problem}; {hint}")


def flagged_link(link: ReportedLink, root: Path) -> Flagged:
    sources = frozenset(str((root / source.path).resolve()) for source in link.sources)
    return Flagged(link.url, link.verdict, link.reason, link.moved_to, sources)


def render(report: LinkReport, flagged: list[Flagged], language: str) -> str:
    """The HTML for one page: the verification date, then any links that were not ok."""
    text = TEXT.get(language, TEXT[FALLBACK_LANGUAGE])
    date = report.checked_at.date().isoformat()
    stamp = f'<time datetime="{report.checked_at.isoformat()}">{date}</time>'
    verified = text["verified"].format(date=stamp)
    if not flagged:
        return f'<p class="link-status">{verified}</p>'
    items = "".join(f"<li>{describe(link, text)}</li>" for link in flagged)
    return (
        '<section class="admonition warning link-status">'
        f'<p class="admonition-title">{verified}</p>'
        f"<p>{text['flagged']}</p><ul>{items}</ul></section>"
    )


def describe(link: Flagged, text: dict[str, str]) -> str:
    what = text.get(link.verdict, link.verdict)
    if link.verdict == "moved" and link.moved_to:
        what += f" → <code>{html.escape(link.moved_to)}</code>"
    if link.reason:
        what += f" ({html.escape(link.reason)})"
    return f"<code>{html.escape(link.url)}</code>{text['separator']}{what}"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = project_root(config)
    path, required = report_path(root, os.environ)
    _state["report"] = None
    if not path.is_file():
        if required:
            raise unusable(path, f"(named by {REPORT_ENV}) does not exist", HINT_MISSING)
        return config
    report = load_report(path, root)
    if not report.verified:
        log.info("link report %s verified no link (no network?): nothing shown", path.name)
        return config
    _state["report"] = report
    log.info("link report %s from %s", path.name, report.checked_at.date())
    return config


def on_page_content(html_content: str, page: Page, config: MkDocsConfig, files) -> str:
    report = _state["report"]
    if report is None or not page.file.abs_src_path:
        return html_content
    language = getattr(page.file, "locale", None) or config.theme.get("language", "en")
    flagged = report.flagged_in(Path(page.file.abs_src_path))
    return html_content + "\n" + render(report, flagged, language)

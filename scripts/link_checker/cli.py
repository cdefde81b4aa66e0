"""Check the external links of the guide (or of the given files and folders).

Every URL gets one verdict with a reason:

  ok          a 2xx answer, possibly after redirects
  moved       resolves through a permanent redirect (301/308): update the link
  blocked     the host answered with a bot challenge or keeps rate-limiting
              (not a failure unless --strict)
  broken      no such name, refused, TLS failure, 404/410, redirect loop,
              persistent 5xx or timeout, a redirect that breaks an expectation
              or leads into a private network, a reserved name
  unverified  not checked because this machine has no network

Exit codes: 1 if anything is broken (or a file cannot be read); otherwise 3
if links were not verified for lack of network; otherwise 0. 2 for a usage or
config error. Settings live in the [tool.check-links] table of pyproject.toml.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path
from typing import NoReturn, TextIO

from link_checker import report as reports
from link_checker.config import Config, ConfigError, load_config
from link_checker.extract import default_files, discover, extract
from link_checker.models import Link, Result
from link_checker.resolver import SPEC_HELP, OverrideError, parse_override
from link_checker.runner import EXIT_USAGE, Options, Report, SetupError, run

PROG = "check_links.py"
CA_FILE_ENV = "LINK_CHECK_CA_FILE"
DEBUG_ENV = "LINK_CHECK_DEBUG"
# Show a progress bar (on an interactive terminal) from this many URLs up.
PROGRESS_MIN_LINKS = 10
# Width of the table when the output is not a terminal (CI logs, files).
PLAIN_WIDTH = 160


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{PROG}: error: {message} (see --help)\n")


def _positive(kind: type[int] | type[float], minimum: float) -> Callable[[str], int | float]:
    """An argparse ``type`` for numbers of ``kind`` no smaller than ``minimum``."""

    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{text!r} is below {minimum:g}")
        return value

    parse.__name__ = kind.__name__
    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        metavar="PATH",
        nargs="*",
        type=Path,
        help="Markdown/HTML files or folders (default: the config's 'paths', every docs page)",
    )
    parser.add_argument(
        "--format",
        choices=reports.FORMATS,
        default="text",
        help="text: a table (default); json: the machine-readable report; markdown: for an "
        "issue or job summary; github: workflow annotations plus the markdown summary",
    )
    parser.add_argument("--output", "-o", type=Path, metavar="FILE", help="write the report here")
    parser.add_argument(
        "--json-output",
        type=Path,
        metavar="FILE",
        help="also write the JSON report here, whatever --format is (one run, two readers)",
    )
    parser.add_argument(
        "--timeout",
        type=_positive(float, 0.01),
        metavar="SECONDS",
        help="seconds per request before it counts as timed out (config: timeout)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="treat 'blocked' (bot challenges) as failures"
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="the pyproject.toml to read [tool.check-links] from (default: the repo's)",
    )
    parser.add_argument(
        "--ca-file",
        type=Path,
        metavar="FILE",
        default=os.environ.get(CA_FILE_ENV) or None,
        help=f"also trust the CA certificates in this PEM file (env: {CA_FILE_ENV})",
    )
    parser.add_argument(
        "--resolve",
        action="append",
        default=[],
        metavar="SPEC",
        help=f"resolve a name yourself, like curl --resolve: {SPEC_HELP}; repeatable",
    )
    parser.add_argument(
        "--host-concurrency",
        type=_positive(int, 1),
        metavar="N",
        help="requests in flight per host (config: host_concurrency)",
    )
    parser.add_argument(
        "--host-interval",
        type=_positive(float, 0),
        metavar="SECONDS",
        help="minimum gap between request starts to one host (config: host_interval)",
    )
    parser.add_argument(
        "--max-concurrency",
        type=_positive(int, 1),
        metavar="N",
        help="requests in flight overall (config: max_concurrency)",
    )
    parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    return parser


def _apply_cli(config: Config, args: argparse.Namespace) -> Config:
    changes = {
        "timeout": args.timeout,
        "host_concurrency": args.host_concurrency,
        "host_interval": args.host_interval,
        "max_concurrency": args.max_concurrency,
    }
    return replace(config, **{k: v for k, v in changes.items() if v is not None})


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _main(args)
    except (ConfigError, SetupError, OverrideError) as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # a bug: one line, unless debugging
        if os.environ.get(DEBUG_ENV):
            raise
        print(f"{PROG}: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_USAGE


def _main(args: argparse.Namespace) -> int:
    config = _apply_cli(load_config(args.config), args)
    overrides = tuple(parse_override(spec) for spec in args.resolve)
    for target in (args.output, args.json_output):
        if target is not None and not target.parent.is_dir():
            raise SetupError(f"cannot write {target}: no such folder {target.parent}")
    if args.paths:
        missing = [p for p in args.paths if not p.exists() and not p.is_symlink()]
        if missing:
            raise SetupError(f"no such file or folder: {missing[0]}")
        files = discover(args.paths)
    else:
        files = default_files(config.root, config.paths)
    found = extract(files)
    for problem in found.problems:
        print(problem, file=sys.stderr)
    options = Options(ca_file=args.ca_file, overrides=overrides, strict=args.strict)
    links = list(found.links.values())
    report = _run_with_progress(links, config, options, show=not args.no_progress)
    report.problems = list(found.problems)
    report.files = found.files
    _write(report, args)
    if args.json_output is not None:
        _write_json(report, args.json_output)
    if report.network_line:
        print(report.network_line, file=sys.stderr)
    return report.exit_code


def _run_with_progress(links: list[Link], config: Config, options: Options, show: bool) -> Report:
    if not (show and sys.stderr.isatty() and len(links) >= PROGRESS_MIN_LINKS):
        return run(links, config, options)
    from rich.console import Console  # only on a terminal: rich is slow to import
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn("checking links"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[last]}"),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("links", total=len(links), last="")

        def advance(result: Result) -> None:
            progress.update(task, advance=1, last=f"{result.verdict}: {result.url}"[:60])

        return run(links, config, options, on_result=advance)


def _write(report: Report, args: argparse.Namespace) -> None:
    target = args.output
    try:
        context = target.open("w", encoding="utf-8") if target else nullcontext(sys.stdout)
    except OSError as error:
        raise SetupError(f"cannot write {target}: {error.strerror}") from None
    with context as handle:
        try:
            _render(report, args.format, handle, to_terminal=target is None)
            handle.flush()
        except BrokenPipeError:  # e.g. piped into `head`: the reader has all it wants
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if target is not None:
        print(reports.closing_line(report), file=sys.stderr)


def _write_json(report: Report, target: Path) -> None:
    try:
        target.write_text(reports.render_json(report), encoding="utf-8")
    except OSError as error:
        raise SetupError(f"cannot write {target}: {error.strerror}") from None


def _render(report: Report, fmt: str, handle: TextIO, *, to_terminal: bool) -> None:
    if fmt == "json":
        handle.write(reports.render_json(report))
    elif fmt == "markdown":
        handle.write(reports.render_markdown(report))
    elif fmt == "github":
        handle.write(reports.render_github(report))
    else:
        from rich.console import Console  # only for the table: rich is slow to import

        interactive = to_terminal and handle.isatty()
        console = Console(
            file=handle,
            width=None if interactive else PLAIN_WIDTH,
            no_color=not interactive,
            highlight=False,
            soft_wrap=False,
        )
        # The network line goes to stderr anyway (see _main); once is enough.
        reports.print_text(report, console, network_line=not to_terminal)

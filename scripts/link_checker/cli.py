"""Check the external links of the guide (or of the given files and folders).

Every URL gets one verdict with a reason:

  ok          a 2xx answer, possibly after redirects
  moved       resolves through a permanent redirect (301/308): update the link
  blocked     the host answered with a bot challenge, keeps rate-limiting, or
              sent a status HTTP does not define, such as 999 (not a failure
              unless --strict)
  broken      no such name, refused, TLS failure, 404/410, redirect loop,
              persistent 5xx or timeout, a redirect that breaks an expectation
              or leads into a network that is not globally routable, a
              reserved name, a malformed URL
  unverified  not checked: this machine has no network, the run's deadline
              came first, the server asks to retry later than the check
              waits, or the checker hit a bug (please report it)
  skipped     a local address (loopback, a private network, or a name that
              resolves to one): never fetched, unless --allow-local

Exit codes: 1 if anything is broken (or a file cannot be read); otherwise 3
if links were not verified; otherwise 0. 2 for a usage, config or output
error; 130 when interrupted. A link with a password in it is reported as
user:***@ and warned about.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from link_checker.config import KEYS, Config, ConfigError, Key, keys_help, load_config
from link_checker.extract import ExtractError, default_files, discover, extract
from link_checker.files import kind_of
from link_checker.models import Link, Result
from link_checker.overrides import SPEC_HELP, OverrideError, parse_override
from link_checker.report import FORMATS
from link_checker.runner import DEBUG_ENV, EXIT_USAGE, Options, SetupError, ssl_context

if TYPE_CHECKING:
    from link_checker.runner import Report

PROG = "check_links.py"
CA_FILE_ENV = "LINK_CHECK_CA_FILE"
EXIT_INTERRUPTED = 130
INTERRUPTED = f"{PROG}: interrupted"
# Show a progress bar (on an interactive terminal) from this many URLs up.
PROGRESS_MIN_LINKS = 10
# Width of the table when the output is not a terminal (CI logs, files).
PLAIN_WIDTH = 160


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{PROG}: error: {message} (see --help)\n")


def _number(key: Key) -> Callable[[str], int | float]:
    """An argparse ``type`` for the config key ``key``, within the config's limits."""
    limit = key.limit
    assert limit is not None

    def parse(text: str) -> int | float:
        try:
            value: int | float = int(text) if key.integer else float(text)
        except ValueError:
            kind = "a whole number" if key.integer else "a number"
            raise argparse.ArgumentTypeError(f"{text!r} is not {kind}") from None
        problem = limit.problem(value)
        if problem:
            raise argparse.ArgumentTypeError(f"{text!r}: {problem}")
        return value

    parse.__name__ = "integer" if key.integer else "number"
    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=__doc__,
        epilog=keys_help(),
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
        choices=FORMATS,
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
    for entry in KEYS:
        if entry.option:
            _add_key_option(parser, entry)
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
    parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    parser.add_argument(
        "--list",
        action="store_true",
        help="check nothing: list every link found (URL, file:line) and every href/src "
        "skipped, with the reason",
    )
    return parser


def _add_key_option(parser: argparse.ArgumentParser, entry: Key) -> None:
    """The option that overrides the config key ``entry`` (its help comes from the key)."""
    help_text = f"{entry.meaning} (config: {entry.shown}, default {entry.default_toml()})"
    if entry.kind == "boolean":
        parser.add_argument(entry.option, action="store_true", default=None, help=help_text)
        return
    metavar = "N" if entry.integer else "SECONDS"
    parser.add_argument(entry.option, type=_number(entry), metavar=metavar, help=help_text)


def _apply_cli(config: Config, args: argparse.Namespace) -> Config:
    changes = {entry.field_name: getattr(args, entry.field_name) for entry in KEYS if entry.option}
    return replace(config, **{k: v for k, v in changes.items() if v is not None})


def main(argv: Sequence[str] | None = None, *, started: float | None = None) -> int:
    """Run the command line; returns the exit code.

    ``started`` is when the program started (``time.monotonic()``); the
    deadline counts from it.
    """
    started = time.monotonic() if started is None else started
    try:
        args = build_parser().parse_args(argv)
        return _main(args, started)
    except (ConfigError, SetupError, OverrideError, ExtractError) as error:
        _say(f"{PROG}: error: {error}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _say(INTERRUPTED)
        return EXIT_INTERRUPTED
    except Exception as error:  # a bug: one line, unless debugging
        if os.environ.get(DEBUG_ENV):
            raise
        _say(f"{PROG}: internal error: {type(error).__name__}: {error}; please report this")
        return EXIT_USAGE


def _say(line: str) -> None:
    from link_checker.report import printable

    print(printable(line), file=sys.stderr)


def _main(args: argparse.Namespace, started: float) -> int:
    config = _apply_cli(load_config(args.config), args)
    overrides = tuple(parse_override(spec) for spec in args.resolve)
    for target in (args.output, args.json_output):
        if target is not None:
            _check_writable(target)
    _check_ca_file(args.ca_file)
    if args.paths:
        missing = [p for p in args.paths if not p.exists() and not p.is_symlink()]
        if missing:
            raise SetupError(f"no such file or folder: {missing[0]}")
        files = discover(args.paths)
    else:
        files = default_files(config.root, config.paths, config.source)
    found = extract(files, config, keep_skipped=args.list)
    # The report goes where the reader looks; stderr repeats nothing it shows.
    report_on_stdout = args.output is None and args.format != "json"
    if args.list:
        return _list(found, args)
    options = Options(
        ca_file=args.ca_file, overrides=overrides, strict=args.strict, started=started
    )
    links = list(found.links.values())
    report = _run_with_progress(links, config, options, show=not args.no_progress)
    report.problems = list(found.problems)
    report.files = found.files
    code = report.exit_code
    if not report_on_stdout:
        for problem in [*found.problems, *report.warnings]:
            _say(str(problem))
    _write(report, args)
    if args.json_output is not None:
        _write_file(args.json_output, _renderer(report, "json"))
    if not report_on_stdout:
        for note in report.notes:
            _say(note.text)
    return code


def _check_writable(target: Path) -> None:
    """Fail before the run, not after it, when a report cannot be written to ``target``."""
    if target.is_dir():
        raise SetupError(f"cannot write {target}: it is a folder")
    folder = target.parent
    if not folder.is_dir():
        raise SetupError(f"cannot write {target}: no such folder {folder}")
    if target.exists() and not os.access(target, os.W_OK):
        raise SetupError(f"cannot write {target}: permission denied")
    if not target.exists() and not os.access(folder, os.W_OK):
        raise SetupError(f"cannot write {target}: folder {folder} is not writable")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _check_ca_file(path: Path | None) -> None:
    """A CA file that cannot be used stops the run before it starts."""
    if path is None:
        return
    try:
        mode = path.stat().st_mode
    except OSError as error:
        raise SetupError(f"CA file {path}: {error.strerror}") from None
    if not stat.S_ISREG(mode):
        raise SetupError(f"CA file {path}: {kind_of(mode)}, not a regular file")
    ssl_context(path)  # loads it: a file that is not PEM is a SetupError now


def _list(found, args: argparse.Namespace) -> int:
    """``--list``: what would be checked and what is skipped, without asking any server."""
    from link_checker.report import printable

    lines = []
    for link in found.links.values():
        for source in link.sources:
            lines.append(f"{source}: check {link.url}")
    for skipped in found.skipped:
        lines.append(f"{skipped.source}: skip {skipped.url} ({skipped.reason})")
    lines += [str(problem) for problem in found.problems]
    lines.append(
        f"{len(found.links)} links to check, {found.skipped_count} skipped, "
        f"in {len(found.files)} files."
    )
    text = "".join(printable(line) + "\n" for line in lines)
    if args.output is not None:
        _write_file(args.output, lambda handle: handle.write(text))
    else:
        _write_stdout(lambda handle: handle.write(text))
    return 1 if found.problems else 0


def _run_with_progress(links: list[Link], config: Config, options: Options, show: bool) -> Report:
    from link_checker.runner import run

    if not (show and sys.stderr.isatty() and len(links) >= PROGRESS_MIN_LINKS):
        return run(links, config, options)
    from rich.console import Console  # only on a terminal: rich is slow to import
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from link_checker.report import printable

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
            line = printable(f"{result.verdict}: {result.url}")[:60]
            progress.update(task, advance=1, last=line)

        return run(links, config, options, on_result=advance)


def _renderer(report: Report, fmt: str, *, to_terminal: bool = False) -> Callable[[TextIO], None]:
    from link_checker import report as reports

    def write(handle: TextIO) -> None:
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
            reports.print_text(report, console)

    return write


def _write(report: Report, args: argparse.Namespace) -> None:
    from link_checker.report import closing_line

    if args.output is None:
        _write_stdout(_renderer(report, args.format, to_terminal=True))
        return
    _write_file(args.output, _renderer(report, args.format))
    _say(closing_line(report))


def _write_stdout(write: Callable[[TextIO], None]) -> None:
    try:
        write(sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into `head`: the reader has all it wants
        _silence_stdout()
    except OSError as error:  # e.g. stdout is /dev/full
        _silence_stdout()
        raise SetupError(f"cannot write the report to stdout: {error.strerror}") from None


def _silence_stdout() -> None:
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _write_file(target: Path, write: Callable[[TextIO], None]) -> None:
    """Write a report; a regular file is replaced whole, so no reader sees half of it."""
    try:
        if target.exists() and not target.is_file():  # /dev/stdout, a FIFO: write in place
            with target.open("w", encoding="utf-8") as handle:
                write(handle)
            return
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                write(handle)
            os.chmod(temporary, 0o666 & ~_umask())  # as open() would have made it
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise SetupError(f"cannot write {target}: {error.strerror or error}") from None

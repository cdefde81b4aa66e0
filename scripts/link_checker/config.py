"""The ``[tool.check-links]`` table of ``pyproject.toml``: its keys, and reading them.

``KEYS`` declares every key once: its type, default, limits and meaning. That
one table drives the validation here, the command line's options and
``--help`` (``cli``), and the README's list of keys (``keys_markdown``; a test
keeps the README equal to it). Every key has a default, so a missing table is
fine; a wrong one is a ``ConfigError`` whose one sentence names the file and
the key.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from link_checker.files import FileError, MissingFile, read_capped
from link_checker.urls import host_of, is_external, malformed_reason, matches_host

REPO_ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = "pyproject.toml"
TABLE_NAME = "tool.check-links"
# A pyproject.toml larger than this is not read (it is not a config file).
MAX_CONFIG_BYTES = 1024 * 1024
SECONDS = " seconds"


@dataclass(frozen=True)
class Limit:
    """The values a number may take: ``low`` (excluded when ``above``) up to ``high``."""

    low: float
    high: float
    above: bool = False  # True: strictly greater than ``low``
    unit: str = ""

    def problem(self, value: float) -> str | None:
        """Why ``value`` is not allowed, or None."""
        if not math.isfinite(value):
            return "must be a finite number"
        if self.above and value <= self.low:
            return f"must be greater than {self.low:g}{self.unit}"
        if value < self.low or value > self.high:
            return f"must be between {self.low:g} and {self.high:g}{self.unit}"
        return None

    def describe(self) -> str:
        low = f"> {self.low:g}" if self.above else f">= {self.low:g}"
        return f"{low} and <= {self.high:g}"


@dataclass(frozen=True)
class Key:
    """One key of the table.

    ``section`` is "" for the table itself, ``network`` for its sub-table,
    ``hosts`` for the per-host tables and ``expect`` for the array of tables.
    ``kind`` says how the value is read (see ``_Reader.value``).
    """

    section: str
    name: str
    kind: str
    default: Any
    meaning: str
    limit: Limit | None = None
    attribute: str = ""  # the Config field, when it is not ``name``
    option: str = ""  # the command-line option that overrides it
    default_text: str = ""  # the default in words, when the value says little

    @property
    def field_name(self) -> str:
        return self.attribute or self.name

    @property
    def shown(self) -> str:
        """The key as a reader finds it in pyproject.toml."""
        prefix = {"": "", "network": "network.", "hosts": 'hosts."HOST".', "expect": "expect[]."}
        return prefix[self.section] + self.name

    @property
    def integer(self) -> bool:
        return self.kind == "integer"

    def default_shown(self) -> str:
        """The default for the README: a TOML value in backticks, or words."""
        return self.default_text or f"`{self.default_toml()}`"

    def default_toml(self) -> str:
        if self.default_text:
            return self.default_text.replace("`", "")
        if isinstance(self.default, bool):
            return "true" if self.default else "false"
        if isinstance(self.default, tuple):
            return json.dumps(list(self.default))
        if isinstance(self.default, str):
            return json.dumps(self.default)
        return f"{self.default!r}"


DEFAULT_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
KEYS: tuple[Key, ...] = (
    Key(
        "",
        "paths",
        "globs",
        ("docs/**/*.md",),
        "the pages to check: glob patterns, relative "
        "to the folder of pyproject.toml (every docs page in every language)",
    ),
    Key(
        "",
        "exclude",
        "patterns",
        (),
        "regular expressions; a URL that matches one is not checked, only counted as excluded",
    ),
    Key(
        "",
        "timeout",
        "number",
        15.0,
        "seconds per request before it counts as timed out",
        Limit(0, 600, above=True, unit=SECONDS),
        option="--timeout",
    ),
    Key("", "retries", "integer", 2, "further GETs after a 429, a 5xx or a timeout", Limit(0, 10)),
    Key(
        "",
        "backoff",
        "number",
        1.0,
        "seconds before the first retry, doubled each time (a Retry-After header replaces it)",
        Limit(0, 600, unit=SECONDS),
    ),
    Key(
        "",
        "retry_after_max",
        "number",
        30.0,
        "the longest Retry-After (429 or 503) this "
        "check waits; a server asking for longer leaves the link blocked (429) or "
        "unverified (503)",
        Limit(0, 3600, unit=SECONDS),
    ),
    Key(
        "",
        "max_redirects",
        "integer",
        10,
        "redirects followed before the link is broken",
        Limit(0, 50),
    ),
    Key(
        "",
        "max_concurrency",
        "integer",
        32,
        "requests in flight overall",
        Limit(1, 1024),
        option="--max-concurrency",
    ),
    Key(
        "",
        "host_concurrency",
        "integer",
        4,
        "requests in flight per host",
        Limit(1, 256),
        option="--host-concurrency",
    ),
    Key(
        "",
        "host_interval",
        "number",
        0.1,
        "seconds between the starts of two requests to one host",
        Limit(0, 60, unit=SECONDS),
        option="--host-interval",
    ),
    Key(
        "",
        "deadline",
        "number",
        480.0,
        "seconds for the whole run; links not checked by "
        "then are unverified (8 minutes fit a 10-minute CI step)",
        Limit(0, 24 * 3600, above=True, unit=SECONDS),
        option="--deadline",
    ),
    Key(
        "",
        "markdown_max_mb",
        "number",
        2.0,
        "a bigger Markdown page is not read (it is rendered as MkDocs renders it, about 0.5 MB/s)",
        Limit(0, 1024, above=True, unit=" MB"),
    ),
    Key(
        "",
        "html_max_mb",
        "number",
        100.0,
        "a bigger HTML file is not read (HTML is streamed)",
        Limit(0, 4096, above=True, unit=" MB"),
    ),
    Key(
        "",
        "user_agent",
        "line",
        DEFAULT_USER_AGENT,
        "the User-Agent header: a browser's, since some sites turn other agents away",
        default_text="a desktop Chrome's",
    ),
    Key(
        "",
        "allow_local",
        "boolean",
        False,
        "also check links to local addresses (loopback, "
        "private networks, or names that resolve to them), for a local preview; otherwise "
        "they are skipped, never fetched",
        option="--allow-local",
    ),
    Key(
        "hosts",
        "concurrency",
        "integer",
        None,
        "requests in flight to that host",
        Limit(1, 256),
        default_text="`host_concurrency`",
    ),
    Key(
        "hosts",
        "interval",
        "number",
        None,
        "seconds between request starts to that host",
        Limit(0, 60, unit=SECONDS),
        default_text="`host_interval`",
    ),
    Key(
        "network",
        "canaries",
        "hostnames",
        ("example.com", "www.iana.org", "one.one.one.one"),
        "names that resolve wherever there is a network; asked only when a link's name "
        "fails, to tell a dead domain from no network",
        attribute="canaries",
    ),
    Key(
        "network",
        "port",
        "integer",
        443,
        "the port a canary must accept connections on",
        Limit(1, 65535),
        attribute="canary_port",
    ),
    Key(
        "network",
        "timeout",
        "number",
        3.0,
        "seconds a canary has to answer",
        Limit(0, 60, above=True, unit=SECONDS),
        attribute="canary_timeout",
    ),
    Key(
        "expect",
        "url",
        "string",
        None,
        "the link this rule is for (give url or host)",
        default_text="none",
    ),
    Key(
        "expect",
        "host",
        "string",
        None,
        "every link to this host (give url or host)",
        default_text="none",
    ),
    Key(
        "expect",
        "final_host",
        "hostnames",
        None,
        "where the link must end after its "
        "redirects: a host (or any subdomain of it), or a list of them; elsewhere is broken",
        default_text="none (required)",
    ),
    Key("expect", "why", "string", "", "said in the reason when the rule breaks"),
)
SECTIONS = {"network": "table", "hosts": "tables", "expect": "array"}


def keys_in(section: str) -> dict[str, Key]:
    return {key.name: key for key in KEYS if key.section == section}


def key(name: str) -> Key:
    """The top-level (or ``network.``) key called ``name``."""
    section, _, leaf = name.rpartition(".")
    return keys_in(section)[leaf]


def _default(name: str) -> Any:
    return key(name).default


def keys_markdown() -> str:
    """The README's list of keys: one table row per key, from ``KEYS``."""
    rows = ["| Key | Default | What it sets |", "|---|---|---|"]
    for entry in KEYS:
        rows.append(f"| `{entry.shown}` | {entry.default_shown()} | {entry.meaning} |")
    return "\n".join(rows) + "\n"


def keys_help() -> str:
    """The keys for ``--help``: name, default, meaning."""
    lines = [f"settings, in the [{TABLE_NAME}] table of pyproject.toml:"]
    for entry in KEYS:
        lines.append(f"  {entry.shown} (default {entry.default_toml()}): {entry.meaning}")
    return "\n".join(lines)


class ConfigError(Exception):
    """A config problem; ``str()`` is the one line shown to the user."""


@dataclass(frozen=True)
class HostPolicy:
    """Politeness towards one host: requests in flight, and seconds between starts."""

    concurrency: int
    interval: float


@dataclass(frozen=True)
class Expectation:
    """Where a URL (or every URL on a host) must end up after its redirects."""

    final_hosts: tuple[str, ...]
    url: str | None = None
    host: str | None = None
    why: str = ""

    def applies_to(self, url: str) -> bool:
        if self.url is not None:
            return url == self.url
        return self.host is not None and host_of(url) == self.host

    def allows(self, final_url: str) -> bool:
        host = host_of(final_url)
        return any(matches_host(host, expected) for expected in self.final_hosts)

    def describe(self) -> str:
        return " or ".join(self.final_hosts)


@dataclass(frozen=True)
class Config:
    """All link-checker settings; ``KEYS`` gives each one's meaning and default."""

    root: Path = REPO_ROOT
    source: str = PYPROJECT
    paths: tuple[str, ...] = _default("paths")
    exclude: tuple[re.Pattern[str], ...] = ()
    timeout: float = _default("timeout")
    retries: int = _default("retries")
    backoff: float = _default("backoff")
    retry_after_max: float = _default("retry_after_max")
    max_redirects: int = _default("max_redirects")
    max_concurrency: int = _default("max_concurrency")
    host_concurrency: int = _default("host_concurrency")
    host_interval: float = _default("host_interval")
    deadline: float = _default("deadline")
    markdown_max_mb: float = _default("markdown_max_mb")
    html_max_mb: float = _default("html_max_mb")
    user_agent: str = _default("user_agent")
    allow_local: bool = _default("allow_local")
    hosts: Mapping[str, HostPolicy] = field(default_factory=dict)
    expectations: tuple[Expectation, ...] = ()
    canaries: tuple[str, ...] = _default("network.canaries")
    canary_port: int = _default("network.port")
    canary_timeout: float = _default("network.timeout")

    def host_policy(self, host: str) -> HostPolicy:
        return self.hosts.get(host) or HostPolicy(self.host_concurrency, self.host_interval)

    def expectation_for(self, url: str) -> Expectation | None:
        return next((e for e in self.expectations if e.applies_to(url)), None)

    def is_excluded(self, url: str) -> bool:
        return any(pattern.search(url) for pattern in self.exclude)


def load_config(path: Path | None = None) -> Config:
    """The config from ``path`` (default: the repo's ``pyproject.toml``)."""
    explicit = path is not None
    path = path if path is not None else REPO_ROOT / PYPROJECT
    shown = path.name if not explicit else path.as_posix()
    try:
        data = read_capped(path, MAX_CONFIG_BYTES)
    except MissingFile:
        if explicit:
            raise ConfigError(f"{shown}: no such file") from None
        return Config(root=path.parent)
    except FileError as error:
        raise ConfigError(f"{shown}: {error}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ConfigError(f"{shown}:{line}: not valid UTF-8, as TOML must be") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{shown}: invalid TOML: {error}") from None
    tool = document.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{shown}: 'tool' must be a table ([tool]), not {_kind(tool)}")
    table = tool.get("check-links", {})
    return parse_config(table, root=path.resolve().parent, source=shown)


def parse_config(table: Any, *, root: Path = REPO_ROOT, source: str = PYPROJECT) -> Config:
    """Validate a ``[tool.check-links]`` table (as a dict) into a ``Config``."""
    reader = _Reader(source)
    table = reader.table(table, TABLE_NAME, set(keys_in("")) | set(SECTIONS))
    network = reader.table(
        table.get("network", {}), f"{TABLE_NAME}.network", set(keys_in("network"))
    )
    values = {k.field_name: reader.value(table, k) for k in keys_in("").values()}
    values |= {
        k.field_name: reader.value(network, k, "network.") for k in keys_in("network").values()
    }
    return Config(
        root=root,
        source=source,
        hosts=_hosts(reader, table.get("hosts", {}), values),
        expectations=_expectations(reader, table.get("expect", [])),
        **values,
    )


def _kind(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    names |= {list: "an array", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _hosts(reader: _Reader, value: Any, values: Mapping[str, Any]) -> dict[str, HostPolicy]:
    hosts = reader.table(value, f"{TABLE_NAME}.hosts", None)
    known = keys_in("hosts")
    policies: dict[str, HostPolicy] = {}
    for name, entry in hosts.items():
        prefix = f'hosts."{name}".'
        entry = reader.table(entry, f'{TABLE_NAME}.hosts."{name}"', set(known))
        concurrency = reader.value(entry, known["concurrency"], prefix)
        interval = reader.value(entry, known["interval"], prefix)
        policies[name.lower()] = HostPolicy(
            concurrency=values["host_concurrency"] if concurrency is None else concurrency,
            interval=values["host_interval"] if interval is None else interval,
        )
    return policies


def _expectations(reader: _Reader, value: Any) -> tuple[Expectation, ...]:
    if not isinstance(value, list):
        raise reader.error("expect", "expected an array of tables ([[tool.check-links.expect]])")
    known = keys_in("expect")
    found: list[Expectation] = []
    for index, entry in enumerate(value):
        prefix = f"expect[{index}]."
        entry = reader.table(entry, f"{TABLE_NAME}.expect[{index}]", set(known))
        url, host = (reader.value(entry, known[name], prefix) for name in ("url", "host"))
        if (url is None) == (host is None):
            raise reader.error(prefix + "url", "give exactly one of 'url' or 'host'")
        if url is not None:
            problem = malformed_reason(url) if is_external(url) else "not an http(s) URL"
            if problem:
                raise reader.error(prefix + "url", problem)
        finals = entry.get("final_host")
        finals = [finals] if isinstance(finals, str) else finals
        if not finals:
            raise reader.error(prefix + "final_host", "expected a host name or a list of them")
        hosts = reader.value({"final_host": finals}, known["final_host"], prefix)
        found.append(
            Expectation(
                final_hosts=tuple(h.lower() for h in hosts),
                url=url,
                host=host.lower() if host is not None else None,
                why=reader.value(entry, known["why"], prefix),
            )
        )
    return tuple(found)


class _Reader:
    """Typed getters that raise ``ConfigError`` naming the file and the key."""

    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.source}: [{TABLE_NAME}] {key}: {problem}")

    def table(self, value: Any, name: str, allowed: set[str] | None) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ConfigError(f"{self.source}: [{name}] must be a table, not {_kind(value)}")
        if allowed is not None:
            unknown = sorted(set(value) - allowed)
            if unknown:
                raise ConfigError(
                    f"{self.source}: [{name}] unknown key {unknown[0]!r}"
                    f" (known: {', '.join(sorted(allowed))})"
                )
        return value

    def value(self, table: Mapping[str, Any], key: Key, prefix: str = "") -> Any:
        """``key``'s value in ``table`` (its default when absent), checked for its kind."""
        if key.name not in table:
            return key.default
        read = getattr(self, f"_{key.kind}")
        return read(table[key.name], key, prefix + key.name)

    def _number(self, value: Any, key: Key, name: str) -> Any:
        """A number within ``key.limit`` (an int for integer keys)."""
        assert key.limit is not None
        wanted = isinstance(value, int) if key.integer else isinstance(value, int | float)
        if isinstance(value, bool) or not wanted:
            kind = "an integer" if key.integer else "a number"
            raise self.error(name, f"expected {kind} {key.limit.describe()}, got {value!r}")
        problem = key.limit.problem(value)
        if problem:
            raise self.error(name, f"{problem}, got {value!r}")
        return value if key.integer else float(value)

    _integer = _number

    def _boolean(self, value: Any, key: Key, name: str) -> bool:
        if not isinstance(value, bool):
            raise self.error(name, f"expected true or false, got {value!r}")
        return value

    def _string(self, value: Any, key: Key, name: str) -> str:
        if not isinstance(value, str):
            raise self.error(name, f"expected a string, got {value!r}")
        return value

    def _line(self, value: Any, key: Key, name: str) -> str:
        text = self._string(value, key, name)
        if not text.strip() or any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
            raise self.error(name, "must be one line of printable text")
        return text

    def _strings(self, value: Any, name: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
            raise self.error(name, f"expected a list of strings, got {value!r}")
        return tuple(value)

    def _globs(self, value: Any, key: Key, name: str) -> tuple[str, ...]:
        patterns = self._strings(value, name)
        if not patterns:
            raise self.error(name, "must list at least one glob pattern, such as 'docs/**/*.md'")
        for pattern in patterns:
            if not pattern.strip():
                raise self.error(name, "an empty pattern matches nothing; remove it")
            if PurePosixPath(pattern).is_absolute() or PureWindowsPath(pattern).is_absolute():
                raise self.error(
                    name,
                    f"{pattern!r} is absolute; patterns are relative to the folder of "
                    f"{self.source}",
                )
        return patterns

    def _patterns(self, value: Any, key: Key, name: str) -> tuple[re.Pattern[str], ...]:
        compiled = []
        for text in self._strings(value, name):
            try:
                compiled.append(re.compile(text))
            except re.error as error:
                raise self.error(name, f"invalid regular expression {text!r}: {error}") from None
        return tuple(compiled)

    def _hostnames(self, value: Any, key: Key, name: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(h, str) and h for h in value):
            raise self.error(name, "expected a host name or a list of them")
        for host in value:
            if malformed_reason(f"https://{host}/") or "/" in host or ":" in host:
                raise self.error(name, f"{host!r} is not a host name")
        return tuple(value)

"""Read and validate the ``[tool.check-links]`` table of ``pyproject.toml``.

Every setting has a default, so a missing table is fine; a wrong one is a
``ConfigError`` whose one sentence names the file and the key. Numbers must be
finite and within ``LIMITS`` (the command line checks its options against the
same limits).
"""

from __future__ import annotations

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
DEFAULT_PATHS = ("docs/**/*.md",)
# Names that resolve wherever there is a network at all; used only when a
# link's own name fails, to tell "dead domain" from "no network".
DEFAULT_CANARIES = ("example.com", "www.iana.org", "one.one.one.one")
DEFAULT_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
# A pyproject.toml larger than this is not read (it is not a config file).
MAX_CONFIG_BYTES = 1024 * 1024


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
        return f"a number {low} and <= {self.high:g}"


SECONDS = " seconds"
# One table for the config file and the command line.
LIMITS = {
    "timeout": Limit(0, 600, above=True, unit=SECONDS),
    "deadline": Limit(0, 24 * 3600, above=True, unit=SECONDS),
    "backoff": Limit(0, 600, unit=SECONDS),
    "retry_after_max": Limit(0, 3600, unit=SECONDS),
    "host_interval": Limit(0, 60, unit=SECONDS),
    "retries": Limit(0, 10),
    "max_redirects": Limit(0, 50),
    "max_concurrency": Limit(1, 1024),
    "host_concurrency": Limit(1, 256),
    "markdown_max_mb": Limit(0, 1024, above=True, unit=" MB"),
    "html_max_mb": Limit(0, 4096, above=True, unit=" MB"),
    "hosts.concurrency": Limit(1, 256),
    "hosts.interval": Limit(0, 60, unit=SECONDS),
    "network.port": Limit(1, 65535),
    "network.timeout": Limit(0, 60, above=True, unit=SECONDS),
}
INTEGER_KEYS = frozenset(
    {
        "retries",
        "max_redirects",
        "max_concurrency",
        "host_concurrency",
        "hosts.concurrency",
        "network.port",
    }
)
TOP_KEYS = frozenset(
    {
        "paths",
        "exclude",
        "timeout",
        "retries",
        "backoff",
        "retry_after_max",
        "max_redirects",
        "max_concurrency",
        "host_concurrency",
        "host_interval",
        "deadline",
        "markdown_max_mb",
        "html_max_mb",
        "user_agent",
        "hosts",
        "network",
        "expect",
    }
)
HOST_KEYS = frozenset({"concurrency", "interval"})
NETWORK_KEYS = frozenset({"canaries", "port", "timeout"})
EXPECT_KEYS = frozenset({"url", "host", "final_host", "why"})


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
    """All link-checker settings; see the ``[tool.check-links]`` table for meanings."""

    root: Path = REPO_ROOT
    source: str = PYPROJECT
    paths: tuple[str, ...] = DEFAULT_PATHS
    exclude: tuple[re.Pattern[str], ...] = ()
    timeout: float = 15.0
    retries: int = 2
    backoff: float = 1.0
    retry_after_max: float = 30.0
    max_redirects: int = 10
    max_concurrency: int = 32
    host_concurrency: int = 4
    host_interval: float = 0.1
    # Seconds for the whole run; what is not checked by then is "unverified".
    # Eight minutes leave a ten-minute CI step time to install and report.
    deadline: float = 480.0
    # Markdown is rendered as MkDocs renders it (about 0.5 MB/s); HTML is streamed.
    markdown_max_mb: float = 2.0
    html_max_mb: float = 100.0
    user_agent: str = DEFAULT_USER_AGENT
    hosts: Mapping[str, HostPolicy] = field(default_factory=dict)
    expectations: tuple[Expectation, ...] = ()
    canaries: tuple[str, ...] = DEFAULT_CANARIES
    canary_port: int = 443
    canary_timeout: float = 3.0

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
    table = reader.table(table, TABLE_NAME, TOP_KEYS)
    defaults = Config()
    network = reader.table(table.get("network", {}), f"{TABLE_NAME}.network", NETWORK_KEYS)

    def number(key: str, entry: Mapping[str, Any] = table, prefix: str = "") -> Any:
        limit_key = (prefix.split(".")[0] + "." if prefix else "") + key
        default = getattr(defaults, _FIELD.get(limit_key, key))
        return reader.number(entry, key, default, limit_key, prefix=prefix)

    return Config(
        root=root,
        source=source,
        paths=_paths(reader, table, defaults),
        exclude=tuple(reader.patterns(table, "exclude")),
        timeout=number("timeout"),
        retries=number("retries"),
        backoff=number("backoff"),
        retry_after_max=number("retry_after_max"),
        max_redirects=number("max_redirects"),
        max_concurrency=number("max_concurrency"),
        host_concurrency=number("host_concurrency"),
        host_interval=number("host_interval"),
        deadline=number("deadline"),
        markdown_max_mb=number("markdown_max_mb"),
        html_max_mb=number("html_max_mb"),
        user_agent=_user_agent(reader, table, defaults),
        hosts=_hosts(reader, table.get("hosts", {}), defaults),
        expectations=_expectations(reader, table.get("expect", [])),
        canaries=tuple(_canaries(reader, network, defaults)),
        canary_port=number("port", network, "network."),
        canary_timeout=number("timeout", network, "network."),
    )


# Config fields whose name differs from their key.
_FIELD = {"network.port": "canary_port", "network.timeout": "canary_timeout"}


def _kind(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    names |= {list: "an array", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _paths(reader: _Reader, table: Mapping[str, Any], defaults: Config) -> tuple[str, ...]:
    patterns = reader.strings(table, "paths", defaults.paths)
    if not patterns:
        raise reader.error("paths", "must list at least one glob pattern, such as 'docs/**/*.md'")
    for pattern in patterns:
        if not pattern.strip():
            raise reader.error("paths", "an empty pattern matches nothing; remove it")
        if PurePosixPath(pattern).is_absolute() or PureWindowsPath(pattern).is_absolute():
            raise reader.error(
                "paths",
                f"{pattern!r} is absolute; patterns are relative to the folder of {reader.source}",
            )
    return tuple(patterns)


def _user_agent(reader: _Reader, table: Mapping[str, Any], defaults: Config) -> str:
    value = reader.string(table, "user_agent", defaults.user_agent)
    if not value.strip() or any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        raise reader.error("user_agent", "must be one line of printable text")
    return value


def _canaries(reader: _Reader, network: Mapping[str, Any], defaults: Config) -> list[str]:
    names = reader.strings(network, "canaries", defaults.canaries, prefix="network.")
    for name in names:
        if malformed_reason(f"https://{name}/") or "/" in name or ":" in name:
            raise reader.error("network.canaries", f"{name!r} is not a host name")
    return names


def _hosts(reader: _Reader, value: Any, defaults: Config) -> dict[str, HostPolicy]:
    hosts = reader.table(value, f"{TABLE_NAME}.hosts", None)
    policies: dict[str, HostPolicy] = {}
    for name, entry in hosts.items():
        prefix = f'hosts."{name}".'
        entry = reader.table(entry, f'{TABLE_NAME}.hosts."{name}"', HOST_KEYS)
        policies[name.lower()] = HostPolicy(
            concurrency=reader.number(
                entry, "concurrency", defaults.host_concurrency, "hosts.concurrency", prefix=prefix
            ),
            interval=reader.number(
                entry, "interval", defaults.host_interval, "hosts.interval", prefix=prefix
            ),
        )
    return policies


def _expectations(reader: _Reader, value: Any) -> tuple[Expectation, ...]:
    if not isinstance(value, list):
        raise reader.error("expect", "expected an array of tables ([[tool.check-links.expect]])")
    found: list[Expectation] = []
    for index, entry in enumerate(value):
        prefix = f"expect[{index}]."
        entry = reader.table(entry, f"{TABLE_NAME}.expect[{index}]", EXPECT_KEYS)
        url = entry.get("url")
        host = entry.get("host")
        if (url is None) == (host is None):
            raise reader.error(prefix + "url", "give exactly one of 'url' or 'host'")
        if url is not None:
            url = reader.string(entry, "url", "", prefix=prefix)
            problem = malformed_reason(url) if is_external(url) else "not an http(s) URL"
            if problem:
                raise reader.error(prefix + "url", problem)
        if host is not None:
            host = reader.string(entry, "host", "", prefix=prefix).lower()
        finals = entry.get("final_host")
        if isinstance(finals, str):
            finals = [finals]
        if (
            not finals
            or not isinstance(finals, list)
            or not all(isinstance(f, str) and f for f in finals)
        ):
            raise reader.error(prefix + "final_host", "expected a host name or a list of them")
        found.append(
            Expectation(
                final_hosts=tuple(f.lower() for f in finals),
                url=url,
                host=host,
                why=reader.string(entry, "why", "", prefix=prefix),
            )
        )
    return tuple(found)


class _Reader:
    """Typed getters that raise ``ConfigError`` naming the file and the key."""

    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.source}: [{TABLE_NAME}] {key}: {problem}")

    def table(self, value: Any, name: str, allowed: frozenset[str] | None) -> dict[str, Any]:
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

    def number(
        self,
        table: Mapping[str, Any],
        key: str,
        default: float,
        limit_key: str,
        *,
        prefix: str = "",
    ) -> Any:
        """A number within ``LIMITS[limit_key]`` (an int for integer keys)."""
        if key not in table:
            return default
        value = table[key]
        limit = LIMITS[limit_key]
        integer = limit_key in INTEGER_KEYS
        wanted = isinstance(value, int) if integer else isinstance(value, int | float)
        if isinstance(value, bool) or not wanted:
            kind = "an integer" if integer else "a number"
            expected = limit.describe().replace("a number", kind)
            raise self.error(prefix + key, f"expected {expected}, got {value!r}")
        problem = limit.problem(value)
        if problem:
            raise self.error(prefix + key, f"{problem}, got {value!r}")
        return value if integer else float(value)

    def string(self, table: Mapping[str, Any], key: str, default: str, *, prefix: str = "") -> str:
        if key not in table:
            return default
        value = table[key]
        if not isinstance(value, str):
            raise self.error(prefix + key, f"expected a string, got {value!r}")
        return value

    def strings(
        self,
        table: Mapping[str, Any],
        key: str,
        default: tuple[str, ...],
        *,
        prefix: str = "",
    ) -> list[str]:
        if key not in table:
            return list(default)
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
            raise self.error(prefix + key, f"expected a list of strings, got {value!r}")
        return list(value)

    def patterns(self, table: Mapping[str, Any], key: str) -> list[re.Pattern[str]]:
        compiled = []
        for text in self.strings(table, key, ()):
            try:
                compiled.append(re.compile(text))
            except re.error as error:
                raise self.error(key, f"invalid regular expression {text!r}: {error}") from None
        return compiled

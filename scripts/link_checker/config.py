"""Read and validate the ``[tool.check-links]`` table of ``pyproject.toml``.

Every setting has a default, so a missing table is fine; a wrong one is a
``ConfigError`` whose one-line message names the file and the key.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

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
        "user_agent",
        "hosts",
        "network",
        "expect",
    }
)
HOST_KEYS = frozenset({"concurrency", "interval"})
NETWORK_KEYS = frozenset({"canaries", "port", "timeout"})
EXPECT_KEYS = frozenset({"url", "host", "final_host", "why"})
T = TypeVar("T")


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
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"{shown}: no such file") from None
        return Config(root=path.parent)
    except OSError as error:
        raise ConfigError(f"{shown}: cannot read: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{shown}: invalid TOML: {error}") from None
    table = document.get("tool", {}).get("check-links", {})
    return parse_config(table, root=path.resolve().parent, source=shown)


def parse_config(table: Any, *, root: Path = REPO_ROOT, source: str = PYPROJECT) -> Config:
    """Validate a ``[tool.check-links]`` table (as a dict) into a ``Config``."""
    reader = _Reader(source)
    table = reader.table(table, TABLE_NAME, TOP_KEYS)
    defaults = Config()
    network = reader.table(table.get("network", {}), f"{TABLE_NAME}.network", NETWORK_KEYS)
    return Config(
        root=root,
        source=source,
        paths=tuple(reader.strings(table, "paths", defaults.paths)),
        exclude=tuple(reader.patterns(table, "exclude")),
        timeout=reader.number(table, "timeout", defaults.timeout, minimum=0.01),
        retries=reader.integer(table, "retries", defaults.retries, minimum=0),
        backoff=reader.number(table, "backoff", defaults.backoff, minimum=0),
        retry_after_max=reader.number(table, "retry_after_max", defaults.retry_after_max),
        max_redirects=reader.integer(table, "max_redirects", defaults.max_redirects, minimum=0),
        max_concurrency=reader.integer(
            table, "max_concurrency", defaults.max_concurrency, minimum=1
        ),
        host_concurrency=reader.integer(
            table, "host_concurrency", defaults.host_concurrency, minimum=1
        ),
        host_interval=reader.number(table, "host_interval", defaults.host_interval),
        user_agent=reader.string(table, "user_agent", defaults.user_agent),
        hosts=_hosts(reader, table.get("hosts", {}), defaults),
        expectations=_expectations(reader, table.get("expect", [])),
        canaries=tuple(reader.strings(network, "canaries", defaults.canaries, prefix="network.")),
        canary_port=reader.integer(
            network, "port", defaults.canary_port, minimum=1, maximum=65535, prefix="network."
        ),
        canary_timeout=reader.number(
            network, "timeout", defaults.canary_timeout, minimum=0.01, prefix="network."
        ),
    )


def _hosts(reader: _Reader, value: Any, defaults: Config) -> dict[str, HostPolicy]:
    hosts = reader.table(value, f"{TABLE_NAME}.hosts", None)
    policies: dict[str, HostPolicy] = {}
    for name, entry in hosts.items():
        prefix = f'hosts."{name}".'
        entry = reader.table(entry, f'{TABLE_NAME}.hosts."{name}"', HOST_KEYS)
        policies[name.lower()] = HostPolicy(
            concurrency=reader.integer(
                entry, "concurrency", defaults.host_concurrency, minimum=1, prefix=prefix
            ),
            interval=reader.number(entry, "interval", defaults.host_interval, prefix=prefix),
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
            raise ConfigError(f"{self.source}: [{name}] must be a table")
        if allowed is not None:
            unknown = sorted(set(value) - allowed)
            if unknown:
                raise ConfigError(
                    f"{self.source}: [{name}] unknown key {unknown[0]!r}"
                    f" (known: {', '.join(sorted(allowed))})"
                )
        return value

    def _get(
        self,
        table: Mapping[str, Any],
        key: str,
        default: T,
        check: Callable[[Any], bool],
        expected: str,
        prefix: str,
    ) -> T:
        if key not in table:
            return default
        value = table[key]
        if not check(value):
            raise self.error(prefix + key, f"expected {expected}, got {value!r}")
        return value

    def number(
        self,
        table: Mapping[str, Any],
        key: str,
        default: float,
        *,
        minimum: float = 0.0,
        prefix: str = "",
    ) -> float:
        value = self._get(
            table,
            key,
            default,
            lambda v: isinstance(v, int | float) and not isinstance(v, bool) and v >= minimum,
            f"a number >= {minimum:g}",
            prefix,
        )
        return float(value)

    def integer(
        self,
        table: Mapping[str, Any],
        key: str,
        default: int,
        *,
        minimum: int = 0,
        maximum: int | None = None,
        prefix: str = "",
    ) -> int:
        bound = f"an integer >= {minimum}" + (f" and <= {maximum}" if maximum else "")
        return self._get(
            table,
            key,
            default,
            lambda v: (
                isinstance(v, int)
                and not isinstance(v, bool)
                and v >= minimum
                and (maximum is None or v <= maximum)
            ),
            bound,
            prefix,
        )

    def string(self, table: Mapping[str, Any], key: str, default: str, *, prefix: str = "") -> str:
        return self._get(table, key, default, lambda v: isinstance(v, str), "a string", prefix)

    def strings(
        self,
        table: Mapping[str, Any],
        key: str,
        default: tuple[str, ...],
        *,
        prefix: str = "",
    ) -> list[str]:
        return list(
            self._get(
                table,
                key,
                default,
                lambda v: isinstance(v, list | tuple) and all(isinstance(s, str) for s in v),
                "a list of strings",
                prefix,
            )
        )

    def patterns(self, table: Mapping[str, Any], key: str) -> list[re.Pattern[str]]:
        compiled = []
        for text in self.strings(table, key, ()):
            try:
                compiled.append(re.compile(text))
            except re.error as error:
                raise self.error(key, f"invalid regular expression {text!r}: {error}") from None
        return compiled

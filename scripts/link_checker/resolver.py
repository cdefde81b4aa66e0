"""Name resolution with overrides, like curl's ``--resolve`` and ``--connect-to``.

An override sends a name (optionally only for one port) to another address and
port, or makes it not resolve at all. Everything else goes to the system
resolver. Tests use overrides to point the guide's public hosts at loopback
stand-ins; TLS still checks the certificate against the original name.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable
from dataclasses import dataclass

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver

from link_checker.urls import ip_address

NUMERIC_FLAGS = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV
SPEC_HELP = "HOST[:PORT]=ADDRESS[:PORT] (IPv6 in brackets; an empty ADDRESS makes HOST not resolve)"


class OverrideError(ValueError):
    """A ``--resolve`` spec that cannot be understood."""


@dataclass(frozen=True)
class Override:
    """``host`` (on ``port``, or on every port when None) goes to ``address:to_port``.

    ``address`` None means the name does not resolve; ``to_port`` None keeps the port.
    """

    host: str
    port: int | None = None
    address: str | None = None
    to_port: int | None = None


def parse_override(spec: str) -> Override:
    """Parse ``HOST[:PORT]=ADDRESS[:PORT]``; raise ``OverrideError`` with the reason."""
    left, sep, right = spec.partition("=")
    if not sep or not left:
        raise OverrideError(f"--resolve {spec!r}: expected {SPEC_HELP}")
    host, port = _split_host_port(left, spec)
    if ip_address(host) is not None:
        raise OverrideError(f"--resolve {spec!r}: {host} is already an address")
    if not right:
        return Override(host.lower(), port, None, None)
    address, to_port = _split_host_port(right, spec)
    if ip_address(address) is None:
        raise OverrideError(f"--resolve {spec!r}: {address!r} is not an IP address")
    return Override(host.lower(), port, address.strip("[]"), to_port)


def _split_host_port(text: str, spec: str) -> tuple[str, int | None]:
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else ""
        if rest and not rest.startswith(":"):
            raise OverrideError(f"--resolve {spec!r}: bad address {text!r}")
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
    else:
        host, port_text = text, ""
    if not port_text:
        return host, None
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise OverrideError(f"--resolve {spec!r}: bad port {port_text!r}")
    return host, int(port_text)


class OverrideResolver(AbstractResolver):
    """Resolves overridden names itself and everything else through ``fallback``."""

    def __init__(
        self, overrides: Iterable[Override] = (), fallback: AbstractResolver | None = None
    ) -> None:
        self._overrides: dict[tuple[str, int | None], Override] = {
            (o.host, o.port): o for o in overrides
        }
        self._fallback = fallback

    def find(self, host: str, port: int | None) -> Override | None:
        """The override for ``host:port`` (a port-specific one wins), if any."""
        name = host.rstrip(".").lower()
        return self._overrides.get((name, port)) or self._overrides.get((name, None))

    def is_overridden(self, host: str) -> bool:
        name = host.rstrip(".").lower()
        return any(key[0] == name for key in self._overrides)

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        override = self.find(host, port)
        if override is None:
            if self._fallback is None:
                self._fallback = ThreadedResolver()
            return await self._fallback.resolve(host, port, family)
        if override.address is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known (override)")
        is_v6 = ":" in override.address
        return [
            ResolveResult(
                hostname=host,
                host=override.address,
                port=override.to_port or port,
                family=socket.AF_INET6 if is_v6 else socket.AF_INET,
                proto=0,
                flags=NUMERIC_FLAGS,
            )
        ]

    async def close(self) -> None:
        if self._fallback is not None:
            await self._fallback.close()

"""Tell "this domain is dead" from "this machine has no network".

When a link fails in a way a machine without network would also see (its name
does not resolve, its network is unreachable), the checker asks the canaries:
well-known names that resolve and accept connections wherever there is a
network at all. If none of them does, the network is unavailable and such
links are ``unverified``, not ``broken``. Canaries go through the same resolver
as the links, so tests can stand them in on loopback or leave them unresolvable.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiohttp.abc import AbstractResolver


@dataclass(frozen=True)
class NetworkStatus:
    """Whether the network is up, and the evidence in words."""

    available: bool
    detail: str


class NetworkProbe:
    """Asks the canaries (the runner does so at most once per run)."""

    def __init__(
        self, resolver: AbstractResolver, canaries: Sequence[str], port: int, timeout: float
    ) -> None:
        self._resolver = resolver
        self._canaries = tuple(canaries)
        self._port = port
        self._timeout = timeout

    async def status(self) -> NetworkStatus:
        if not self._canaries:
            return NetworkStatus(True, "no canaries configured; assuming a network")
        problems = await asyncio.gather(*(self._reach(host) for host in self._canaries))
        reached = [h for h, p in zip(self._canaries, problems, strict=True) if p is None]
        if reached:
            return NetworkStatus(True, f"canary {reached[0]} is reachable")
        failed = "; ".join(f"{h}: {p}" for h, p in zip(self._canaries, problems, strict=True))
        return NetworkStatus(False, f"no canary is reachable ({failed})")

    async def _reach(self, host: str) -> str | None:
        """None when ``host`` resolves and accepts a TCP connection, else why not."""
        try:
            async with asyncio.timeout(self._timeout):
                infos = await self._resolver.resolve(host, self._port, socket.AF_UNSPEC)
        except (OSError, TimeoutError):
            return "does not resolve"
        if not infos:
            return "does not resolve"
        info = infos[0]
        try:
            async with asyncio.timeout(self._timeout):
                _, writer = await asyncio.open_connection(info["host"], info["port"])
        except (OSError, TimeoutError) as error:
            return f"no connection ({getattr(error, 'strerror', None) or 'timed out'})"
        writer.close()
        return None

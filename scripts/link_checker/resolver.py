"""Name resolution with overrides, like curl's ``--resolve`` and ``--connect-to``.

Overridden names (see ``overrides``) go to the given address; everything else
goes to the system resolver. Tests use overrides to point the guide's public
hosts at loopback stand-ins; TLS still checks the certificate against the
original name.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver

from link_checker.overrides import Override

NUMERIC_FLAGS = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV


class OverrideResolver(AbstractResolver):
    """Resolves overridden names itself and everything else through ``fallback``.

    A name's answer, or its failure, is kept for the whole run: the check that
    a link or a redirect does not lead into a private network and the
    connection that follows see the same addresses, so a name cannot answer
    "public" first and "private" next (and a dead name is asked once).
    """

    def __init__(
        self, overrides: Iterable[Override] = (), fallback: AbstractResolver | None = None
    ) -> None:
        self._overrides: dict[tuple[str, int | None], Override] = {
            (o.host, o.port): o for o in overrides
        }
        self._fallback = fallback
        self._answers: dict[tuple[str, int, int], list[ResolveResult] | OSError] = {}

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
            key = (host.rstrip(".").lower(), port, int(family))
            answer = self._answers.get(key)
            if answer is None:
                if self._fallback is None:
                    self._fallback = ThreadedResolver()
                try:
                    answer = await self._fallback.resolve(host, port, family)
                except OSError as error:
                    answer = error
                self._answers[key] = answer
            if isinstance(answer, OSError):
                # A new exception each time, with the same words: a name that
                # failed once is not asked again in this run.
                raise type(answer)(*answer.args)
            return list(answer)
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

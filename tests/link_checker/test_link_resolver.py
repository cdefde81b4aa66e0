"""Resolve overrides (``--resolve HOST[:PORT]=ADDRESS[:PORT]``)."""

from __future__ import annotations

import asyncio
import socket

import pytest
from aiohttp.abc import AbstractResolver, ResolveResult
from link_checker.overrides import Override, OverrideError, parse_override
from link_checker.resolver import OverrideResolver


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("a.org=127.0.0.2", Override("a.org", None, "127.0.0.2", None)),
        ("A.org:443=127.0.0.2:8443", Override("a.org", 443, "127.0.0.2", 8443)),
        ("a.org=[::1]:8080", Override("a.org", None, "::1", 8080)),
        ("a.org:80=", Override("a.org", 80, None, None)),
    ],
)
def test_specs_are_parsed(spec, expected):
    assert parse_override(spec) == expected


@pytest.mark.parametrize(
    "spec", ["a.org", "=127.0.0.1", "a.org=not-an-ip", "a.org:99999=127.0.0.1", "1.2.3.4=127.0.0.1"]
)
def test_bad_specs_say_why(spec):
    with pytest.raises(OverrideError, match="--resolve"):
        parse_override(spec)


def test_a_port_specific_override_wins_and_others_fall_through():
    resolver = OverrideResolver(
        [Override("a.org", None, "127.0.0.2", None), Override("a.org", 443, "127.0.0.3", 9443)]
    )

    async def resolve(host: str, port: int):
        return await resolver.resolve(host, port, socket.AF_UNSPEC)

    plain = asyncio.run(resolve("a.org", 80))
    secure = asyncio.run(resolve("A.org.", 443))
    assert (plain[0]["host"], plain[0]["port"], plain[0]["hostname"]) == ("127.0.0.2", 80, "a.org")
    assert (secure[0]["host"], secure[0]["port"]) == ("127.0.0.3", 9443)
    local = asyncio.run(resolve("localhost", 80))
    assert {info["host"] for info in local} & {"127.0.0.1", "::1"}


def test_an_override_without_address_does_not_resolve():
    resolver = OverrideResolver([Override("gone.org")])
    with pytest.raises(socket.gaierror):
        asyncio.run(resolver.resolve("gone.org", 443))


class ChangingResolver(AbstractResolver):
    """A name server that answers a public address first and loopback after."""

    def __init__(self) -> None:
        self.calls = 0

    async def resolve(self, host, port=0, family=socket.AF_INET):
        self.calls += 1
        address = "93.184.215.14" if self.calls == 1 else "127.0.0.1"
        return [
            ResolveResult(
                hostname=host, host=address, port=port, family=socket.AF_INET, proto=0, flags=0
            )
        ]

    async def close(self) -> None:
        pass


def test_a_name_keeps_its_first_answer_for_the_run():
    # The redirect check and the connection after it must see the same address.
    changing = ChangingResolver()
    resolver = OverrideResolver([], fallback=changing)

    async def twice():
        first = await resolver.resolve("rebind.example", 443, socket.AF_UNSPEC)
        second = await resolver.resolve("Rebind.Example.", 443, socket.AF_UNSPEC)
        return first, second

    first, second = asyncio.run(twice())
    assert first[0]["host"] == second[0]["host"] == "93.184.215.14"
    assert changing.calls == 1


class FailingResolver(AbstractResolver):
    """A name server that knows no name, and counts how often it is asked."""

    def __init__(self) -> None:
        self.calls = 0

    async def resolve(self, host, port=0, family=socket.AF_INET):
        self.calls += 1
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    async def close(self) -> None:
        pass


def test_a_name_that_failed_is_not_asked_again_in_the_run():
    failing = FailingResolver()
    resolver = OverrideResolver([], fallback=failing)

    async def twice():
        for _ in range(2):
            with pytest.raises(socket.gaierror, match="Name or service not known"):
                await resolver.resolve("gone.example", 443, socket.AF_UNSPEC)

    asyncio.run(twice())
    assert failing.calls == 1

"""``--resolve`` specs, like curl's: ``HOST[:PORT]=ADDRESS[:PORT]``.

An override sends a name (optionally only for one port) to another address and
port, or makes it not resolve at all. Parsing them needs no HTTP library, so a
usage error is reported before aiohttp is even imported.
"""

from __future__ import annotations

from dataclasses import dataclass

from link_checker.urls import ip_address

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

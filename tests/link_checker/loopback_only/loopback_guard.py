"""Test traffic stays on this machine, whatever the code under test does.

An audit hook (``sys.addaudithook``) sees every socket connection, datagram
and name lookup a Python process makes, before the operating system does.
While the guard is on, it refuses a connection or datagram to any address
that is not loopback, and a lookup of any name but ``localhost``: the call
raises, so no packet leaves. The link checker's tests turn it on for each test
(``conftest.py``); child processes get it through ``sitecustomize.py`` in this
folder, which the tests put first on ``PYTHONPATH``.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import sys

MESSAGE = "refused by the tests' loopback guard"
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
INTERNET = (socket.AF_INET, socket.AF_INET6)
# Events whose second argument is the address a socket sends to.
SENDING = frozenset({"socket.connect", "socket.sendto", "socket.sendmsg"})
LOOKUPS = frozenset({"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex"})

_state = {"installed": False, "on": False}


class Refused(PermissionError):
    """A connection or lookup the guard refused."""


def is_loopback(host: object) -> bool:
    """True for a loopback address (IPv4-mapped too) or a name of this machine."""
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host.rstrip(".").lower() in LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host.split("%")[0].strip("[]"))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_loopback


def _audit(event: str, args: tuple) -> None:
    if not _state["on"]:
        return
    if event in SENDING:
        sock, address = args[0], args[1]
        if getattr(sock, "family", None) in INTERNET and address is not None:
            host = address[0] if isinstance(address, tuple) else address
            if not is_loopback(host):
                raise Refused(errno.EACCES, f"{MESSAGE}: {host}")
    elif event in LOOKUPS:
        host = args[0]
        if host is not None and not is_loopback(host) and not _is_address(host):
            raise socket.gaierror(socket.EAI_NONAME, f"{MESSAGE}: no lookup of {host!r}")


def _is_address(host: object) -> bool:
    """A literal address needs no lookup (connecting to it is judged on its own)."""
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    try:
        ipaddress.ip_address(str(host).split("%")[0].strip("[]"))
    except ValueError:
        return False
    return True


def install() -> None:
    """Add the hook to this process (once; audit hooks cannot be removed)."""
    if not _state["installed"]:
        sys.addaudithook(_audit)
        _state["installed"] = True


def turn(on: bool) -> None:
    install()
    _state["on"] = on

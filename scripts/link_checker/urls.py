"""Classify URLs and hosts: malformed, reserved names, private and loopback addresses."""

from __future__ import annotations

import ipaddress
from urllib.parse import urldefrag, urlsplit

import yarl

SCHEMES = ("http", "https")
# Special-use top-level domains (RFC 2606, RFC 6761): no name under them ever
# resolves on the public internet, so a reader can never open such a link.
RESERVED_TLDS = frozenset({"invalid", "test", "example", "localhost"})
# The one name every machine maps onto itself; treated like a loopback address.
LOCALHOST = "localhost"
# Where a redirect from a public host must never lead (not followed).
PRIVATE_NETWORKS: tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...] = tuple(
    (ipaddress.ip_network(net), kind)
    for net, kind in (
        ("127.0.0.0/8", "loopback"),
        ("10.0.0.0/8", "private"),
        ("172.16.0.0/12", "private"),
        ("192.168.0.0/16", "private"),
        ("169.254.0.0/16", "link-local"),
        ("0.0.0.0/8", "unspecified"),
        ("::1/128", "loopback"),
        ("::/128", "unspecified"),
        ("fc00::/7", "private"),
        ("fe80::/10", "link-local"),
    )
)
MAX_HOST_LENGTH = 253
MAX_LABEL_LENGTH = 63
BAD_HOST_CHARACTERS = frozenset(" \t\r\n<>\"'{}|\\^`%")


def strip_fragment(url: str) -> str:
    """The URL without its ``#fragment``: fragments are not sent to servers."""
    return urldefrag(url).url if "#" in url else url


def is_external(url: str) -> bool:
    """True for an absolute ``http(s)`` URL; everything else is the site build's job."""
    scheme, sep, _ = url.partition(":")
    return bool(sep) and scheme.lower() in SCHEMES and url[len(scheme) + 1 :].startswith("//")


def malformed_reason(url: str) -> str | None:
    """Why ``url`` cannot be requested as written, or None when it can."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        return _describe_value_error(error)
    if parts.scheme.lower() not in SCHEMES:
        return f"unsupported scheme {parts.scheme or '(none)'!r}"
    host = parts.hostname
    if not host:
        return "no host name"
    if port == 0:
        return "port 0 is not a valid port"
    if any(ch in BAD_HOST_CHARACTERS for ch in parts.netloc.rpartition("@")[2]):
        return "invalid character in the host name"
    if ip_address(host) is None:
        problem = _host_name_problem(host)
        if problem:
            return problem
    try:
        yarl.URL(url)
    except (ValueError, TypeError) as error:
        return _describe_value_error(error)
    return None


def _describe_value_error(error: Exception) -> str:
    text = str(error) or type(error).__name__
    if "Port out of range" in text:
        return "port out of range (0-65535)"
    if "Port could not be cast" in text:
        return "port is not a number"
    return text[0].lower() + text[1:] if text else "not a valid URL"


def _host_name_problem(host: str) -> str | None:
    name = host.rstrip(".")
    if not name:
        return "no host name"
    try:
        ascii_name = name.encode("idna").decode("ascii") if not name.isascii() else name
    except UnicodeError:
        return f"host name {host!r} is not a valid international domain name"
    if len(ascii_name) > MAX_HOST_LENGTH:
        return "host name is longer than 253 characters"
    for label in ascii_name.split("."):
        if not label:
            return f"host name {host!r} has an empty label"
        if len(label) > MAX_LABEL_LENGTH:
            return f"host name {host!r} has a label longer than 63 characters"
        if label.startswith("-") or label.endswith("-"):
            return f"host name {host!r} has a label starting or ending with '-'"
        if not all(ch.isalnum() or ch in "-_" for ch in label):
            return f"invalid character in the host name {host!r}"
    return None


def host_of(url: str) -> str:
    """The lower-case host name of ``url`` (without IPv6 brackets), or ''."""
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def default_port(url: str) -> int:
    """The port a request to ``url`` goes to."""
    parts = urlsplit(url)
    return parts.port or (443 if parts.scheme.lower() == "https" else 80)


def ip_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address when ``host`` is an IP literal, else None."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def address_kind(address: str) -> str | None:
    """'loopback', 'private', 'link-local' or 'unspecified' for such an address, else None."""
    ip = ip_address(address)
    if ip is None:
        return None
    for network, kind in PRIVATE_NETWORKS:
        if ip.version == network.version and ip in network:
            return kind
    return None


def is_reserved_name(host: str) -> bool:
    """True for a name under a special-use TLD such as ``.invalid`` or ``.test``."""
    if not host or ip_address(host) is not None:
        return False
    name = host.rstrip(".").lower()
    if name == LOCALHOST:
        return False  # the machine itself: a loopback host, see is_local_host
    return name.rpartition(".")[2] in RESERVED_TLDS


def is_local_host(host: str) -> bool:
    """True for ``localhost`` and private, loopback or link-local IP literals."""
    return host.rstrip(".").lower() == LOCALHOST or address_kind(host) is not None


def matches_host(host: str, expected: str) -> bool:
    """True when ``host`` is ``expected`` or one of its subdomains."""
    host = host.rstrip(".").lower()
    expected = expected.rstrip(".").lower()
    return host == expected or host.endswith("." + expected)

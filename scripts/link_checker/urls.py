"""Classify URLs and hosts: malformed, reserved names, private and loopback addresses,
credentials and session parameters."""

from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import unquote, urldefrag, urlsplit

import yarl

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
SCHEMES = ("http", "https")
# Special-use top-level domains (RFC 2606, RFC 6761): no name under them ever
# resolves on the public internet, so a reader can never open such a link.
RESERVED_TLDS = frozenset({"invalid", "test", "example", "localhost"})
# The one name every machine maps onto itself; treated like a loopback address.
LOCALHOST = "localhost"
# Words for the special-purpose ranges (IANA's registries), used only to name
# the range in a reason. Whether an address is public is decided by the
# standard library (see ``non_global``), never by this table.
RANGE_NAMES: tuple[tuple[str, str], ...] = (
    ("0.0.0.0/32", "unspecified"),
    ("0.0.0.0/8", "this-network"),
    ("10.0.0.0/8", "private"),
    ("100.64.0.0/10", "shared (carrier-grade NAT)"),
    ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link-local"),
    ("172.16.0.0/12", "private"),
    ("192.0.0.0/24", "IETF protocol assignment"),
    ("192.0.2.0/24", "documentation"),
    ("192.168.0.0/16", "private"),
    ("198.18.0.0/15", "benchmarking"),
    ("198.51.100.0/24", "documentation"),
    ("203.0.113.0/24", "documentation"),
    ("224.0.0.0/4", "multicast"),
    ("255.255.255.255/32", "broadcast"),
    ("240.0.0.0/4", "reserved"),
    ("::/128", "unspecified"),
    ("::1/128", "loopback"),
    ("::/8", "reserved"),
    ("64:ff9b:1::/48", "local-use NAT64"),
    ("100::/64", "discard-only"),
    ("2001:db8::/32", "documentation"),
    ("2001::/23", "IETF protocol assignment"),
    ("3fff::/20", "documentation"),
    ("5f00::/16", "segment-routing"),
    ("fc00::/7", "unique local"),
    ("fe80::/10", "link-local"),
    ("fec0::/10", "site-local"),
    ("ff00::/8", "multicast"),
)
# IPv6 addresses that carry an IPv4 address lead to it: IPv4-mapped (::ffff:0:0/96),
# 6to4 (2002::/16) and NAT64's well-known prefix (RFC 6052).
NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")
_NAMED_NETWORKS = sorted(
    ((ipaddress.ip_network(text), kind) for text, kind in RANGE_NAMES),
    key=lambda entry: -entry[0].prefixlen,
)
MAX_URL_LENGTH = 16 * 1024
MAX_HOST_LENGTH = 253
MAX_LABEL_LENGTH = 63
BAD_HOST_CHARACTER = re.compile(r"[ \t\r\n<>\"'{}|\\^`%]")
# The userinfo of an address anywhere in a text: after "//", up to the last "@"
# before the authority ends (at "/", "?", "#", "\\" or a space), as browsers read it.
USERINFO = re.compile(r"//([^/?#\\\s]*)@")
HIDDEN = "***"
# A parameter's name: after "?", "&" or ";" and before "=".
PARAMETER_NAME = re.compile(r"[?&;]([^=?&;#]+)=")
# Query (or ;path) parameters that carry a session or a secret. A URL with one
# is never suggested as a link's new address: it is someone's session.
SESSION_PARAMETER = re.compile(
    r"""(?ix)
    (?: (?:[\w.]*[-_.])? | php | j | asp\w* | cf )
        sess(?:ion)? (?:[-_]?(?:id|key|token|state))?     # session, sessionid, PHPSESSID
    | sid | [\w.-]*token | auth | [\w.-]*auth[-_]?(?:key|code|token)
    | ticket | nonce | sig | signature | (?:api[-_]?)?key | x-amz-[\w-]+ | cfid | cftoken
    """
)


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
    if not url[len(parts.scheme) + 1 :].startswith("//"):
        return f"missing '//' after '{parts.scheme}:' (browsers would guess where it goes)"
    host = parts.hostname
    if not host:
        return "no host name"
    if port == 0:
        return "port 0 is not a valid port"
    if BAD_HOST_CHARACTER.search(parts.netloc.rpartition("@")[2]):
        return "invalid character in the host name"
    if ip_address(host) is None:
        problem = _host_name_problem(host)
        if problem:
            return problem
    try:
        web_url(url)
    except (ValueError, TypeError) as error:
        return _describe_value_error(error)
    return None


@functools.lru_cache(maxsize=1024)
def web_url(url: str) -> yarl.URL:
    """``url`` parsed for a request; cached, as its check asks for it again."""
    return yarl.URL(url)


def redirect_target(base: str, location: str) -> tuple[str | None, str | None]:
    """Where a ``Location`` header sent from ``base`` leads (fragment dropped), or why not.

    Returns ``(target, None)`` or ``(None, problem)``; never raises, whatever
    the server sent.
    """
    if len(location) > MAX_URL_LENGTH:
        return None, f"longer than {MAX_URL_LENGTH} characters"
    try:
        target = strip_fragment(str(yarl.URL(base).join(yarl.URL(location))))
    except (ValueError, TypeError) as error:  # UnicodeError is a ValueError
        return None, _describe_value_error(error)
    problem = malformed_reason(target)
    return (None, problem) if problem else (target, None)


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


@functools.lru_cache(maxsize=1024)
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


@functools.lru_cache(maxsize=4096)
def ip_address(host: str) -> IPAddress | None:
    """The address when ``host`` is an IP literal (IPv4-mapped IPv6 unwrapped), else None."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


@dataclass(frozen=True)
class NonGlobal:
    """Why an address is not globally routable: the kind of range, and the range."""

    kind: str
    network: str
    inner: str | None = None  # the IPv4 address an IPv6 address carries

    def describe(self, address: str) -> str:
        """``the loopback address 127.0.0.3 (127.0.0.0/8)``."""
        carries = f"{self.inner} in " if self.inner else ""
        return f"the {self.kind} address {address} ({carries}{self.network})"


def _range_name(ip: IPAddress) -> tuple[str, str]:
    """The kind and range of a non-global address, most specific range first."""
    for network, kind in _NAMED_NETWORKS:
        if network.version == ip.version and ip in network:
            return kind, str(network)
    return "non-global", "not globally routable"


def _is_public(ip: IPAddress) -> bool:
    # is_global is the standard library's judgement (IANA's "globally
    # reachable"); before Python 3.13 it still calls multicast and reserved
    # IPv6 space global, which no link may lead to either.
    if not ip.is_global or ip.is_multicast or ip.is_reserved:
        return False
    return not (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local)


@functools.lru_cache(maxsize=4096)
def non_global(address: str) -> NonGlobal | None:
    """Why ``address`` (an IP literal) is not globally routable; None when it is, or no IP."""
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return None
    inner = _carried_ipv4(ip)
    if inner is not None:
        if _is_public(inner):
            return None
        kind, network = _range_name(inner)
        return NonGlobal(kind, network, str(inner))
    if _is_public(ip):
        return None
    kind, network = _range_name(ip)
    return NonGlobal(kind, network)


def _carried_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv4-mapped, 6to4 or NAT64 address leads to."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in NAT64_PREFIX:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def redact_credentials(text: str) -> str:
    """``text`` with the password of every address in it shown as ``***``.

    ``https://user:secret@host/`` becomes ``https://user:***@host/``; a lone
    user name may be a token (``https://TOKEN@host/``), so it becomes ``***``.
    """
    if "@" not in text:
        return text
    return USERINFO.sub(_hide_userinfo, text)


def _hide_userinfo(match: re.Match[str]) -> str:
    user, colon, _ = match.group(1).partition(":")
    return f"//{user}:{HIDDEN}@" if colon else f"//{HIDDEN}@"


def has_credentials(url: str) -> bool:
    """True when ``url`` carries a user name or password before its host."""
    return USERINFO.search(url) is not None


def has_session_parameters(url: str) -> bool:
    """True when a query or path parameter of ``url`` looks like a session or a secret,
    also inside another parameter's value (``?next=/home%3Fsid%3D42``)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    text = f"&{parts.query};" + ";".join(parts.path.split(";")[1:])
    for _ in range(3):  # a value may be quoted once or twice over
        if any(SESSION_PARAMETER.fullmatch(name.strip()) for name in PARAMETER_NAME.findall(text)):
            return True
        text = unquote(text)
    return False


def is_reserved_name(host: str) -> bool:
    """True for a name under a special-use TLD such as ``.invalid`` or ``.test``."""
    if not host or ip_address(host) is not None:
        return False
    name = host.rstrip(".").lower()
    if name == LOCALHOST:
        return False  # the machine itself: a loopback host, see is_local_host
    return name.rpartition(".")[2] in RESERVED_TLDS


def is_local_host(host: str) -> bool:
    """True for ``localhost`` and IP literals that are not globally routable."""
    return host.rstrip(".").lower() == LOCALHOST or non_global(host) is not None


def matches_host(host: str, expected: str) -> bool:
    """True when ``host`` is ``expected`` or one of its subdomains."""
    host = host.rstrip(".").lower()
    expected = expected.rstrip(".").lower()
    return host == expected or host.endswith("." + expected)

"""Public means globally routable: every other kind of address is judged private.

A public host that redirects to an address that is not globally routable is
not followed (a link must never lead a checker, or a reader, into a private
network). The judgement comes from the standard library's ``is_global``; the
table of range names only words the reason.
"""

from __future__ import annotations

import ipaddress

import pytest
from link_checker import urls
from link_checker.models import Verdict
from link_checker.urls import is_local_host, non_global

ALPHA = "https://alpha.linkcheck"
# One address per class that is not globally routable, with the words and the
# range the reason must give.
NON_GLOBAL = [
    ("127.0.0.1", "loopback", "127.0.0.0/8"),
    ("127.255.0.9", "loopback", "127.0.0.0/8"),
    ("10.1.2.3", "private", "10.0.0.0/8"),
    ("172.16.0.1", "private", "172.16.0.0/12"),
    ("172.31.255.254", "private", "172.16.0.0/12"),
    ("192.168.0.1", "private", "192.168.0.0/16"),
    ("169.254.169.254", "link-local", "169.254.0.0/16"),
    ("100.100.100.200", "shared (carrier-grade NAT)", "100.64.0.0/10"),
    ("100.64.0.1", "shared (carrier-grade NAT)", "100.64.0.0/10"),
    ("198.18.0.1", "benchmarking", "198.18.0.0/15"),
    ("198.19.255.1", "benchmarking", "198.18.0.0/15"),
    ("240.0.0.1", "reserved", "240.0.0.0/4"),
    ("255.255.255.255", "broadcast", "255.255.255.255/32"),
    ("224.0.0.1", "multicast", "224.0.0.0/4"),
    ("239.255.255.250", "multicast", "224.0.0.0/4"),
    ("0.0.0.0", "unspecified", "0.0.0.0/32"),
    ("0.1.2.3", "this-network", "0.0.0.0/8"),
    ("192.0.0.1", "IETF protocol assignment", "192.0.0.0/24"),
    ("192.0.0.170", "IETF protocol assignment", "192.0.0.0/24"),
    ("192.0.2.1", "documentation", "192.0.2.0/24"),
    ("198.51.100.7", "documentation", "198.51.100.0/24"),
    ("203.0.113.9", "documentation", "203.0.113.0/24"),
    ("::1", "loopback", "::1/128"),
    ("::", "unspecified", "::/128"),
    ("fc00::1", "unique local", "fc00::/7"),
    ("fd12:3456::1", "unique local", "fc00::/7"),
    ("fe80::1", "link-local", "fe80::/10"),
    ("fec0::1", "site-local", "fec0::/10"),
    ("ff02::1", "multicast", "ff00::/8"),
    ("ff0e::1", "multicast", "ff00::/8"),
    ("2001:db8::1", "documentation", "2001:db8::/32"),
    ("100::1", "discard-only", "100::/64"),
    ("2001::1", "IETF protocol assignment", "2001::/23"),
    ("2001:2::1", "IETF protocol assignment", "2001::/23"),
    ("2001:10::1", "IETF protocol assignment", "2001::/23"),
    ("::7f00:1", "reserved", "::/8"),
    ("64:ff9b:1::1", "local-use NAT64", "64:ff9b:1::/48"),
]
# IPv6 addresses that lead to an IPv4 address: judged by the address inside.
CARRIERS = [
    ("::ffff:127.0.0.1", "loopback", "127.0.0.1 in 127.0.0.0/8"),
    ("::ffff:10.0.0.1", "private", "10.0.0.1 in 10.0.0.0/8"),
    ("::ffff:169.254.169.254", "link-local", "169.254.169.254 in 169.254.0.0/16"),
    ("::ffff:100.100.100.200", "shared (carrier-grade NAT)", "100.100.100.200 in 100.64.0.0/10"),
    ("2002:7f00:1::1", "loopback", "127.0.0.1 in 127.0.0.0/8"),
    ("2002:a9fe:a9fe::", "link-local", "169.254.169.254 in 169.254.0.0/16"),
    ("64:ff9b::a00:1", "private", "10.0.0.1 in 10.0.0.0/8"),
]
PUBLIC = ["8.8.8.8", "1.1.1.1", "93.184.215.14", "2606:4700::6810:85e5", "::ffff:8.8.8.8"]


@pytest.mark.parametrize(("address", "kind", "network"), NON_GLOBAL)
def test_every_non_global_class_is_private_and_named(address, kind, network):
    found = non_global(address)
    assert found is not None, address
    assert (found.kind, found.network) == (kind, network)
    assert found.describe(address) == f"the {kind} address {address} ({network})"
    assert is_local_host(address)


@pytest.mark.parametrize(("address", "kind", "inside"), CARRIERS)
def test_ipv6_forms_of_ipv4_addresses_are_judged_by_the_ipv4_inside(address, kind, inside):
    found = non_global(f"[{address}]")
    assert found is not None, address
    assert found.describe(address) == f"the {kind} address {address} ({inside})"


@pytest.mark.parametrize("address", PUBLIC)
def test_globally_routable_addresses_are_public(address):
    assert non_global(address) is None
    assert not is_local_host(address)


def test_names_are_not_addresses():
    assert non_global("example.com") is None
    assert non_global("") is None


def test_the_names_table_words_the_reason_but_does_not_decide(monkeypatch):
    monkeypatch.setattr(urls, "_NAMED_NETWORKS", [])
    non_global.cache_clear()
    try:
        for address, _, _ in NON_GLOBAL + CARRIERS:
            found = non_global(address)
            assert found is not None, address
            assert found.kind == "non-global"
        for address in PUBLIC:
            assert non_global(address) is None
    finally:
        non_global.cache_clear()


@pytest.mark.parametrize("version", [ipaddress.IPv4Address, ipaddress.IPv6Address])
def test_every_range_the_standard_library_lists_is_non_global(version):
    # The library's own table (a private attribute, so skipped if it moves):
    # its first, last and a middle address are all judged non-global.
    networks = getattr(getattr(version, "_constants", None), "_private_networks", None)
    if not networks:
        pytest.skip("this Python keeps its private networks elsewhere")
    for network in networks:
        if str(network) == "::ffff:0:0/96":
            continue  # IPv4-mapped: judged by the IPv4 address inside (see above)
        for address in (network[0], network[-1], network[network.num_addresses // 2]):
            assert non_global(str(address)) is not None, (network, address)


def test_every_named_range_is_non_global_by_the_standard_library():
    # Otherwise a name would promise a block that the judgement does not make
    # (3fff::/20 is global before Python 3.13, so it is named but not tested).
    for network, _ in urls._NAMED_NETWORKS:
        if str(network) != "3fff::/20":
            assert non_global(str(network.network_address)) is not None, network


def url_for(address: str, path: str = "/latest/meta-data/") -> str:
    address = ipaddress.ip_address(address).compressed  # as the URL parser writes it
    literal = f"[{address}]" if ":" in address else address
    return f"http://{literal}{path}"


def test_a_public_host_redirecting_into_each_class_is_broken(check):
    # Safe even when the rule is broken: the loopback guard refuses the connection.
    cases = [entry for entry in NON_GLOBAL if entry[0] != "127.0.0.1"] + CARRIERS
    report = check(*(f"{ALPHA}/redirect/302?to={url_for(address)}" for address, _, _ in cases))
    for (address, kind, network), result in zip(cases, report.results, strict=True):
        target = url_for(address)
        shown = ipaddress.ip_address(address).compressed
        assert (result.verdict, result.final_url) == (Verdict.BROKEN, target), address
        assert result.reason == (
            f"redirect (302) from public host alpha.linkcheck to {target}, "
            f"into the {kind} address {shown} ({network}), "
            "which is not globally routable; not followed"
        )


def test_a_link_to_each_class_is_skipped_not_fetched(check):
    # A page's own link to a local address is no failure of the page: it is not fetched.
    cases = NON_GLOBAL + CARRIERS
    report = check(*(url_for(address) for address, _, _ in cases))
    for (address, kind, network), result in zip(cases, report.results, strict=True):
        shown = ipaddress.ip_address(address).compressed
        assert result.verdict is Verdict.SKIPPED, address
        assert result.reason == (
            f"local address, not checked: the {kind} address {shown} ({network})"
        )
    assert report.exit_code == 0

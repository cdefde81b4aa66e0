"""Telling "no network" from "dead domain": the canary probe."""

from __future__ import annotations

import asyncio

from link_checker.network import NetworkProbe
from link_checker.overrides import Override
from link_checker.resolver import OverrideResolver
from link_standin import CANARY, HOSTS, closed_port


def probe(standin, overrides, canaries=(CANARY,)):
    resolver = OverrideResolver(overrides)
    return asyncio.run(NetworkProbe(resolver, canaries, 443, 1.0).status())


def test_a_canary_that_resolves_and_connects_means_a_network(standin):
    status = probe(standin, standin.overrides())
    assert status.available
    assert status.detail == f"canary {CANARY} is reachable"


def test_canaries_that_do_not_resolve_mean_no_network(standin):
    status = probe(standin, standin.overrides(canary=False))
    assert not status.available
    assert status.detail == f"no canary is reachable ({CANARY}: does not resolve)"


def test_a_canary_that_resolves_but_refuses_means_no_network(standin):
    address = HOSTS[CANARY]
    overrides = (Override(CANARY, None, address, closed_port(address)),)
    status = probe(standin, overrides)
    assert not status.available
    assert "no connection" in status.detail


def test_one_reachable_canary_is_enough(standin):
    status = probe(standin, standin.overrides(), canaries=("down.linkcheck", CANARY))
    assert status.available


def test_the_network_is_not_probed_when_no_link_needs_it(check, standin):
    report = check("https://alpha.linkcheck/ok", canary=False)
    assert report.network == "not checked"

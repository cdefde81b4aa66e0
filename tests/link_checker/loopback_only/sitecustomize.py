"""Python imports this at start-up when this folder is on PYTHONPATH: the child
processes of the link checker's tests start with the loopback guard on."""

import loopback_guard

loopback_guard.turn(True)

"""Which host names and addresses are this machine only (loopback): the server refuses any other bind
without an explicit flag, and the MCP endpoint accepts loopback hosts by default."""

from __future__ import annotations

import ipaddress

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

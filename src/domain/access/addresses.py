"""The client's address behind trusted proxies: X-Forwarded-For is believed only as far as trusted proxies wrote it."""

from __future__ import annotations

from collections.abc import Sequence

from .model import Network, parse_address


def trusted(raw: str | None, proxies: Sequence[Network]) -> bool:
    address = parse_address(raw)
    return address is not None and any(address in n for n in proxies)


def client_address(peer: str | None, forwarded_for: str, proxies: Sequence[Network]) -> str | None:
    """When the direct peer is a trusted proxy, the right-most X-Forwarded-For entry that is not a trusted proxy
    (each proxy appends the address it saw, so entries left of that one were written by the client and may be
    forged); the left-most entry when every one is trusted. Otherwise the peer itself, whatever the header says.
    An entry that is not an address ends the walk: what lies left of it cannot be trusted either."""
    if not proxies or not trusted(peer, proxies):
        return peer
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    candidate = peer
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            return candidate
        candidate = str(address)
        if not trusted(candidate, proxies):
            return candidate
    return candidate

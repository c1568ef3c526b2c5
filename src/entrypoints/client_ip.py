"""The client's address, the one way every part of the product reads it (the audit trail, login protection,
sessions, the staff network gate): X-Forwarded-For is believed only through TRUSTED_PROXIES."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from domain.access.addresses import client_address
from domain.access.model import Network, NetworkPolicy, parse_networks

_proxies: tuple[tuple[str, ...], tuple[Network, ...]] | None = None


def trusted_proxies() -> tuple[Network, ...]:
    """TRUSTED_PROXIES parsed, once per value (a test may override the setting)."""
    global _proxies
    raw = tuple(settings.TRUSTED_PROXIES)
    if _proxies is None or _proxies[0] != raw:
        _proxies = (raw, parse_networks(raw, "TRUSTED_PROXIES"))
    return _proxies[1]


def client_ip(request: HttpRequest) -> str | None:
    """The peer's address (REMOTE_ADDR), or, when the peer is a trusted proxy, the right-most X-Forwarded-For entry
    no trusted proxy holds. A spoofed header from anyone else changes nothing."""
    peer = request.META.get("REMOTE_ADDR")
    return client_address(peer, request.headers.get("X-Forwarded-For", ""), trusted_proxies())


def validate_access_settings(proxies: Sequence[str], overall: Sequence[str], by_role: Mapping[str, Any]) -> None:
    """At start-up: a typo in an allowlist must stop the process, not open (or close) the door silently."""
    try:
        parse_networks(proxies, "TRUSTED_PROXIES")
        if not isinstance(by_role, Mapping):
            raise ValueError("STAFF_ALLOWED_NETWORKS_BY_ROLE must be a JSON object of role -> list of CIDR blocks")
        NetworkPolicy.parse(overall, by_role)
    except ValueError as exc:
        raise ImproperlyConfigured(f"Access limits: {exc}") from None

"""Event-stream channel names, and which permission reads each. One module names them all."""

from __future__ import annotations

import re

from .permissions import Permission

USERS = "users"
AUDIT = "audit"
TICKETS = "tickets"
SECURITY = "security"
MONITORING = "monitoring"
BULK = "bulk"
PRIVACY = "privacy"
_USER = re.compile(r"^user-(\d+)$")
_TICKET = re.compile(r"^ticket-(\d+)$")
_BULK = re.compile(r"^bulk-(\d+)$")


def user_channel(user_id: int) -> str:
    return f"user-{user_id}"


def ticket_channel(ticket_id: int) -> str:
    return f"ticket-{ticket_id}"


def bulk_channel(operation_id: int) -> str:
    return f"bulk-{operation_id}"


def permission_for_channel(channel: str) -> Permission | None:
    """The permission needed to read `channel`, or None when no such channel exists."""
    if channel == USERS or _USER.match(channel):
        return Permission.PROFILES_READ
    if channel == AUDIT:
        return Permission.AUDIT_READ
    if channel == TICKETS or _TICKET.match(channel):
        return Permission.TICKETS_READ
    if channel == SECURITY:
        return Permission.SECURITY_READ
    if channel == MONITORING:
        return Permission.MONITORING_READ
    if channel == BULK or _BULK.match(channel):
        return Permission.BULK_RUN  # whoever may run bulk operations sees every operation's progress
    if channel == PRIVACY:
        return Permission.PRIVACY_REQUEST  # privacy requests' stages, for the staff who handle them
    return None

"""The security events staff administration raises besides the role-change rule's (which RoleWatch raises)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from domain.shared.principal import Principal
from domain.shared.security_events import NewSecurityEvent, Severity

_EVENTS = {
    "staff_deactivated": ("admin_deactivated_staff", "An admin deactivated this staff account."),
    "staff_reactivated": ("admin_reactivated_staff", "An admin reactivated this staff account."),
    "sessions_ended": ("admin_ended_sessions", "An admin ended this person's sessions."),
}


def staff_event(
    kind: str, actor: Principal, user_id: int, at: datetime, details: Mapping[str, object]
) -> NewSecurityEvent:
    """Medium: a change of someone's access by an admin, reviewed with the admin named (`by`)."""
    rule, description = _EVENTS[kind]
    facts = {"by": actor.real_user_id, **details}
    return NewSecurityEvent(
        kind, Severity.MEDIUM, rule, at, user_id, description, facts, actor.meta.ip, actor.meta.user_agent
    )

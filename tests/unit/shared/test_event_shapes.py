"""Every event type's JSON is pinned here: a change of shape fails until this file says what clients now get.

A new event class is found through `EVENT_TYPES` (every `domain.<module>.events`), and fails the first test
until it has an example and its expected JSON below."""

from __future__ import annotations

import importlib
import json
import pkgutil
from datetime import UTC, datetime
from typing import Any

import pytest

import domain
from domain.accounts.events import AccountCreated, AccountStatusChanged
from domain.accounts.model import AccountStatus
from domain.audit.events import AuditRecorded
from domain.bulk.events import BulkProgress
from domain.bulk.model import OperationStatus, OperationType
from domain.impersonation.events import (
    ImpersonationEnded,
    ImpersonationRejected,
    ImpersonationRequested,
    ImpersonationStarted,
)
from domain.impersonation.model import EndReason, ImpersonationScope, ImpersonationStatus
from domain.monitoring.events import AlertRaised, ErrorGroupChanged, MonitoringPulse, SessionPulse
from domain.monitoring.model import AlertRule, AlertSeverity, GroupStatus
from domain.privacy.events import ConsentChanged, PrivacyRequestChanged
from domain.privacy.model import ConsentSource, RequestKind, Stage
from domain.security.events import SecurityEventRaised, SecurityEventResolved
from domain.security.model import Severity
from domain.shared.events import EVENT_TYPES, Event
from domain.tickets.events import (
    PostedUpdate,
    Presence,
    SlaWarning,
    TicketCreated,
    TicketEscalated,
    TicketRated,
    TicketUpdated,
    UpdateAdded,
)
from domain.tickets.sla import Priority, WindowKind
from domain.tickets.status import TicketStatus, UpdateType

AT = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
DUE = datetime(2026, 3, 1, 13, 30, tzinfo=UTC)
TICKET = (42, "SUP-000042", TicketStatus.IN_PROGRESS, Priority.HIGH, 3, "technical", 5, DUE)
TICKET_JSON = {
    "id": 42,
    "ticket_id": "SUP-000042",
    "status": "in_progress",
    "priority": "high",
    "assigned_to": 3,
    "team": "technical",
    "version": 5,
    "sla_next_due": "2026-03-01T13:30:00+00:00",
}
BOTH = ["tickets", "ticket-42"]
IMPERSONATION_JSON = {
    "id": 5,
    "impersonator_id": 2,
    "target_id": 7,
    "scope": "read",
    "status": "active",
    "at": "2026-03-01T09:30:00+00:00",
}

# type -> (an example, the channels it goes to, the JSON clients receive)
PINNED: dict[str, tuple[Event, list[str], dict[str, Any]]] = {
    "account.created": (
        AccountCreated(7, AccountStatus.PENDING),
        ["users"],
        {"user_id": 7, "account_status": "pending"},
    ),
    "account.status_changed": (
        AccountStatusChanged(7, AccountStatus.ACTIVE, AccountStatus.SUSPENDED, "chargeback", 2, AT),
        ["users", "user-7"],
        {
            "user_id": 7,
            "from_status": "active",
            "to_status": "suspended",
            "reason": "chargeback",
            "actor_id": 2,
            "at": "2026-03-01T09:30:00+00:00",
        },
    ),
    "audit.recorded": (
        AuditRecorded(41, "profile.read", 2, "user", "7", AT, 9),
        ["audit"],
        {
            "seq": 41,
            "action": "profile.read",
            "actor_id": 2,
            "target_type": "user",
            "target_id": "7",
            "at": "2026-03-01T09:30:00+00:00",
            "on_behalf_of": 9,
        },
    ),
    "impersonation.requested": (
        ImpersonationRequested(5, 2, 7, ImpersonationScope.WRITE, ("write_scope",), AT),
        ["security"],
        {
            "id": 5,
            "impersonator_id": 2,
            "target_id": 7,
            "scope": "write",
            "approval_reasons": ["write_scope"],
            "approval_expires_at": "2026-03-01T09:30:00+00:00",
        },
    ),
    "impersonation.started": (
        ImpersonationStarted(5, 2, 7, ImpersonationScope.READ, ImpersonationStatus.ACTIVE, AT, 3, DUE),
        ["security", "user-7"],
        {**IMPERSONATION_JSON, "approved_by": 3, "expires_at": "2026-03-01T13:30:00+00:00"},
    ),
    "impersonation.rejected": (
        ImpersonationRejected(5, 2, 7, ImpersonationScope.READ, ImpersonationStatus.REJECTED, AT, 3),
        ["security"],
        {**IMPERSONATION_JSON, "status": "rejected", "rejected_by": 3},
    ),
    "impersonation.ended": (
        ImpersonationEnded(
            5, 2, 7, ImpersonationScope.READ, ImpersonationStatus.EXPIRED, AT, None, EndReason.TIME_LIMIT
        ),
        ["security", "user-7"],
        {**IMPERSONATION_JSON, "status": "expired", "ended_by": None, "end_reason": "time_limit"},
    ),
    "security.event_raised": (
        SecurityEventRaised(
            12, "credential_stuffing", Severity.HIGH, "credential_stuffing_by_ip", None, "203.0.113.9", AT
        ),
        ["security"],
        {
            "id": 12,
            "event_type": "credential_stuffing",
            "severity": "high",
            "rule": "credential_stuffing_by_ip",
            "user_id": None,
            "ip": "203.0.113.9",
            "timestamp": "2026-03-01T09:30:00+00:00",
        },
    ),
    "security.event_resolved": (
        SecurityEventResolved(12, 7, 2, AT),
        ["security"],
        {"id": 12, "user_id": 7, "resolved_by": 2, "resolved_at": "2026-03-01T09:30:00+00:00"},
    ),
    "bulk.progress": (
        BulkProgress(9, OperationType.IMPORT_USERS, OperationStatus.IN_PROGRESS, 40.0, 1000, 400, 390, 6, 4, False, AT),
        ["bulk", "bulk-9"],
        {
            "operation_id": 9,
            "operation_type": "import_users",
            "status": "in_progress",
            "progress": 40.0,
            "total_items": 1000,
            "processed": 400,
            "success_count": 390,
            "error_count": 6,
            "skipped_count": 4,
            "dry_run": False,
            "at": "2026-03-01T09:30:00+00:00",
        },
    ),
    "consent.changed": (
        ConsentChanged(7, "marketing", False, "2", ConsentSource.LEARNER, AT),
        ["users", "user-7"],
        {
            "user_id": 7,
            "consent_type": "marketing",
            "granted": False,
            "version": "2",
            "source": "learner",
            "at": "2026-03-01T09:30:00+00:00",
        },
    ),
    "privacy.request_changed": (
        PrivacyRequestChanged(3, RequestKind.ERASURE, 7, Stage.COOLING_OFF, AT),
        ["privacy"],
        {"id": 3, "kind": "erasure", "user_id": 7, "stage": "cooling_off", "at": "2026-03-01T09:30:00+00:00"},
    ),
    "ticket.created": (TicketCreated(*TICKET), BOTH, TICKET_JSON),
    "ticket.updated": (
        TicketUpdated(*TICKET, ("priority", "status")),
        BOTH,
        {**TICKET_JSON, "changes": ["priority", "status"]},
    ),
    "ticket.escalated": (TicketEscalated(*TICKET, 2), BOTH, {**TICKET_JSON, "level": 2}),
    "ticket.rated": (TicketRated(*TICKET, 4), BOTH, {**TICKET_JSON, "rating": 4}),
    "ticket.update_added": (
        UpdateAdded(42, "SUP-000042", 5, PostedUpdate(77, UpdateType.INTERNAL_NOTE, "Known bug", True, 3, AT)),
        ["ticket-42"],
        {
            "id": 42,
            "ticket_id": "SUP-000042",
            "version": 5,
            "update": {
                "id": 77,
                "update_type": "internal_note",
                "content": "Known bug",
                "is_internal": True,
                "created_by": 3,
                "created_at": "2026-03-01T09:30:00+00:00",
            },
        },
    ),
    "ticket.sla_warning": (
        SlaWarning(42, "SUP-000042", WindowKind.FIRST_RESPONSE, DUE),
        BOTH,
        {"id": 42, "ticket_id": "SUP-000042", "window": "first_response", "due": "2026-03-01T13:30:00+00:00"},
    ),
    "ticket.presence": (
        Presence(42, 3, "alex", AT, 30, True),
        BOTH,
        {
            "ticket": 42,
            "agent_id": 3,
            "username": "alex",
            "at": "2026-03-01T09:30:00+00:00",
            "ttl_seconds": 30,
            "typing": True,
        },
    ),
    "monitoring.pulse": (
        MonitoringPulse(AT, 12, (SessionPulse(9, 7, True, "https://x/courses", "Courses", "Firefox", 2, 80),), False),
        ["monitoring"],
        {
            "at": "2026-03-01T09:30:00+00:00",
            "online": 12,
            "changed": [
                {
                    "id": 9,
                    "user_id": 7,
                    "online": True,
                    "url": "https://x/courses",
                    "title": "Courses",
                    "browser": "Firefox",
                    "errors": 2,
                    "health": 80,
                }
            ],
            "more": False,
        },
    ),
    "monitoring.group_changed": (
        ErrorGroupChanged(5, GroupStatus.RESOLVED, 3, 42, None, 3),
        ["monitoring"],
        {"id": 5, "status": "resolved", "assignee_id": 3, "ticket_id": 42, "merged_into": None, "by": 3},
    ),
    "monitoring.alert": (
        AlertRaised(8, AlertRule.SPIKE, "group:5", AlertSeverity.WARNING, "40 events", AT, None, 2, AT),
        ["monitoring"],
        {
            "id": 8,
            "rule": "spike",
            "subject": "group:5",
            "severity": "warning",
            "message": "40 events",
            "created_at": "2026-03-01T09:30:00+00:00",
            "ticket_id": None,
            "occurrences": 2,
            "last_seen_at": "2026-03-01T09:30:00+00:00",
        },
    ),
}


def _load_every_events_module() -> None:
    for module in pkgutil.iter_modules(domain.__path__):
        try:
            importlib.import_module(f"domain.{module.name}.events")
        except ModuleNotFoundError as exc:
            if exc.name != f"domain.{module.name}.events":
                raise


def test_every_event_type_is_pinned() -> None:
    _load_every_events_module()
    assert sorted(EVENT_TYPES) == sorted(PINNED), "add the new event type's example and JSON to PINNED"


@pytest.mark.parametrize("event_type", sorted(PINNED))
def test_the_wire_shape_of(event_type: str) -> None:
    example, channels, data = PINNED[event_type]
    wire = example.wire()
    assert wire.type == event_type == type(example).TYPE
    assert list(wire.channels) == channels
    assert json.loads(json.dumps(wire.data, allow_nan=False)) == data
    assert list(wire.data) == list(data), "keys keep their order on the wire"

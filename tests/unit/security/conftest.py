from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from adapters.memory.accounts import Person
from domain.security.model import NewSecurityEvent, Severity
from domain.shared.permissions import Role
from domain.shared.principal import Principal
from entrypoints.harness import TestContainer

SUPPORT_ADMIN = Principal(1, "sadmin", frozenset({Role.SUPPORT_ADMIN}))
COMPLIANCE = Principal(3, "compliance", frozenset({Role.COMPLIANCE_OFFICER}))
AGENT = Principal(4, "agent", frozenset({Role.SUPPORT_AGENT}))


@pytest.fixture
def staff(harness: TestContainer) -> dict[str, int]:
    """Staff identities with e-mail addresses (alert recipients are support_admins and platform_admins)."""
    d = harness.directory
    return {
        "sadmin": d.add("sadmin", "pw-sadmin-long", frozenset({Role.SUPPORT_ADMIN}), email="sadmin@example.com").id,
        "padmin": d.add("padmin", "pw-padmin-long", frozenset({Role.PLATFORM_ADMIN}), email="padmin@example.com").id,
        "compliance": d.add("compliance", "pw-compl-long", frozenset({Role.COMPLIANCE_OFFICER}), email="c@x.org").id,
        "agent": d.add("agent", "pw-agent-long", frozenset({Role.SUPPORT_AGENT}), email="agent@example.com").id,
        "quiet": d.add("quiet", "pw-quiet-long", frozenset({Role.SUPPORT_ADMIN}), is_active=False, email="q@x.org").id,
    }


@pytest.fixture
def lea(harness: TestContainer) -> int:
    return harness.people.add(Person("lea", "lea@example.com")).user_id


def new_event(
    at: datetime, user_id: int | None = 7, severity: Severity = Severity.HIGH, rule: str = "test_rule", **kw: Any
) -> NewSecurityEvent:
    base: dict[str, Any] = {
        "event_type": "suspicious_login",
        "description": "odd",
        "facts": {"n": 1},
        "ip": "192.0.2.7",
    }
    base.update(kw)
    return NewSecurityEvent(severity=severity, rule=rule, timestamp=at, user_id=user_id, **base)


def raise_(harness: TestContainer, *events: NewSecurityEvent) -> list[int]:
    with harness.uow:
        stored = harness.security.raise_events(list(events))
        harness.uow.commit()
    return [e.id for e in stored]

"""`security.*` activity pushed by platform services lands in the security store, alerts like any other event, and
shows on the person's profile."""

from __future__ import annotations

from datetime import timedelta

from domain.shared.permissions import Role
from domain.shared.principal import Principal
from entrypoints.harness import TestContainer

from .conftest import SUPPORT_ADMIN

SERVICE = Principal(9, "lms", frozenset({Role.SERVICE}))


def test_reported_security_activity_becomes_security_events(
    harness: TestContainer, lea: int, staff: dict[str, int]
) -> None:
    ts = (harness.clock.now() - timedelta(hours=1)).isoformat()
    item = {
        "kind": "activity",
        "user_id": lea,
        "timestamp": ts,
        "ip_address": "192.0.2.9",
        "user_agent": "LearnApp/4.2",
    }
    result = harness.ingestion.ingest(
        SERVICE,
        [
            {**item, "activity_type": "security.mfa_disabled", "activity_data": {"device": "phone", "otp": "123456"}},
            {**item, "activity_type": "security.login_failed"},
            {**item, "activity_type": "login"},
        ],
    )
    assert result.accepted == 3
    high, low = harness.security_events.events
    assert (high.event_type, high.severity, high.rule, high.user_id, high.ip) == (
        "mfa_disabled",
        "high",
        "reported_by_platform",
        lea,
        "192.0.2.9",
    )
    assert high.facts == {"device": "phone", "otp": "[redacted]"}  # secrets never stored
    assert (low.event_type, low.severity, low.description) == ("login_failed", "low", "login failed")
    assert sorted(n.to for n in harness.notifier.sent) == ["padmin@example.com", "sadmin@example.com"]
    assert "123456" not in harness.notifier.sent[0].body
    detail = harness.accounts.detail(SUPPORT_ADMIN, lea)
    assert [(s.event_type, s.severity) for s in detail.security_events] == [
        ("login_failed", "low"),
        ("mfa_disabled", "high"),
    ]

from datetime import timedelta

import pytest

from domain.audit.model import AuditFilter
from domain.shared.errors import PermissionDenied
from domain.shared.pagination import PageRequest
from domain.shared.permissions import Permission, Role
from domain.shared.principal import Principal, RequestMeta
from entrypoints.harness import TestContainer

OFFICER = Principal(7, "olivia", frozenset({Role.COMPLIANCE_OFFICER}))
AGENT = Principal(8, "alex", frozenset({Role.SUPPORT_AGENT}), meta=RequestMeta("10.0.0.1", "curl/8", "req-1"))


def test_secrets_never_reach_details(harness: TestContainer) -> None:
    entry = harness.audit.record(
        AGENT,
        "staff.create",
        "user",
        1,
        {"username": "bob", "password": "hunter2hunter2", "nested": {"api_token": "x"}},
    )
    assert entry.record.details == {"username": "bob", "password": "[redacted]", "nested": {"api_token": "[redacted]"}}


def test_search_requires_audit_read_and_filters(harness: TestContainer) -> None:
    harness.audit.record(AGENT, "profile.read", "user", 1)
    harness.clock.advance(hours=1)
    harness.audit.record(OFFICER, "profile.update", "user", 2)
    with pytest.raises(PermissionDenied):
        harness.audit.search(AGENT, AuditFilter(), PageRequest())
    page = harness.audit.search(OFFICER, AuditFilter(actor_id=AGENT.user_id), PageRequest())
    assert [e.record.action for e in page.items] == ["profile.read"]
    since = harness.clock.now() - timedelta(minutes=1)
    assert [
        e.record.target_id for e in harness.audit.search(OFFICER, AuditFilter(since=since), PageRequest()).items
    ] == ["2"]


def test_search_pages_newest_first(harness: TestContainer) -> None:
    for i in range(5):
        harness.audit.record(AGENT, "profile.read", "user", i)
    first = harness.audit.search(OFFICER, AuditFilter(), PageRequest(limit=3))
    assert [e.seq for e in first.items] == [5, 4, 3]
    second = harness.audit.search(OFFICER, AuditFilter(), PageRequest(limit=3, cursor=first.next_cursor))
    assert [e.seq for e in second.items] == [2, 1] and second.next_cursor is None


def test_recorded_entries_are_announced_on_the_audit_channel_after_commit(harness: TestContainer) -> None:
    with harness.uow:
        harness.audit.record(AGENT, "profile.read", "user", 5, {"why": "ticket"})
        assert harness.publisher.published == []
        harness.uow.commit()
    (event,) = harness.publisher.on("audit")
    assert event.type == "audit.recorded" and event.data["target_id"] == "5"
    assert "details" not in event.data


def test_rolled_back_work_announces_nothing(harness: TestContainer) -> None:
    with pytest.raises(RuntimeError), harness.uow:
        harness.audit.record(AGENT, "profile.read", "user", 5)
        raise RuntimeError("boom")
    with harness.uow:
        harness.audit.record(AGENT, "profile.read", "user", 6)  # no commit
    assert harness.publisher.published == []


def test_a_refusal_is_recorded_and_survives_the_error(harness: TestContainer) -> None:
    with pytest.raises(PermissionDenied):
        harness.audit.require(OFFICER, Permission.PROFILES_UPDATE, "user", 42)
    (entry,) = harness.audit_log.entries
    assert (entry.record.action, entry.record.target_id, dict(entry.record.details)) == (
        "access.denied",
        "42",
        {"permission": "profiles.update"},
    )
    harness.audit.require(OFFICER, Permission.PROFILES_READ, "user", 42)  # allowed: nothing recorded
    assert len(harness.audit_log.entries) == 1

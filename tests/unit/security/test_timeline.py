"""A person's security timeline: their security events and every audit entry about them, merged newest first,
paged without loss or repetition, and audited as a read of that person's data."""

from __future__ import annotations

import pytest

from adapters.memory.accounts import Person
from domain.accounts.model import AccountStatus
from domain.accounts.service import ProfileUpdate
from domain.security.model import EventFilter, Severity
from domain.security.timeline import TimelineKind, TimelineSource
from domain.shared.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from domain.shared.pagination import PageRequest
from domain.shared.permissions import Role
from domain.shared.principal import Principal, RequestMeta
from entrypoints.harness import TestContainer

from .conftest import AGENT, COMPLIANCE, SUPPORT_ADMIN, new_event, raise_

AGENT_ACTOR = Principal(4, "agent", frozenset({Role.SUPPORT_AGENT}))


@pytest.fixture
def bob(harness: TestContainer) -> int:
    """A person with a login and a profile, with a history: failed and good logins, a staff member reading their
    profile and suspending them, and two security events."""
    identity = harness.directory.add("bob", "bob's long password")
    harness.people.add(Person("bob", "bob@example.com"), user_id=identity.id)
    tick = lambda: harness.clock.advance(minutes=1)  # noqa: E731
    with pytest.raises(NotAuthenticated):
        harness.auth.login("bob", "wrong", RequestMeta(ip="192.0.2.5"))
    tick()
    harness.auth.login("bob", "bob's long password", RequestMeta(ip="192.0.2.5"))
    tick()
    raise_(harness, new_event(harness.clock.now(), user_id=identity.id, severity=Severity.MEDIUM))
    tick()
    harness.accounts.detail(AGENT_ACTOR, identity.id)
    tick()
    change = ProfileUpdate(account_status=AccountStatus.SUSPENDED, status_reason="chargeback")
    harness.accounts.update(SUPPORT_ADMIN, identity.id, change)
    tick()
    raise_(harness, new_event(harness.clock.now(), user_id=identity.id, event_type="new_device", severity=Severity.LOW))
    raise_(harness, new_event(harness.clock.now(), user_id=identity.id + 1))  # someone else's
    tick()
    return identity.id


def test_one_timeline_of_events_logins_status_changes_and_staff_access(harness: TestContainer, bob: int) -> None:
    page = harness.security.user_audit(COMPLIANCE, bob, PageRequest())
    assert [(t.kind, t.action) for t in page.items] == [
        (TimelineKind.SECURITY_EVENT, "new_device"),
        (TimelineKind.STATUS_CHANGE, "profile.update"),
        (TimelineKind.STAFF_ACCESS, "profile.read"),
        (TimelineKind.SECURITY_EVENT, "suspicious_login"),
        (TimelineKind.LOGIN, "auth.login"),
        (TimelineKind.LOGIN_FAILED, "auth.login_failed"),
    ]
    assert page.next_cursor is None
    status, access, event = page.items[1], page.items[2], page.items[3]
    assert (status.actor_id, status.details["to"], status.source) == (1, "suspended", TimelineSource.AUDIT)
    assert access.actor_id == 4
    assert (event.source, event.severity, event.details["rule"]) == (
        TimelineSource.SECURITY_EVENT,
        "medium",
        "test_rule",
    )
    assert page.items[-1].ip == "192.0.2.5"
    read = harness.audit_log.entries[-1].record
    assert (read.action, read.actor_id, read.target_type, read.target_id) == (
        "security.user_audit_read",
        3,
        "user",
        str(bob),
    )
    again = harness.security.user_audit(SUPPORT_ADMIN, bob, PageRequest())
    assert (again.items[0].kind, again.items[0].actor_id) == (TimelineKind.STAFF_ACCESS, 3)  # the read itself shows


def test_pages_cover_the_timeline_without_loss_or_repetition(harness: TestContainer, bob: int) -> None:
    for i in range(7):  # interleave more of both sources, with ties in time
        raise_(harness, new_event(harness.clock.now(), user_id=bob, event_type=f"e{i}", severity=Severity.LOW))
        harness.accounts.detail(AGENT_ACTOR, bob)
        if i % 2:
            harness.clock.advance(seconds=30)
    harness.clock.advance(minutes=1)  # the walk's own (audited) reads come after everything it walks
    walked, cursor, pages = [], None, 0
    while True:
        page = harness.security.user_audit(COMPLIANCE, bob, PageRequest(limit=3, cursor=cursor))
        walked += [(t.source, t.source_id) for t in page.items]
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    whole = harness.security.user_audit(COMPLIANCE, bob, PageRequest(limit=200)).items
    assert len(walked) == len(set(walked)) == 6 + 14
    assert walked == [(t.source, t.source_id) for t in whole[pages:]]  # the walk's own reads are newer
    times = [t.at for t in whole]
    assert times == sorted(times, reverse=True)


def test_the_timeline_needs_the_permission_a_person_and_a_cursor_of_its_own(harness: TestContainer, bob: int) -> None:
    with pytest.raises(PermissionDenied):
        harness.security.user_audit(AGENT, bob, PageRequest())
    assert harness.audit_log.entries[-1].record.action == "access.denied"
    with pytest.raises(NotFound) as missing:
        harness.security.user_audit(COMPLIANCE, 424242, PageRequest())
    assert missing.value.code == "user_not_found"
    other = harness.security.search(COMPLIANCE, EventFilter(), PageRequest(limit=1))
    with pytest.raises(InvalidInput) as bad:
        harness.security.user_audit(COMPLIANCE, bob, PageRequest(cursor=other.next_cursor))
    assert bad.value.code == "invalid_cursor"
    assert harness.security.user_audit(COMPLIANCE, bob, PageRequest(limit=1)).next_cursor is not None

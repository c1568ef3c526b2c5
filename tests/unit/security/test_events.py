"""Security events on the harness: stored, published on the `security` channel, high and critical ones e-mailed at
most once per rule and subject every 30 minutes; listed and resolved by security staff, each read audited."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.security.model import EventFilter, Severity
from domain.security.service import SecurityEvents
from domain.shared.errors import Conflict, NotFound, PermissionDenied, Unprocessable
from domain.shared.pagination import PageRequest
from entrypoints.harness import TestContainer

from .conftest import AGENT, COMPLIANCE, SUPPORT_ADMIN, new_event, raise_


def test_a_raised_event_is_stored_and_published_on_the_security_channel(harness: TestContainer) -> None:
    (event_id,) = raise_(harness, new_event(harness.clock.now(), severity=Severity.MEDIUM))
    (stored,) = harness.security_events.events
    assert (stored.id, stored.event_type, stored.rule, stored.user_id, stored.resolved) == (
        event_id,
        "suspicious_login",
        "test_rule",
        7,
        False,
    )
    (published,) = harness.publisher.on("security")
    assert published.type == "security.event_raised" and published.data["id"] == event_id
    assert "facts" not in published.data  # the stream says what happened; the facts stay in the store
    assert harness.notifier.sent == []  # medium: no e-mail


def test_nothing_leaves_a_unit_of_work_that_is_not_committed(harness: TestContainer, staff: dict[str, int]) -> None:
    with harness.uow:
        harness.security.raise_event(new_event(harness.clock.now()))
    assert harness.security_events.events == [] and harness.publisher.published == [] and harness.notifier.sent == []
    raise_(harness, new_event(harness.clock.now()))  # the claim of the rolled-back alert went with it
    assert len(harness.notifier.sent) == 2


def test_high_and_critical_events_alert_every_support_and_platform_admin(
    harness: TestContainer, staff: dict[str, int]
) -> None:
    raise_(harness, new_event(harness.clock.now(), severity=Severity.CRITICAL))
    assert sorted(n.to for n in harness.notifier.sent) == ["padmin@example.com", "sadmin@example.com"]
    note = harness.notifier.sent[0]
    assert note.subject == "[security] critical: suspicious_login (user 7)"
    assert "Rule:     test_rule" in note.body and "PATCH /api/security/events/1/" in note.body
    assert "docs/security.md" in note.body


@pytest.mark.parametrize("severity", [Severity.LOW, Severity.MEDIUM])
def test_low_and_medium_events_are_not_emailed(
    harness: TestContainer, staff: dict[str, int], severity: Severity
) -> None:
    raise_(harness, new_event(harness.clock.now(), severity=severity))
    assert harness.notifier.sent == []


def test_alerts_are_deduplicated_per_rule_and_subject_for_30_minutes(
    harness: TestContainer, staff: dict[str, int]
) -> None:
    def alerts() -> int:
        return len(harness.notifier.sent) // 2  # two recipients each

    now = harness.clock.now
    raise_(harness, new_event(now()))
    raise_(harness, new_event(now(), severity=Severity.CRITICAL))  # same rule, same person
    assert alerts() == 1
    raise_(harness, new_event(now(), user_id=8), new_event(now(), rule="other_rule"))  # another person, rule
    assert alerts() == 3
    raise_(
        harness, new_event(now(), user_id=None, ip="198.51.100.1"), new_event(now(), user_id=None, ip="198.51.100.2")
    )
    assert alerts() == 5  # events about networks are told apart by network
    harness.clock.advance(minutes=29, seconds=59)
    raise_(harness, new_event(now()))
    assert alerts() == 5
    harness.clock.advance(seconds=1)
    raise_(harness, new_event(now()))
    assert alerts() == 6
    assert len(harness.security_events.events) == 8  # every event is stored, alerted or not


def test_configured_recipients_replace_the_admins(harness: TestContainer, staff: dict[str, int]) -> None:
    s = harness.security
    events = SecurityEvents(s.store, s.directory, s.audit, s.uow, s.clock, ("soc@example.com",))
    with harness.uow:
        events.raise_event(new_event(harness.clock.now()))
        harness.uow.commit()
    assert [n.to for n in harness.notifier.sent] == ["soc@example.com"]


def test_search_filters_pages_and_audits_the_read(harness: TestContainer) -> None:
    t0 = harness.clock.now()
    raise_(
        harness,
        new_event(t0, user_id=7, severity=Severity.LOW, event_type="login_failed"),
        new_event(t0 + timedelta(minutes=1), user_id=8, severity=Severity.MEDIUM, ip="2001:db8::1"),
        new_event(t0 + timedelta(minutes=2), user_id=7, severity=Severity.MEDIUM),
        new_event(t0 + timedelta(minutes=3), user_id=None, severity=Severity.LOW, event_type="credential_stuffing"),
    )

    def ids(flt: EventFilter) -> list[int]:
        return [e.id for e in harness.security.search(SUPPORT_ADMIN, flt, PageRequest()).items]

    assert ids(EventFilter()) == [4, 3, 2, 1]
    assert ids(EventFilter(user_id=7)) == [3, 1]
    assert ids(EventFilter(event_type="credential_stuffing")) == [4]
    assert ids(EventFilter(severity=Severity.MEDIUM)) == [3, 2]
    assert ids(EventFilter(ip="2001:db8::1")) == [2]
    assert ids(EventFilter(since=t0 + timedelta(minutes=1), until=t0 + timedelta(minutes=3))) == [3, 2]
    assert ids(EventFilter(resolved=True)) == []
    first = harness.security.search(COMPLIANCE, EventFilter(), PageRequest(limit=3))
    rest = harness.security.search(COMPLIANCE, EventFilter(), PageRequest(limit=3, cursor=first.next_cursor))
    assert [e.id for e in first.items] + [e.id for e in rest.items] == [4, 3, 2, 1] and rest.next_cursor is None
    read = harness.audit_log.entries[-1].record
    assert (read.action, read.actor_id, read.details["returned"], read.details["users"]) == (
        "security.events_read",
        3,
        [1],
        [7],
    )
    by_user = next(e.record for e in harness.audit_log.entries if e.record.details.get("filters") == {"user_id": 7})
    assert (by_user.target_type, by_user.target_id) == ("user", "7")  # a read of that person's data


def test_staff_without_the_permission_are_refused_and_the_refusal_is_audited(harness: TestContainer) -> None:
    with pytest.raises(PermissionDenied):
        harness.security.search(AGENT, EventFilter(user_id=7), PageRequest())
    denied = harness.audit_log.entries[-1].record
    assert (denied.action, denied.target_id, denied.details) == ("access.denied", "7", {"permission": "security.read"})


def test_resolving_is_audited_published_and_happens_once(harness: TestContainer) -> None:
    (event_id,) = raise_(harness, new_event(harness.clock.now(), severity=Severity.MEDIUM))
    harness.clock.advance(minutes=5)
    done = harness.security.resolve(SUPPORT_ADMIN, event_id, "  Called the learner: it was them.  ")
    assert (done.resolved, done.resolved_by, done.resolved_at) == (True, 1, harness.clock.now())
    assert done.resolution_note == "Called the learner: it was them."
    assert harness.security_events.events[0] == done
    entry = harness.audit_log.entries[-1].record
    assert (entry.action, entry.target_type, entry.target_id) == ("security.event_resolve", "security_event", "1")
    assert entry.details == {"user_id": 7, "event_type": "suspicious_login", "note": done.resolution_note}
    assert [p.type for p in harness.publisher.on("security")] == ["security.event_raised", "security.event_resolved"]
    with pytest.raises(Conflict) as again:
        harness.security.resolve(SUPPORT_ADMIN, event_id, "again")
    assert again.value.code == "security_event_resolved" and again.value.details["resolved_by"] == 1


def test_resolving_needs_a_note_an_event_and_the_permission(harness: TestContainer) -> None:
    (event_id,) = raise_(harness, new_event(harness.clock.now(), severity=Severity.MEDIUM))
    with pytest.raises(Unprocessable) as blank:
        harness.security.resolve(SUPPORT_ADMIN, event_id, "   ")
    assert blank.value.code == "resolution_note_required"
    with pytest.raises(Unprocessable) as long:
        harness.security.resolve(SUPPORT_ADMIN, event_id, "x" * 2001)
    assert long.value.code == "resolution_note_too_long"
    with pytest.raises(NotFound) as missing:
        harness.security.resolve(SUPPORT_ADMIN, 999, "note")
    assert missing.value.code == "security_event_not_found"
    for reader in (COMPLIANCE, AGENT):  # compliance reads, only admins resolve
        with pytest.raises(PermissionDenied):
            harness.security.resolve(reader, event_id, "note")
    assert not harness.security_events.events[0].resolved

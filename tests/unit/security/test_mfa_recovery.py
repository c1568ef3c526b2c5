"""Admin MFA resets on the harness: a learner's at once, a staff member's with a second admin's approval (never the
requester's, never one's own), expiry after 24 hours, sessions ended, the person e-mailed, audited and raised."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.identity.model import IssuedToken
from domain.security import mfa_events
from domain.security.mfa import ResetFilter, ResetStatus
from domain.security.model import Severity
from domain.shared.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from domain.shared.pagination import PageRequest
from domain.shared.permissions import Role
from entrypoints.harness import TestContainer

from .mfa_support import META, PASSWORD, actions, enrolled, person

REASON = "Lost their phone; identity checked by a call-back"


@pytest.fixture
def admins(harness: TestContainer) -> tuple:  # type: ignore[type-arg]
    return person(harness, "ada", Role.SUPPORT_ADMIN), person(harness, "bob", Role.PLATFORM_ADMIN)


def events(harness: TestContainer, user_id: int) -> list[tuple[str, Severity]]:
    return [(e.event_type, e.severity) for e in harness.security_events.of_user(user_id)]


def test_a_learners_reset_takes_effect_at_once(harness: TestContainer, admins: tuple) -> None:  # type: ignore[type-arg]
    ada, _ = admins
    lea = person(harness, "lea", Role.LEARNER)
    enrolled(harness, lea)
    assert not isinstance(harness.auth.login("lea", PASSWORD, META), IssuedToken)  # a challenge: MFA is on
    sent = len(harness.notifier.sent)
    done = harness.mfa_recovery.request_reset(ada, lea.user_id, f"  {REASON}  ")
    assert done.status is ResetStatus.DONE and not done.needs_approval and done.approved_by == ada.user_id
    assert done.reason == REASON and not harness.mfa.has_mfa(lea.user_id)
    assert ("mfa_reset", Severity.HIGH) in events(harness, lea.user_id)
    assert actions(harness)[-2:] == ["security.mfa_reset_requested", "security.mfa_reset"]
    assert harness.audit_log.entries[-1].record.details["reason"] == REASON
    (mail,) = [m for m in harness.notifier.sent[sent:] if m.to == "lea@example.com"]
    assert mail.subject == "Your MFA was reset"
    assert any(m.subject.startswith("[security] high: mfa_reset") for m in harness.notifier.sent[sent:])  # alerted
    assert isinstance(harness.auth.login("lea", PASSWORD, META), IssuedToken)  # the password alone, now


def test_a_reset_ends_every_session(harness: TestContainer, admins: tuple) -> None:  # type: ignore[type-arg]
    ada, _ = admins
    lea = person(harness, "lea", Role.LEARNER)
    before = harness.auth.login("lea", PASSWORD, META)
    assert isinstance(before, IssuedToken)
    enrolled(harness, lea)
    harness.mfa_recovery.request_reset(ada, lea.user_id, REASON)
    assert harness.auth.principal_for_token(before.token) is None
    (reset,) = [e for e in harness.security_events.of_user(lea.user_id) if e.event_type == "mfa_reset"]
    assert reset.facts["sessions_ended"] == 1


def test_a_staff_reset_waits_for_a_second_admin(harness: TestContainer, admins: tuple) -> None:  # type: ignore[type-arg]
    ada, bob = admins
    sam = person(harness, "sam", Role.SUPPORT_AGENT)
    enrolled(harness, sam)
    sent = len(harness.notifier.sent)
    pending = harness.mfa_recovery.request_reset(ada, sam.user_id, REASON)
    assert pending.status is ResetStatus.PENDING and pending.needs_approval and harness.mfa.has_mfa(sam.user_id)
    assert pending.expires_at == harness.clock.now() + timedelta(hours=24)
    assert ("mfa_reset_requested", Severity.MEDIUM) in events(harness, sam.user_id)
    assert [m.to for m in harness.notifier.sent[sent:]] == ["bob@example.com"]  # the approvers but the requester
    with pytest.raises(Conflict) as twice:
        harness.mfa_recovery.request_reset(bob, sam.user_id, REASON)
    assert twice.value.code == "mfa_reset_pending" and twice.value.details == {"id": pending.id}
    with pytest.raises(PermissionDenied) as same:
        harness.mfa_recovery.approve(ada, pending.id)
    assert same.value.code == "mfa_reset_same_admin" and actions(harness)[-1] == "security.mfa_reset_refused"
    with pytest.raises(PermissionDenied) as own:
        harness.mfa_recovery.approve(sam, pending.id)
    assert own.value.code == "permission_denied"  # an agent may not reset MFA at all
    done = harness.mfa_recovery.approve(bob, pending.id)
    assert done.status is ResetStatus.DONE and done.approved_by == bob.user_id and not harness.mfa.has_mfa(sam.user_id)
    (reset,) = [e for e in harness.security_events.of_user(sam.user_id) if e.event_type == "mfa_reset"]
    assert reset.facts["requested_by"] == ada.user_id and reset.facts["approved_by"] == bob.user_id
    assert "security.mfa_reset_approved" in actions(harness) and actions(harness)[-1] == "security.mfa_reset"
    with pytest.raises(Conflict) as again:
        harness.mfa_recovery.approve(bob, pending.id)
    assert again.value.code == "mfa_reset_not_pending"


def test_a_pending_request_expires_after_a_day(harness: TestContainer, admins: tuple) -> None:  # type: ignore[type-arg]
    ada, bob = admins
    sam = person(harness, "sam", Role.SUPPORT_AGENT)
    enrolled(harness, sam)
    pending = harness.mfa_recovery.request_reset(ada, sam.user_id, REASON)
    harness.clock.advance(hours=24)
    with pytest.raises(Conflict) as expired:
        harness.mfa_recovery.approve(bob, pending.id)
    assert expired.value.code == "mfa_reset_expired" and harness.mfa.has_mfa(sam.user_id)
    found = harness.mfa_recovery.search(bob, ResetFilter(status=ResetStatus.EXPIRED), PageRequest())
    assert [r.id for r in found.page.items] == [pending.id] and found.now == harness.clock.now()
    fresh = harness.mfa_recovery.request_reset(bob, sam.user_id, REASON)  # a new one may be asked for
    assert fresh.status is ResetStatus.PENDING and actions(harness)[-1] == "security.mfa_reset_requested"
    assert harness.mfa_recovery.search(ada, ResetFilter(user_id=sam.user_id), PageRequest()).page.items[0] == fresh


def test_refusals(harness: TestContainer, admins: tuple) -> None:  # type: ignore[type-arg]
    ada, bob = admins
    sam = person(harness, "sam", Role.SUPPORT_AGENT)
    enrolled(harness, ada)
    cases = [
        (ada, ada.user_id, REASON, PermissionDenied, "mfa_reset_own"),
        (ada, sam.user_id, "lost it", InvalidInput, "reason_required"),
        (ada, sam.user_id, REASON, Conflict, "mfa_not_enrolled"),
        (ada, 999, REASON, NotFound, "user_not_found"),
        (sam, ada.user_id, REASON, PermissionDenied, "permission_denied"),
    ]
    for actor, target, reason, kind, code in cases:
        with pytest.raises(kind) as refused:
            harness.mfa_recovery.request_reset(actor, target, reason)
        assert refused.value.code == code, (actor.username, target, reason)
    with pytest.raises(NotFound) as missing:
        harness.mfa_recovery.approve(bob, 404)
    assert missing.value.code == "mfa_reset_not_found"
    with pytest.raises(PermissionDenied):
        harness.mfa_recovery.search(sam, ResetFilter(), PageRequest())


def test_mfa_raises_its_own_notices_and_the_detection_rules_raise_the_alerts(
    harness: TestContainer,
    admins: tuple,  # type: ignore[type-arg]
) -> None:
    at = datetime(2026, 1, 5, tzinfo=UTC)
    built = [
        mfa_events.mfa_enabled(1, at, META, 10),
        mfa_events.mfa_reset_requested(1, at, META, 2, 7, True),
        mfa_events.mfa_code_failures(1, at, META, 5, "login"),
    ]
    assert [(e.event_type, e.severity) for e in built] == [
        ("mfa_enabled", Severity.LOW),
        ("mfa_reset_requested", Severity.MEDIUM),
        ("mfa_code_failures", Severity.MEDIUM),
    ]
    assert all(e.user_id == 1 and e.ip == META.ip and e.rule for e in built)
    ada, _ = admins
    lea = person(harness, "lea", Role.LEARNER)
    enrolled(harness, lea)
    harness.mfa_recovery.request_reset(ada, lea.user_id, REASON)  # a learner's: carried out at once
    (reset,) = [e for e in harness.security_events.events if e.event_type == "mfa_reset"]
    assert (reset.rule, reset.severity, reset.user_id) == ("mfa_disabled_or_reset", Severity.HIGH, lea.user_id)
    assert reset.facts["change"] == "reset" and reset.facts["by"] == ada.user_id
    assert reset.facts["approved_by"] == ada.user_id and reset.facts["reason"] == REASON


def test_the_timeline_shows_mfa_as_its_own_kind(harness: TestContainer, admins: tuple) -> None:  # type: ignore[type-arg]
    ada, _ = admins
    lea = person(harness, "lea", Role.LEARNER)
    enrolled(harness, lea)
    harness.mfa_recovery.request_reset(ada, lea.user_id, REASON)
    page = harness.security.user_audit(ada, lea.user_id, PageRequest(limit=50))
    kinds = {(t.action, t.kind.value) for t in page.items if t.source.value == "audit"}
    assert {
        ("auth.mfa_enrol", "mfa"),
        ("auth.mfa_confirm", "mfa"),
        ("security.mfa_reset", "mfa"),
        ("security.mfa_reset_requested", "mfa"),
    } <= kinds

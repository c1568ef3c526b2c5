"""Every pair of the account-status machine, the reason rule, restore, revocation and events."""

from __future__ import annotations

from itertools import product

import pytest

from adapters.memory.accounts import Person
from domain.accounts.model import TRANSITIONS, AccountStatus, Profile
from domain.accounts.service import ProfileUpdate
from domain.shared.errors import Conflict, PermissionDenied, Unprocessable
from domain.shared.permissions import Role
from domain.shared.principal import Principal
from entrypoints.harness import TestContainer

S = AccountStatus
ALLOWED = {
    (S.PENDING, S.ACTIVE),
    (S.PENDING, S.DISABLED),
    (S.ACTIVE, S.SUSPENDED),
    (S.ACTIVE, S.DISABLED),
    (S.ACTIVE, S.ARCHIVED),
    (S.SUSPENDED, S.ACTIVE),
    (S.SUSPENDED, S.DISABLED),
    (S.SUSPENDED, S.ARCHIVED),
    (S.DISABLED, S.ACTIVE),
    (S.DISABLED, S.ARCHIVED),
    (S.ARCHIVED, S.ACTIVE),
}
ADMIN = Principal(1, "pa", frozenset({Role.PLATFORM_ADMIN}))
AGENT = Principal(2, "agent", frozenset({Role.SUPPORT_AGENT}))


def test_the_table_is_the_specified_machine() -> None:
    assert {(a, b) for a, targets in TRANSITIONS.items() for b in targets} == ALLOWED


@pytest.mark.parametrize(("source", "target"), [p for p in product(S, S) if p[0] != p[1]])
def test_every_pair(harness: TestContainer, source: AccountStatus, target: AccountStatus) -> None:
    uid = harness.people.add(Person("lea", "lea@example.com"), Profile(0, account_status=source)).user_id
    update = ProfileUpdate(account_status=target, status_reason="checked with the learner")
    if (source, target) in ALLOWED:
        detail = harness.accounts.update(ADMIN, uid, update)
        assert detail.summary.account_status is target
        assert detail.status_history[0].from_status is source and detail.status_history[0].to_status is target
        assert harness.people.people[uid].is_active is (target is S.ACTIVE)
    else:
        with pytest.raises(Conflict) as err:
            harness.accounts.update(ADMIN, uid, update)
        assert err.value.code == "invalid_status_transition"
        assert err.value.details["allowed"] == sorted(s.value for s in TRANSITIONS[source])
        assert harness.people.profiles[uid].account_status is source
        assert harness.audit_log.entries == [] and harness.publisher.published == []


@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED))
def test_reason_is_required_except_pending_to_active(harness: TestContainer, source: S, target: S) -> None:
    uid = harness.people.add(Person("lea", "lea@example.com"), Profile(0, account_status=source)).user_id
    if (source, target) == (S.PENDING, S.ACTIVE):
        assert harness.accounts.update(ADMIN, uid, ProfileUpdate(target)).summary.account_status is target
        return
    with pytest.raises(Unprocessable) as err:
        harness.accounts.update(ADMIN, uid, ProfileUpdate(target, status_reason="   "))
    assert err.value.code == "status_reason_required"
    assert harness.people.profiles[uid].account_status is source


def test_only_platform_admin_restores_archived(harness: TestContainer) -> None:
    uid = harness.people.add(Person("lea", "lea@example.com"), Profile(0, account_status=S.ARCHIVED)).user_id
    with pytest.raises(PermissionDenied):
        harness.accounts.update(AGENT, uid, ProfileUpdate(S.ACTIVE, "asked to come back"))
    assert (
        harness.accounts.update(ADMIN, uid, ProfileUpdate(S.ACTIVE, "asked to come back")).summary.account_status
        is S.ACTIVE
    )


def test_suspension_revokes_tokens_audits_and_publishes(harness: TestContainer) -> None:
    identity = harness.directory.add("lea", "a-long-password", frozenset())
    harness.people.add(Person("lea", "lea@example.com"), user_id=identity.id)
    token = harness.auth.login("lea", "a-long-password").token
    harness.accounts.update(AGENT, identity.id, ProfileUpdate(S.SUSPENDED, "chargeback under review"))
    assert harness.auth.principal_for_token(token) is None
    entry = harness.audit_log.entries[-1].record
    assert (entry.action, entry.target_id, entry.actor_id) == ("profile.update", str(identity.id), AGENT.user_id)
    assert entry.details["from"] == "active" and entry.details["to"] == "suspended"
    for channel in ("users", f"user-{identity.id}"):
        (event,) = [p for p in harness.publisher.on(channel) if p.type == "account.status_changed"]
        assert event.data["from_status"] == "active" and event.data["to_status"] == "suspended"


def test_reactivation_does_not_revoke(harness: TestContainer) -> None:
    identity = harness.directory.add("lea", "a-long-password", frozenset())
    harness.people.add(Person("lea", "lea@example.com"), Profile(0, account_status=S.DISABLED), user_id=identity.id)
    harness.accounts.update(AGENT, identity.id, ProfileUpdate(S.ACTIVE, "identity confirmed"))
    assert harness.people.people[identity.id].is_active


def test_priority_change_alone_is_audited_without_status_event(harness: TestContainer) -> None:
    from domain.accounts.model import SupportPriority

    uid = harness.people.add(Person("lea", "lea@example.com")).user_id
    detail = harness.accounts.update(AGENT, uid, ProfileUpdate(support_priority=SupportPriority.URGENT))
    assert detail.summary.support_priority is SupportPriority.URGENT
    assert harness.audit_log.entries[-1].record.details == {"support_priority": {"from": "normal", "to": "urgent"}}
    assert not [p for p in harness.publisher.published if p.type == "account.status_changed"]

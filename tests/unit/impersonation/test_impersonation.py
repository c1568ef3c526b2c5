"""Impersonation on the in-memory harness: step-up, approval, both identities on audit entries and events, the
learner's e-mail, the suspension hook, the statistics. HTTP, the gate and the ORM are tested in tests/api."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory.accounts import Person
from domain.accounts.model import AccountStatus, SupportPriority
from domain.accounts.service import ProfileUpdate
from domain.identity.service import principal_of
from domain.impersonation.access import Reach
from domain.impersonation.model import ImpersonationScope, ImpersonationStatus
from domain.impersonation.module import Impersonations, ImpersonationSettings, ImpersonationStores
from domain.impersonation.service import StartRequest
from domain.security.model import EventFilter
from domain.shared.errors import DomainError
from domain.shared.pagination import PageRequest
from domain.shared.permissions import Role
from domain.shared.principal import Principal, RequestMeta
from entrypoints.harness import TestContainer

REASON = "The learner cannot see the quiz questions on lesson 3"


@pytest.fixture
def people(harness: TestContainer) -> dict[str, Principal]:
    d = harness.directory
    made = {
        "admin": d.add("sadmin", None, frozenset({Role.SUPPORT_ADMIN}), email="sadmin@example.com"),
        "boss": d.add("padmin", None, frozenset({Role.PLATFORM_ADMIN})),
        "agent": d.add("agent", None, frozenset({Role.SUPPORT_AGENT})),
    }
    return {name: principal_of(i) for name, i in made.items()}


@pytest.fixture
def lea(harness: TestContainer) -> int:
    return harness.people.add(Person("lea", "lea@example.com", "Lea", "Ng")).user_id


def code_of(call: object) -> str:
    with pytest.raises(DomainError) as caught:
        call()  # type: ignore[operator]
    return caught.value.code


def test_a_session_carries_both_identities_everywhere(
    harness: TestContainer, people: dict[str, Principal], lea: int
) -> None:
    imp = harness.impersonation
    issued = imp.sessions.start(people["admin"], StartRequest(lea, REASON))
    access = imp.access.resolve(issued.token, RequestMeta(ip="10.0.0.9"))
    assert access is not None and access.principal.user_id == lea
    assert access.principal.impersonator_id == people["admin"].user_id and access.scope is ImpersonationScope.READ
    access.admit("GET", Reach.LEARNER)
    assert code_of(lambda: access.admit("POST", Reach.LEARNER)) == "impersonation_read_only"
    assert code_of(lambda: access.admit("GET", Reach.NONE)) == "impersonation_not_allowed"
    imp.access.record_request(access, "GET", "/api/auth/me", 200, "allowed")

    entry = harness.audit_log.entries[-1].record
    assert (entry.actor_id, entry.on_behalf_of, entry.impersonator_id) == (
        people["admin"].user_id,
        lea,
        people["admin"].user_id,
    )
    audit_events = [p for p in harness.publisher.on("audit") if p.data["action"] == "impersonation.request_made"]
    assert audit_events[-1].data["actor_id"] == people["admin"].user_id and audit_events[-1].data["on_behalf_of"] == lea
    started = [p for p in harness.publisher.published if p.type == "impersonation.started"]
    assert {p.channel for p in started} == {"security", f"user-{lea}"}
    assert started[0].data["impersonator_id"] == people["admin"].user_id and started[0].data["target_id"] == lea
    (letter,) = harness.notifier.sent
    assert letter.to == "lea@example.com" and "sadmin" in letter.body and REASON in letter.body
    assert "15 minutes" in letter.body and issued.token not in letter.body
    (event,) = harness.security.store.search(EventFilter(event_type="impersonation_started"), PageRequest()).items
    assert event.user_id == lea and event.facts["impersonator_id"] == people["admin"].user_id


def test_step_up_is_asked_of_the_enrolled_and_of_roles_that_need_mfa(
    harness: TestContainer, people: dict[str, Principal], lea: int
) -> None:
    harness.step_up.codes[people["admin"].user_id] = "123456"
    start = harness.impersonation.sessions.start
    assert code_of(lambda: start(people["admin"], StartRequest(lea, REASON))) == "invalid_mfa_code"
    assert code_of(lambda: start(people["admin"], StartRequest(lea, REASON, totp_code="000000"))) == "invalid_mfa_code"
    assert (
        start(people["admin"], StartRequest(lea, REASON, totp_code="123456")).session.status
        is ImpersonationStatus.ACTIVE
    )

    strict = Impersonations.build(
        stores=ImpersonationStores(harness.impersonations, harness.impersonation.sessions.people),
        step_up=harness.step_up,
        security=harness.security,
        audit=harness.audit,
        uow=harness.uow,
        clock=harness.clock,
        settings=ImpersonationSettings(mfa_required_roles={Role.PLATFORM_ADMIN}),
    )
    assert code_of(lambda: strict.sessions.start(people["boss"], StartRequest(lea, REASON))) == "mfa_enrolment_required"
    assert strict.sessions.step_up.required(people["boss"]) and not strict.sessions.step_up.required(people["agent"])


def test_approval_is_needed_for_agents_urgent_learners_staff_and_writes(
    harness: TestContainer, people: dict[str, Principal], lea: int
) -> None:
    start, approve = harness.impersonation.sessions.start, harness.impersonation.sessions.approve
    harness.people.profiles[lea].support_priority = SupportPriority.URGENT
    asked = start(people["agent"], StartRequest(lea, REASON, ImpersonationScope.WRITE)).session
    assert [r.value for r in asked.approval_reasons] == ["requester_needs_approval", "urgent_watch_list", "write_scope"]
    assert harness.notifier.sent == []  # nobody is told before it starts
    assert code_of(lambda: approve(people["agent"], asked.id)) == "permission_denied"
    harness.clock.advance(minutes=29)
    approved = approve(people["admin"], asked.id)
    assert approved.status is ImpersonationStatus.ACTIVE and approved.expires_at == harness.clock.now() + timedelta(
        minutes=15
    )
    assert "lea@example.com" in [n.to for n in harness.notifier.sent]  # (and a write session alerts security)


def test_suspending_the_learner_ends_the_session(
    harness: TestContainer, people: dict[str, Principal], lea: int
) -> None:
    issued = harness.impersonation.sessions.start(people["admin"], StartRequest(lea, REASON))
    change = ProfileUpdate(account_status=AccountStatus.SUSPENDED, status_reason="fraud review")
    harness.accounts.update(people["boss"], lea, change)
    assert code_of(lambda: harness.impersonation.access.resolve(issued.token, RequestMeta())) == "impersonation_ended"
    ended = harness.impersonations.sessions[issued.session.id]
    assert (
        ended.status is ImpersonationStatus.ENDED
        and ended.end_reason is not None
        and ended.end_reason.value == "target_suspended"
    )
    assert [p.type for p in harness.publisher.published if p.channel == "security"][-1] == "impersonation.ended"


def test_statistics(harness: TestContainer, people: dict[str, Principal], lea: int) -> None:
    sessions = harness.impersonation.sessions
    first = sessions.start(people["admin"], StartRequest(lea, REASON, ticket_id=9)).session
    harness.clock.advance(minutes=4)
    sessions.end(people["admin"], first.id)
    rejected = sessions.start(people["agent"], StartRequest(lea, REASON)).session
    sessions.reject(people["admin"], rejected.id, "not needed")
    waited = sessions.start(people["agent"], StartRequest(lea, REASON)).session
    harness.clock.advance(minutes=31)
    second = sessions.start(people["boss"], StartRequest(lea, REASON, ImpersonationScope.READ, minutes=10)).session
    harness.clock.advance(minutes=11)  # runs out on its own
    stats = harness.impersonation.reader.stats(people["admin"], None, None)
    assert stats.sessions == 4 and stats.per_scope == {ImpersonationScope.READ: 4, ImpersonationScope.WRITE: 0}
    assert [(c.username, c.sessions) for c in stats.per_staff] == [("agent", 2), ("sadmin", 1), ("padmin", 1)]
    assert stats.median_duration_seconds == 420.0  # 4 and 10 minutes
    a = stats.approval
    assert (a.requested, a.approved, a.rejected, a.expired) == (2, 0, 1, 1) and a.expired_share == 0.5
    assert stats.linked_to_ticket == 1 and stats.linked_to_ticket_share == 0.25
    assert waited.id and second.id
    assert code_of(lambda: harness.impersonation.reader.stats(people["agent"], None, None)) == "permission_denied"


def test_the_sweep_writes_down_expiry_and_approval_timeouts_once(
    harness: TestContainer, people: dict[str, Principal], lea: int
) -> None:
    sessions = harness.impersonation.sessions
    running = sessions.start(people["admin"], StartRequest(lea, REASON, minutes=5)).session
    waiting = sessions.start(people["agent"], StartRequest(lea, REASON)).session
    assert sessions.sweep() == 0  # nothing has run out yet
    harness.clock.advance(minutes=5)
    assert sessions.sweep() == 1  # the 5-minute session, at its exact end
    harness.clock.advance(minutes=25)
    assert sessions.sweep() == 1 and sessions.sweep() == 0  # the unanswered request; then nothing twice
    by_id = {s.id: s for s in harness.impersonations.sessions.values()}
    assert by_id[running.id].status is ImpersonationStatus.EXPIRED and by_id[running.id].ended_at == running.expires_at
    assert by_id[waiting.id].status is ImpersonationStatus.APPROVAL_EXPIRED
    ends = [e.record for e in harness.audit_log.entries if e.record.action == "impersonation.expire"]
    assert len(ends) == 2

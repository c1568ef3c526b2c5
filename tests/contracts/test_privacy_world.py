"""Subjects, PersonalData, Anonymiser, RetentionStore and ReportQueries: the in-memory world over the harness's fakes
and the Django adapters answer alike (SQLite here, PostgreSQL in its pass). Every retention data class is pinned."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from domain.accounts.model import Severity
from domain.audit.model import AuditRecord
from domain.bulk.model import OperationStatus, OperationType
from domain.bulk.ports import NewOperation
from domain.monitoring.model import Session
from domain.monitoring.records import ReplayRow
from domain.privacy.model import DataClass, NewRequest, RequestKind, Stage
from domain.privacy.ports import AREAS
from domain.security.model import NewSecurityEvent
from domain.tickets.model import Ticket, TicketUpdate
from domain.tickets.sla import Priority
from domain.tickets.status import TicketStatus, UpdateType

from .conftest import AT
from .privacy_world_data import World, django_world, memory_world

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it
OLD, CUT = AT - timedelta(days=30), AT - timedelta(days=10)
C = DataClass


@pytest.fixture(params=["memory", "django"])
def w(request: pytest.FixtureRequest, tmp_path: Path) -> World:
    return django_world(tmp_path) if request.param == "django" else memory_world(tmp_path)


def ticket(w: World, uid: int, closed: bool = False, at: object = AT) -> int:
    t = Ticket(0, uid, uid, "Zorblatt locked out", "I am Zorblatt", "account", Priority.NORMAL, AT)
    if closed:
        t.status, t.closed_at = TicketStatus.CLOSED, at  # type: ignore[assignment]
    t.updates = [
        TicketUpdate(0, UpdateType.COMMENT, "my phone is 555", False, uid, AT),
        TicketUpdate(0, UpdateType.INTERNAL_NOTE, "agents only: Zorblatt is rude", True, None, AT),
    ]
    return w.tickets.add(t).id


def event(w: World, uid: int | None, at: object = AT) -> None:
    e = NewSecurityEvent("auth.login_failed", Severity.LOW, "r", at, uid, "Zorblatt failed", {"u": "z"}, "10.0.0.1")  # type: ignore[arg-type]
    w.security.add([e])


def replay(w: World, uid: int, key: str, at: object) -> None:
    s = Session(None, key, uid, AT, AT, url="https://learn/zorblatt")
    w.telemetry.save_sessions([s])
    assert s.id is not None
    w.telemetry.add_replay([ReplayRow(s.id, 0, at, "{}", False)])  # type: ignore[arg-type]


def test_subjects_tell_learners_from_staff_and_keep_the_consent_projection(w: World) -> None:
    uid, staff = w.learner("zq", "zq@example.org", "Zorblatt", "Q"), w.raw.staff("agent")
    found = w.subjects.get(uid)
    assert found is not None and (found.username, found.email, found.first_name, found.is_staff) == (
        "zq",
        "zq@example.org",
        "Zorblatt",
        False,
    )
    assert (found.marketing_consent, found.data_consent_date) == (False, None)
    staff_subject = w.subjects.get(staff)
    assert staff_subject is not None and staff_subject.is_staff and w.subjects.get(987654) is None
    w.subjects.project_consents(uid, True, AT)
    again = w.subjects.get(uid)
    assert again is not None and (again.marketing_consent, again.data_consent_date) == (True, AT)
    other = w.learner("other")
    w.raw.retention_date(other, OLD)
    w.raw.retention_date(uid, AT + timedelta(days=1))
    assert w.subjects.retention_due(AT, 10) == [(other, OLD)]
    w.raw.retention_date(uid, OLD)
    assert w.subjects.retention_due(AT, 10) == sorted([(uid, OLD), (other, OLD)])
    assert len(w.subjects.retention_due(AT, 1)) == 1


def test_personal_data_gives_each_area_of_one_person_in_chunks_and_never_internal_notes(w: World) -> None:
    uid, other = w.learner("zq"), w.learner("other")
    for n in range(5):
        w.raw.activity(uid, AT + timedelta(minutes=n))
    w.raw.activity(other, AT)
    ticket(w, uid)
    ticket(w, other)
    event(w, uid)
    w.tokens.save("h1", uid, AT, AT + timedelta(days=1))
    w.audit.append(AuditRecord(7, "profile.update", "user", str(uid), AT), "k", "n", "m")
    w.audit.append(AuditRecord(7, "profile.update", "user", str(other), AT), "k", "n", "m")
    counts = {area: [len(c) for c in w.personal.rows(area, uid, 2)] for area in AREAS}
    assert counts == {
        "profile": [1],
        "enrolments": [],
        "activity": [2, 2, 1],
        "tickets": [1],
        "consents": [],
        "security_events": [1],
        "sessions": [1],
        "impersonation_sessions": [],
        "audit": [1],
    }
    (tickets,) = w.personal.rows("tickets", uid, 10)
    assert [u["content"] for u in tickets[0]["updates"]] == ["my phone is 555"]
    assert "agents only" not in repr(tickets)
    (profile,) = w.personal.rows("profile", uid, 10)
    assert profile[0]["username"] == "zq" and profile[0]["email"] == "zq@example.com"
    with pytest.raises(LookupError):
        list(w.personal.rows("nope", uid, 10))


def test_erasure_deletes_activity_in_batches_and_anonymises_what_names_the_person(w: World) -> None:
    uid, other = w.learner("zq", "zq@example.org", "Zorblatt", "Quixotic"), w.learner("other")
    for _ in range(3):
        w.raw.activity(uid, AT)
    w.raw.activity(other, AT)
    assert w.anonymiser.delete_activity(uid, 2) == 2 and w.anonymiser.delete_activity(uid, 2) == 1
    assert w.anonymiser.delete_activity(uid, 2) == 0
    assert [len(c) for c in w.personal.rows("activity", other, 10)] == [1]
    ticket(w, uid)
    ticket(w, other)
    event(w, uid)
    w.tokens.save("h1", uid, AT, AT + timedelta(days=1))
    replay(w, uid, "s1", AT)
    w.raw.outbox("zq@example.org", AT)
    w.raw.outbox("other@example.com", AT)
    counts = w.anonymiser.anonymise(uid, "anon-1")
    assert {k: counts[k] for k in ("identity", "sessions", "tickets", "ticket_updates", "security_events")} == {
        "identity": 1,
        "sessions": 1,
        "tickets": 1,
        "ticket_updates": 2,
        "security_events": 1,
    }
    assert (counts["monitoring_sessions"], counts["outbox"], counts["enrolments"]) == (1, 1, 0)
    assert w.raw.identity(uid) == ("anon-1", "anon-1@erased.invalid", "", "", False)
    assert set(w.raw.ticket_texts(uid)) == {"[redacted]"} and set(w.raw.event_texts(uid)) == {""}
    assert "Zorblatt" in " ".join(w.raw.ticket_texts(other))
    assert [len(c) for c in w.personal.rows("sessions", uid, 10)] == []
    assert w.retention.count(C.DELIVERED_OUTBOX, AT + timedelta(seconds=1), ()) == 1  # the other person's e-mail


def seed_expired(w: World, held: int, free: int, staff: int) -> list[str]:
    """For every data class: one row of `held` and one of `free` before the cutoff, one of `free` after it (the
    impersonal classes: one before, one after). The bulk operations' file keys, oldest first."""
    keys = []
    for uid, at in ((held, OLD), (free, OLD), (free, AT)):
        w.raw.activity(uid, at)
        ticket(w, uid, closed=True, at=at)
        ticket(w, uid)  # open: never a retention row
        event(w, uid, at)
        w.tokens.save(f"t{uid}{at}", uid, at - timedelta(days=1), at)
        replay(w, uid, f"k{uid}{at}", at)
        request = w.requests.add(NewRequest(RequestKind.EXPORT, uid, uid, "", at, Stage.PENDING))
        assert request is not None
        request.expire(at)
        w.requests.save(request)
    for at in (OLD, AT):
        w.raw.outbox("someone@example.org", at)
        op = w.operations.add(NewOperation(OperationType.EXPORT, staff, {}, False, 1, OperationStatus.PENDING, at))
        assert op is not None
        sink = w.bulk_files.csv_sink(op.id, ["id"])
        sink.write([[1]])
        keys.append(sink.close().key)
        op.finish(OperationStatus.COMPLETED, at, file=keys[-1])
        w.operations.save(op)
    w.raw.outbox("someone@example.org", None)  # not delivered: kept
    return keys


@pytest.mark.parametrize("data_class", list(DataClass))
def test_retention_counts_and_purges_each_class_before_the_cutoff_sparing_the_held(w: World, data_class: C) -> None:
    held, free, staff = w.learner("held"), w.learner("free"), w.raw.staff("ops")
    old_file, new_file = seed_expired(w, held, free, staff)
    personal = data_class not in (C.DELIVERED_OUTBOX, C.BULK_OPERATIONS)
    assert w.retention.count(data_class, CUT, [held]) == 1  # personal: the held person's row is not counted
    if personal:
        assert w.retention.count(data_class, CUT, []) == 2
    assert w.retention.purge(data_class, CUT, [held], 1) == 1
    assert w.retention.purge(data_class, CUT, [held], 10) == 0
    assert w.retention.count(data_class, CUT, [held]) == 0
    assert w.retention.count(data_class, AT + timedelta(seconds=1), []) == (2 if personal else 1)
    if data_class is C.BULK_OPERATIONS:  # the operation's file goes with it
        assert w.bulk_files.open_export(old_file) is None and w.bulk_files.open_export(new_file) is not None


def test_admin_actions_count_staff_entries_in_the_period_by_actor_then_action(w: World) -> None:
    for actor, action, at in ((9, "b", AT), (9, "a", AT), (9, "a", AT), (3, "z", AT), (None, "x", AT), (9, "a", OLD)):
        w.audit.append(AuditRecord(actor, action, "user", "1", at), "k", "n", "m")
    assert w.reports.admin_actions(CUT, AT + timedelta(seconds=1)) == [(3, "z", 1), (9, "a", 2), (9, "b", 1)]
    assert w.reports.admin_actions(AT + timedelta(seconds=1), AT + timedelta(days=1)) == []


def test_names_give_username_full_name_and_email_of_staff_and_learners(w: World) -> None:
    staff = w.raw.staff("officer_names")
    learner = w.learner("nm_learner", "nm@example.org", "Nia", "Moss")
    assert w.reports.names([staff, learner, 987654]) == {
        staff: ("officer_names", "", "officer_names@x.org"),
        learner: ("nm_learner", "Nia Moss", "nm@example.org"),
    }

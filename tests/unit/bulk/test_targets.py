"""update_status, update_fields, notify and export on the in-memory harness: real runs and dry runs, every row
error, approval, cancel, the sweeper, a crash between effect and checkpoint, permissions, limits."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from adapters.memory.accounts import Person
from domain.accounts.model import AccountStatus, PlatformRole, SupportPriority
from domain.accounts.search import ProfileFilter, ProfileSearch
from domain.bulk.model import OperationStatus, OperationType, RowErrorCode
from domain.bulk.parameters import ExportFormat, ExportParams, FieldParams, NotifyParams, StatusParams, Targets
from domain.impersonation.service import StartRequest as ImpStart
from domain.shared.errors import Conflict, PermissionDenied, Unprocessable
from domain.shared.pagination import PageRequest
from entrypoints.harness import TestContainer

from .conftest import ADMIN, AGENT, COMPLIANCE, SECOND, SUPPORT, learner, run, start

S, T, E = OperationStatus, OperationType, RowErrorCode
A = AccountStatus


def codes(h: TestContainer, op_id: int) -> list[tuple[int | None, RowErrorCode]]:
    return [(e.user_id, e.code) for e in h.bulk.errors(ADMIN, op_id, PageRequest(limit=100)).items]


def status(ids: list[int], target: A = A.SUSPENDED, reason: str = "policy") -> StatusParams:
    return StatusParams(Targets.of_ids(ids), target, reason)


def test_update_status_goes_through_the_machine_history_and_revocation(h: TestContainer) -> None:
    ok = learner(h, "ok")
    pending, archived = learner(h, "pend", A.PENDING), learner(h, "arch", A.ARCHIVED)
    already = learner(h, "already", A.SUSPENDED)
    now = h.clock.now()
    h.tokens.save("a-session-of-ok", ok, now, now + timedelta(hours=1))
    acting = h.impersonation.sessions.start(SUPPORT, ImpStart(ok, "Checking the learner's quiz page")).session
    op = run(h, SUPPORT, start(T.UPDATE_STATUS, status([ok, pending, archived, already, 999])))
    assert (op.status, op.success_count, op.skipped_count, op.error_count) == (S.COMPLETED, 1, 1, 3)
    assert h.people.profiles[ok].account_status is A.SUSPENDED and not h.people.people[ok].is_active
    assert [c.reason for c in h.people.history if c.user_id == ok] == ["policy"]
    found = set(codes(h, op.id))
    assert found == {
        (pending, E.INVALID_STATUS_TRANSITION),
        (archived, E.INVALID_STATUS_TRANSITION),
        (999, E.USER_NOT_FOUND),
    }
    told = [p.type for p in h.publisher.on(f"user-{ok}")]
    assert sorted(told) == ["account.status_changed", "impersonation.ended", "impersonation.started"]
    assert h.tokens.user_for("a-session-of-ok", h.clock.now()) is None  # sessions ended with the batch
    assert h.impersonations.sessions[acting.id].status.value == "ended"  # and the impersonation of the person
    restore = run(h, SUPPORT, start(T.UPDATE_STATUS, status([archived], A.ACTIVE)))
    assert codes(h, restore.id) == [(archived, E.RESTORE_NOT_ALLOWED)]
    needs_reason = run(h, ADMIN, start(T.UPDATE_STATUS, status([already], A.ACTIVE, reason="")))
    assert codes(h, needs_reason.id) == [(already, E.STATUS_REASON_REQUIRED)]


def test_dry_run_reports_everything_and_writes_nothing(h: TestContainer) -> None:
    ids = [learner(h, f"u{i}") for i in range(4)] + [learner(h, "p", A.PENDING)]
    op = run(h, ADMIN, start(T.UPDATE_STATUS, status(ids), dry_run=True))
    assert (op.status, op.success_count, op.error_count, op.dry_run) == (S.COMPLETED, 4, 1, True)
    assert all(h.people.profiles[i].account_status is not A.SUSPENDED for i in ids) and not h.people.history
    assert not [p for p in h.publisher.published if p.type == "account.status_changed"]


def changed(h: TestContainer, op_id: int) -> list[tuple[int, str, list[tuple[str, str, str]]]]:
    page = h.bulk.changes(ADMIN, op_id, PageRequest(limit=100))
    return [(c.user_id, c.username, [(f.field, f.before, f.after) for f in c.changes]) for c in page.items]


def test_dry_runs_record_what_would_change_per_person_and_audit_its_reading(h: TestContainer) -> None:
    ids = [learner(h, "u0"), learner(h, "u1", support_priority=SupportPriority.URGENT)]
    same = learner(h, "same", A.SUSPENDED)
    op = run(h, ADMIN, start(T.UPDATE_STATUS, status([*ids, same]), dry_run=True))
    assert changed(h, op.id) == [(i, f"u{n}", [("account_status", "active", "suspended")]) for n, i in enumerate(ids)]
    assert op.results["changed_rows"] == 2
    reads = [(e.record.action, e.record.target_id) for e in h.audit_log.entries if e.record.target_type == "user"]
    assert reads == [("bulk.changes_read", str(i)) for i in ids]
    params = FieldParams(Targets.of_ids([*ids, same]), SupportPriority.URGENT, add_courses=("PY101",))
    fields = run(h, ADMIN, start(T.UPDATE_FIELDS, params, dry_run=True))
    course = ("course PY101", "not enrolled", "enrolled")
    assert changed(h, fields.id) == [
        (ids[0], "u0", [("support_priority", "normal", "urgent"), course]),
        (ids[1], "u1", [course]),
        (same, "same", [("support_priority", "normal", "urgent"), course]),
    ]
    assert not h.bulk.changes(ADMIN, run(h, ADMIN, start(T.UPDATE_STATUS, status(ids))).id, PageRequest()).items


def test_a_dry_run_keeps_the_first_changed_rows_and_counts_all(
    h: TestContainer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("domain.bulk.runner.CHANGES_KEPT", 3)
    h.bulk_runner.settings = replace(h.bulk_runner.settings, batch_size=2)
    ids = [learner(h, f"u{i}") for i in range(5)]
    op = run(h, ADMIN, start(T.UPDATE_STATUS, status(ids), dry_run=True))
    assert [c[0] for c in changed(h, op.id)] == ids[:3] and op.results["changed_rows"] == 5


def test_saved_search_targets(h: TestContainer) -> None:
    keep = [learner(h, f"k{i}", support_priority=SupportPriority.HIGH) for i in range(4)]
    other = learner(h, "other")
    search = ProfileSearch(filters=ProfileFilter(support_priority=SupportPriority.HIGH))
    op = run(h, ADMIN, start(T.UPDATE_STATUS, StatusParams(Targets(search=search), A.SUSPENDED, "r")))
    assert op.total_items == 4 and op.success_count == 4 and op.checkpoint == keep[-1]
    assert h.people.profiles[other].account_status is A.ACTIVE


def test_update_fields_and_courses(h: TestContainer) -> None:
    ids = [learner(h, f"u{i}") for i in range(2)]
    params = FieldParams(Targets.of_ids(ids), SupportPriority.URGENT, PlatformRole.INSTRUCTOR, ("PY101",))
    assert run(h, ADMIN, start(T.UPDATE_FIELDS, params, dry_run=True)).success_count == 2
    assert h.people.profiles[ids[0]].support_priority is SupportPriority.NORMAL and not h.people.enrollments
    op = run(h, ADMIN, start(T.UPDATE_FIELDS, params))
    assert op.success_count == 2 and h.people.profiles[ids[1]].platform_role is PlatformRole.INSTRUCTOR
    assert len(h.people.enrollments) == 2 and h.people.profiles[ids[0]].enrollment_count == 1
    again = run(h, ADMIN, start(T.UPDATE_FIELDS, params))
    assert again.skipped_count == 2 and len(h.people.enrollments) == 2
    dropped = run(h, ADMIN, start(T.UPDATE_FIELDS, FieldParams(Targets.of_ids(ids), remove_courses=("PY101",))))
    assert dropped.success_count == 2 and {e.status.value for e in h.people.enrollments.values()} == {"dropped"}
    unknown = run(h, ADMIN, start(T.UPDATE_FIELDS, FieldParams(Targets.of_ids(ids), add_courses=("NOPE",))))
    assert [c for _, c in codes(h, unknown.id)] == [E.UNKNOWN_COURSE] * 2
    with pytest.raises(Unprocessable):
        FieldParams(Targets.of_ids(ids), platform_role=PlatformRole.STAFF)


def test_notify_renders_safely_respects_consent_and_never_sends_twice(h: TestContainer) -> None:
    fan = learner(h, "fan", marketing_consent=True)
    shy = learner(h, "shy")
    silent = h.people.add(Person("silent", "", "Sil", "Ent")).user_id
    params = NotifyParams(
        Targets.of_ids([fan, shy, silent, fan]), "News for {first_name}", "Hi {first_name} {{x}}", marketing=True
    )
    dry = run(h, ADMIN, start(T.NOTIFY, params, dry_run=True))
    assert dry.success_count == 1 and not h.notifier.sent
    op = run(h, ADMIN, start(T.NOTIFY, params))
    assert [(n.to, n.subject, n.body) for n in h.notifier.sent] == [("fan@example.com", "News for Fan", "Hi Fan {x}")]
    assert sorted(c for _, c in codes(h, op.id)) == [E.NO_EMAIL_ADDRESS, E.NO_MARKETING_CONSENT]
    for bad in ("{first_name.__class__}", "{0}", "{email!r}", "{first_name:>99999}", "{", "{password}"):
        with pytest.raises(Unprocessable):
            NotifyParams(Targets.of_ids([fan]), "s", bad)


def test_notify_keeps_its_rate(h: TestContainer) -> None:
    from dataclasses import replace

    ids = [learner(h, f"n{i}") for i in range(5)]
    h.bulk_runner.settings = replace(h.bulk_runner.settings, notify_per_minute=2, batch_size=50)
    op = run(h, ADMIN, start(T.NOTIFY, NotifyParams(Targets.of_ids(ids), "s", "b")))
    assert op.success_count == 5 and len(h.notifier.sent) == 5
    assert h.pause is not None and h.pause.waited >= 120  # 5 messages at 2 a minute


def test_export_escapes_formulas_and_the_download_raises_a_security_event(h: TestContainer) -> None:
    learner(h, "eve")
    h.people.people[learner(h, "mal")].first_name = "=cmd|' /C calc'!A0"
    params = ExportParams(ProfileSearch(), ("id", "first_name", "email"), ExportFormat.CSV)
    dry = run(h, COMPLIANCE, start(T.EXPORT, params, dry_run=True))
    assert dry.success_count == 2 and "file" not in dry.results
    with pytest.raises(Conflict):
        h.bulk.download(COMPLIANCE, dry.id)
    op = run(h, COMPLIANCE, start(T.EXPORT, params))
    got = h.bulk.download(COMPLIANCE, op.id)
    text = b"".join(got.chunks).decode("utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in text and text.splitlines()[0] == "id,first_name,email"
    assert [e.event_type for e in h.security_events.of_user(COMPLIANCE.user_id)] == ["personal_data_export"]
    assert [e.record.action for e in h.audit_log.entries if e.record.action == "bulk.download"] == ["bulk.download"]
    with pytest.raises(PermissionDenied):
        h.bulk.download(SUPPORT, op.id)
    h.clock.advance(hours=25)
    with pytest.raises(Conflict, match="expired"):
        h.bulk.download(COMPLIANCE, op.id)


@pytest.mark.parametrize("fmt", [ExportFormat.JSON, ExportFormat.XLSX])
def test_export_formats(h: TestContainer, fmt: ExportFormat) -> None:
    learner(h, "jo")
    op = run(h, ADMIN, start(T.EXPORT, ExportParams(ProfileSearch(), ("username", "risk_score"), fmt)))
    data = b"".join(h.bulk.download(ADMIN, op.id).chunks)
    if fmt is ExportFormat.JSON:
        import json

        assert json.loads(data) == [{"username": "jo", "risk_score": 0.0}]
    else:
        assert data.startswith(b"PK")


def test_approval_by_a_second_admin(h: TestContainer) -> None:
    ids = [learner(h, f"u{i}") for i in range(6)]  # the harness's threshold is 5
    op = h.bulk.start(ADMIN, start(T.UPDATE_STATUS, status(ids)))
    assert op.status is S.AWAITING_APPROVAL and not h.tasks.pending
    with pytest.raises(Conflict, match="second admin"):
        h.bulk.approve(ADMIN, op.id)
    with pytest.raises(PermissionDenied):
        h.bulk.approve(COMPLIANCE, op.id)
    assert h.bulk.approve(SECOND, op.id).approved_by == SECOND.user_id
    h.tasks.run_pending()
    assert h.bulk.get(ADMIN, op.id).success_count == 6
    with pytest.raises(Conflict):
        h.bulk.approve(SECOND, op.id)


def test_cancel_stops_at_the_next_batch_and_keeps_what_was_done(h: TestContainer) -> None:
    ids = [learner(h, f"u{i}") for i in range(5)]
    op = h.bulk.start(ADMIN, start(T.UPDATE_STATUS, status(ids)))
    h.tasks.pending.clear()
    h.bulk_runner._begin(op.id)
    h.bulk_runner._batch(ADMIN, op.id, h.bulk_runner._step(ADMIN, h.bulk.get(ADMIN, op.id), status(ids)))
    assert h.bulk.cancel(ADMIN, op.id).cancel_requested
    h.bulk_runner.run(op.id)
    done = h.bulk.get(ADMIN, op.id)
    assert (done.status, done.success_count) == (S.CANCELLED, 3)
    assert sum(h.people.profiles[i].account_status is A.SUSPENDED for i in ids) == 3
    waiting = h.bulk.start(ADMIN, start(T.UPDATE_FIELDS, FieldParams(Targets.of_ids(ids), SupportPriority.LOW)))
    assert h.bulk.cancel(ADMIN, waiting.id).status is S.CANCELLED


def test_a_crash_between_effect_and_checkpoint_changes_nothing_twice(h: TestContainer) -> None:
    ids = [learner(h, f"u{i}") for i in range(5)]  # batches of 3 and 2
    op = h.bulk.start(ADMIN, start(T.UPDATE_STATUS, status(ids)))
    h.tasks.pending.clear()
    save, calls = h.bulk_operations.save, []

    def crash_on_second_batch(operation: object) -> None:
        calls.append(1)
        if len(calls) == 3:  # start, batch 1, then batch 2's checkpoint: the worker dies here
            raise SystemExit("killed")
        save(operation)  # type: ignore[arg-type]

    h.bulk_operations.save = crash_on_second_batch  # type: ignore[method-assign]
    with pytest.raises(SystemExit):
        h.bulk_runner.run(op.id)
    h.bulk_operations.save = save  # type: ignore[method-assign]
    assert sum(h.people.profiles[i].account_status is A.SUSPENDED for i in ids) == 3  # batch 2 rolled back
    h.clock.advance(minutes=2)
    assert h.bulk_runner.sweep() == [op.id]
    h.tasks.run_pending()
    done = h.bulk.get(ADMIN, op.id)
    assert (done.status, done.processed, done.success_count, done.error_count) == (S.COMPLETED, 5, 5, 0)
    assert len(h.people.history) == 5 and {c.user_id for c in h.people.history} == set(ids)


def test_a_resumed_dry_run_records_each_change_once(h: TestContainer) -> None:
    ids = [learner(h, f"u{i}") for i in range(5)]  # batches of 3 and 2
    op = h.bulk.start(ADMIN, start(T.UPDATE_STATUS, status(ids), dry_run=True))
    h.tasks.pending.clear()
    save, calls = h.bulk_operations.save, []

    def crash_on_second_batch(operation: object) -> None:
        calls.append(1)
        if len(calls) == 3:  # batch 2's changes are added, then its checkpoint's save dies
            raise SystemExit("killed")
        save(operation)  # type: ignore[arg-type]

    h.bulk_operations.save = crash_on_second_batch  # type: ignore[method-assign]
    with pytest.raises(SystemExit):
        h.bulk_runner.run(op.id)
    h.bulk_operations.save = save  # type: ignore[method-assign]
    assert [c[0] for c in changed(h, op.id)] == ids[:3]
    h.clock.advance(minutes=2)
    assert h.bulk_runner.sweep() == [op.id]
    h.tasks.run_pending()
    assert [c[0] for c in changed(h, op.id)] == ids and h.bulk.get(ADMIN, op.id).results["changed_rows"] == 5


def test_the_sweeper_leaves_fresh_and_waiting_operations_alone(h: TestContainer) -> None:
    ids = [learner(h, f"u{i}") for i in range(6)]
    waiting = h.bulk.start(ADMIN, start(T.UPDATE_STATUS, status(ids)))
    fresh = h.bulk.start(ADMIN, start(T.NOTIFY, NotifyParams(Targets.of_ids(ids[:1]), "s", "b")))
    assert h.bulk_runner.sweep() == []
    h.clock.advance(timedelta(seconds=61))
    assert h.bulk_runner.sweep() == [fresh.id] and waiting.status is S.AWAITING_APPROVAL


def test_permissions_limits_and_one_running_per_type(h: TestContainer) -> None:
    ids = [learner(h, "a")]
    for actor, kind, params in [
        (AGENT, T.UPDATE_STATUS, status(ids)),
        (SUPPORT, T.UPDATE_FIELDS, FieldParams(Targets.of_ids(ids), SupportPriority.LOW)),
        (COMPLIANCE, T.NOTIFY, NotifyParams(Targets.of_ids(ids), "s", "b")),
        (SUPPORT, T.EXPORT, ExportParams(ProfileSearch(), ("id",), ExportFormat.CSV)),
    ]:
        with pytest.raises(PermissionDenied):
            h.bulk.start(actor, start(kind, params))
    assert [e.record.action for e in h.audit_log.entries].count("access.denied") == 4
    h.bulk.start(ADMIN, start(T.UPDATE_STATUS, status(ids)))
    with pytest.raises(Conflict, match="already"):
        h.bulk.start(ADMIN, start(T.UPDATE_STATUS, status(ids)))
    with pytest.raises(Unprocessable, match="At most"):
        h.bulk.start(SECOND, start(T.UPDATE_STATUS, status(list(range(1, 60)))))
    with pytest.raises(Unprocessable):
        h.bulk.start(SECOND, start(T.UPDATE_STATUS, FieldParams(Targets.of_ids(ids), SupportPriority.LOW)))

"""Every person a bulk batch changes gets an audit entry of their own (`bulk.change`, subject = that person, actor =
who started the operation), written with the batch: their data-access report finds it. Skipped rows, rows in error
and dry runs leave none."""

from __future__ import annotations

from domain.accounts.model import AccountStatus, SupportPriority
from domain.audit.model import AuditFilter
from domain.bulk.model import OperationStatus, OperationType
from domain.bulk.parameters import FieldParams, ImportMode, StatusParams, Targets
from domain.bulk.service import StartRequest
from domain.shared.pagination import PageRequest
from entrypoints.harness import TestContainer

from .conftest import ADMIN, SUPPORT, FileUpload, learner, run, start

T, A = OperationType, AccountStatus


def changes(h: TestContainer, op_id: int) -> list[tuple[int | None, int | None, str]]:
    found = [e.record for e in h.audit_log.entries if e.record.action == "bulk.change"]
    return sorted((r.subject_id, r.actor_id, r.details["operation_type"]) for r in found if r.target_id == str(op_id))


def test_status_and_field_changes_are_audited_per_person_changed(h: TestContainer) -> None:
    ok, other = learner(h, "ok"), learner(h, "other")
    already, pending = learner(h, "already", A.SUSPENDED), learner(h, "pend", A.PENDING)
    op = run(
        h,
        SUPPORT,
        start(T.UPDATE_STATUS, StatusParams(Targets.of_ids([ok, other, already, pending]), A.SUSPENDED, "r")),
    )
    assert op.status is OperationStatus.COMPLETED
    assert changes(h, op.id) == [(ok, SUPPORT.user_id, "update_status"), (other, SUPPORT.user_id, "update_status")]
    fields = run(h, ADMIN, start(T.UPDATE_FIELDS, FieldParams(Targets.of_ids([ok, pending]), SupportPriority.LOW)))
    assert changes(h, fields.id) == sorted(
        [(ok, ADMIN.user_id, "update_fields"), (pending, ADMIN.user_id, "update_fields")]
    )
    found = h.audit_log.search(AuditFilter(person_id=ok, action="bulk.change"), PageRequest())
    assert [e.record.target_id for e in found.items] == [str(fields.id), str(op.id)]


def test_an_import_audits_each_account_it_creates_or_changes(h: TestContainer) -> None:
    known = learner(h, "known")
    data = b"username,email,first_name\nknown,known@example.com,Renamed\nfresh,fresh@example.com,Fresh\nsame,bad\n"
    request = StartRequest(T.IMPORT_USERS, False, mode=ImportMode.UPSERT, upload=FileUpload("f.csv", data))
    op = run(h, ADMIN, request)
    fresh = next(uid for uid, p in h.people.people.items() if p.username == "fresh")
    assert (op.success_count, op.error_count) == (2, 1)
    assert changes(h, op.id) == sorted([(known, ADMIN.user_id, "import_users"), (fresh, ADMIN.user_id, "import_users")])


def test_a_dry_run_changes_nobody_and_audits_nobody(h: TestContainer) -> None:
    ids = [learner(h, f"u{i}") for i in range(3)]
    op = run(h, ADMIN, start(T.UPDATE_STATUS, StatusParams(Targets.of_ids(ids), A.SUSPENDED, "r"), dry_run=True))
    assert op.success_count == 3 and changes(h, op.id) == []

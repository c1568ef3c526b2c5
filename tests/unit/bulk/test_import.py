"""import_users on the harness: encodings and BOMs, delimiters, XLSX, every row error, the modes, invitations."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from urllib.parse import parse_qs, urlparse

import pytest
from openpyxl import Workbook

from domain.accounts.model import AccountStatus, PlatformRole
from domain.bulk.model import BulkOperation, OperationStatus, OperationType, RowErrorCode
from domain.bulk.parameters import ImportMode
from domain.bulk.service import StartRequest
from domain.security.passwords import reset_key
from domain.shared.errors import PermissionDenied, Unprocessable
from domain.shared.pagination import PageRequest
from entrypoints.harness import TestContainer

from .conftest import ADMIN, SUPPORT, FileUpload, learner

E, S = RowErrorCode, OperationStatus
HEADER = "username,email,first_name,last_name,platform_role,support_priority,account_status,courses\n"


def imported(
    h: TestContainer, data: bytes, mode: ImportMode = ImportMode.UPSERT, dry: bool = False, name: str = "people.csv"
) -> BulkOperation:
    h.bulk.settings = replace(h.bulk.settings, approval_threshold=100)
    op = h.bulk.start(ADMIN, StartRequest(OperationType.IMPORT_USERS, dry, mode=mode, upload=FileUpload(name, data)))
    h.tasks.run_pending()
    return h.bulk.get(ADMIN, op.id)


def errors(h: TestContainer, op: BulkOperation) -> list[tuple[int | None, RowErrorCode]]:
    return [(e.row, e.code) for e in h.bulk.errors(ADMIN, op.id, PageRequest(limit=100)).items]


def by_name(h: TestContainer, username: str) -> int:
    return next(uid for uid, p in h.people.people.items() if p.username == username)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("username,email,first_name\nzoe,zoe@example.com,Zoë\n".encode(), "utf-8"),
        ("\ufeffusername,email,first_name\nzoe,zoe@example.com,Zoë\n".encode(), "utf-8-sig"),
        ("username;email;first_name\r\nzoe;zoe@example.com;Zoë\r\n".encode("latin-1"), "latin-1"),
        (
            "username\temail\tfirst_name\nzoe\tzoe@example.com\tZoë\n".encode("utf-16")[2:].replace(b"\x00", b""),
            "latin-1",
        ),
    ],
)
def test_encodings_boms_and_delimiters(h: TestContainer, data: bytes, encoding: str) -> None:
    op = imported(h, data)
    assert (op.status, op.success_count, op.error_count) == (S.COMPLETED, 1, 0), errors(h, op)
    assert op.parameters["encoding"] == encoding
    person = h.people.people[by_name(h, "zoe")]
    assert person.email == "zoe@example.com" and person.first_name in ("Zoë", "ZoÃ«")


def test_xlsx_read_only(h: TestContainer) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Username", "Email", "platform_role", "courses"])
    sheet.append(["ian", "ian@example.com", "instructor", "PY101;JS101"])
    sheet.append([None, None, None, None])
    sheet.append([1234, "num@example.com", None, None])
    out = io.BytesIO()
    book.save(out)
    op = imported(h, out.getvalue(), name="people.xlsx")
    assert (op.success_count, op.total_items, op.parameters["file_format"]) == (2, 2, "xlsx"), errors(h, op)
    ian = by_name(h, "ian")
    assert h.people.profiles[ian].platform_role is PlatformRole.INSTRUCTOR
    assert {c for (u, c) in h.people.enrollments if u == ian} == {1, 2}
    assert by_name(h, "1234")


def test_every_row_error_and_a_good_row_never_blocked(h: TestContainer) -> None:
    learner(h, "taken")
    h.people.people[learner(h, "other")].email = "elsewhere@example.com"
    rows = [
        "good,good@example.com,,,,,,",  # 2
        ",nobody@example.com,,,,,,",  # 3 missing_value
        "bad1,not-an-email,,,,,,",  # 4 invalid_email
        "b!,bang@example.com,,,,,,",  # 5 invalid_username
        f"long,long@example.com,{'x' * 151},,,,,",  # 6 value_too_long
        "role,role@example.com,,,admin,,,",  # 7 unknown_role
        "staffer,staffer@example.com,,,staff,,,",  # 8 unknown_role (staff)
        "prio,prio@example.com,,,,asap,,",  # 9 unknown_priority
        "stat,stat@example.com,,,,,frozen,",  # 10 unknown_status
        "course,course@example.com,,,,,,NOPE",  # 11 unknown_course
        "good2,good@example.com,,,,,,",  # 12 duplicate_in_file
        "other,new-mail@example.com,,,,,,",  # 13 identity_taken
        "taken,taken@example.com,,,,,pending,",  # 14 invalid_status_transition (active -> pending)
        "newarch,newarch@example.com,,,,,archived,",  # 15 invalid_status_transition (new accounts)
        "good3,good3@example.com,,,,,,",  # 16
    ]
    op = imported(h, (HEADER + "\n".join(rows) + "\n").encode())
    assert errors(h, op) == [
        (3, E.MISSING_VALUE),
        (4, E.INVALID_EMAIL),
        (5, E.INVALID_USERNAME),
        (6, E.VALUE_TOO_LONG),
        (7, E.UNKNOWN_ROLE),
        (8, E.UNKNOWN_ROLE),
        (9, E.UNKNOWN_PRIORITY),
        (10, E.UNKNOWN_STATUS),
        (11, E.UNKNOWN_COURSE),
        (12, E.DUPLICATE_IN_FILE),
        (13, E.IDENTITY_TAKEN),
        (14, E.INVALID_STATUS_TRANSITION),
        (15, E.INVALID_STATUS_TRANSITION),
    ]
    assert (op.success_count, op.skipped_count, op.error_count, op.processed) == (2, 0, 13, 15)
    assert by_name(h, "good") and by_name(h, "good3")


def test_modes_and_a_safe_rerun(h: TestContainer) -> None:
    old = learner(h, "old")
    data = (
        HEADER + "old,old@example.com,Olga,,,high,suspended,PY101\nfresh,fresh@example.com,Fred,,,,pending,\n"
    ).encode()
    create = imported(h, data, ImportMode.CREATE_ONLY)
    assert errors(h, create) == [(2, E.ACCOUNT_EXISTS)] and create.success_count == 1
    h.notifier.sent.clear()
    update = imported(h, data, ImportMode.UPDATE_ONLY)
    assert (update.success_count, update.skipped_count, update.error_count) == (1, 1, 0)  # fresh: nothing to change
    profile = h.people.profiles[old]
    assert profile.account_status is AccountStatus.SUSPENDED and h.people.people[old].first_name == "Olga"
    assert [c.reason for c in h.people.history if c.user_id == old] == [f"bulk import (operation {update.id})"]
    again = imported(h, data, ImportMode.UPSERT)
    assert (again.success_count, again.skipped_count, again.error_count) == (0, 2, 0)
    assert not h.notifier.sent  # no second invitation
    missing = imported(h, (HEADER + "ghost,ghost@example.com,,,,,,\n").encode(), ImportMode.UPDATE_ONLY)
    assert errors(h, missing) == [(2, E.ACCOUNT_NOT_FOUND)]


def test_new_accounts_get_a_one_time_set_password_link(h: TestContainer) -> None:
    op = imported(h, b"username,email,first_name\nnina,nina@example.com,Nina\n")
    assert op.success_count == 1
    (invite,) = h.notifier.sent
    assert invite.to == "nina@example.com" and "7 days" in invite.body and "Hello Nina" in invite.body
    link = next(line for line in invite.body.splitlines() if "token=" in line)
    token = parse_qs(urlparse(link).query)["token"][0]
    stored = h.throttle.read([reset_key(token)])[reset_key(token)]
    assert json.loads(stored) == {"user_id": by_name(h, "nina"), "by": "invitation"}


def test_dry_run_imports_nothing_and_reports_everything(h: TestContainer) -> None:
    op = imported(h, b"username,email\nann,ann@example.com\nbad,bad\n", dry=True)
    assert (op.success_count, op.error_count, op.dry_run) == (1, 1, True)
    assert not any(p.username == "ann" for p in h.people.people.values()) and not h.notifier.sent


def test_an_upsert_dry_run_shows_what_would_change_in_matched_accounts(h: TestContainer) -> None:
    ann = learner(h, "ann")
    data = HEADER + "ann,ann@example.com,Anne,Ng,instructor,,suspended,PY101\nann2,ann2@example.com,,,,,,\n"
    op = imported(h, data.encode(), dry=True)
    assert (op.success_count, op.results["changed_rows"]) == (2, 1)
    (change,) = h.bulk.changes(ADMIN, op.id, PageRequest()).items
    assert (change.user_id, change.username, change.row) == (ann, "ann", 2)
    assert [(f.field, f.before, f.after) for f in change.changes] == [
        ("first_name", "Ann", "Anne"),
        ("platform_role", "learner", "instructor"),
        ("account_status", "active", "suspended"),
        ("course PY101", "not enrolled", "enrolled"),
    ]
    real = imported(h, data.replace("ann2", "ann3").encode())
    assert real.success_count == 2 and not h.bulk.changes(ADMIN, real.id, PageRequest()).items


def test_file_problems_are_refused_before_any_work(h: TestContainer) -> None:
    for data, code in [
        (b"username,email,password\nx,x@example.com,secret\n", "invalid_import_columns"),
        (b"username,username,email\n", "invalid_import_columns"),
        (b"email\nx@example.com\n", "invalid_import_columns"),
        (b"username,email\n", "invalid_import_file"),
        (b"", "invalid_import_file"),
        (b"PK\x03\x04not a workbook", "invalid_import_file"),
        (b"username,email\n" + b"u,u@example.com\n" * 51, "too_many_rows"),
    ]:
        with pytest.raises(Unprocessable) as refused:
            h.bulk.start(
                ADMIN,
                StartRequest(
                    OperationType.IMPORT_USERS, False, mode=ImportMode.UPSERT, upload=FileUpload("f.csv", data)
                ),
            )
        assert refused.value.code == code, data[:30]
    assert not h.bulk_operations.operations
    with pytest.raises(PermissionDenied):
        h.bulk.start(
            SUPPORT,
            StartRequest(
                OperationType.IMPORT_USERS,
                False,
                mode=ImportMode.UPSERT,
                upload=FileUpload("f.csv", b"username,email\n"),
            ),
        )


def test_two_runners_on_one_import_count_each_row_once(h: TestContainer) -> None:
    """A re-enqueued run beside a live one (the sweeper, or a second task): each batch locks the operation and
    starts from its checkpoint, so counters equal the rows even when both runners take turns."""
    h.bulk.settings = replace(h.bulk.settings, approval_threshold=100)
    data = b"username,email\n" + b"".join(f"person{i},person{i}@example.com\n".encode() for i in range(8))
    op = h.bulk.start(
        ADMIN, StartRequest(OperationType.IMPORT_USERS, False, mode=ImportMode.UPSERT, upload=FileUpload("f.csv", data))
    )
    h.tasks.pending.clear()
    runner = h.bulk_runner
    first = runner._begin(op.id)
    second = runner._begin(op.id)
    assert first is not None and second is not None
    params = runner._step(ADMIN, first, decode_params(first))
    other = runner._step(ADMIN, second, decode_params(second))
    assert (
        runner._batch(ADMIN, op.id, params)
        and runner._batch(ADMIN, op.id, other)
        and runner._batch(ADMIN, op.id, params)
    )
    assert not runner._batch(ADMIN, op.id, other)
    done = h.bulk.get(ADMIN, op.id)
    assert (done.status, done.processed, done.success_count, done.skipped_count) == (S.COMPLETED, 8, 8, 0), errors(
        h, done
    )
    assert len(h.notifier.sent) == 8


def decode_params(op: BulkOperation) -> object:
    from domain.bulk.parameters import decode

    return decode(op.operation_type, op.parameters)

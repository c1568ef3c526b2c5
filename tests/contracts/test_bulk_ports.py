"""OperationStore and BulkAccounts: the in-memory fakes and the Django adapters answer alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction

from adapters.memory.accounts import InMemoryAccounts
from adapters.memory.bulk import InMemoryBulkAccounts, InMemoryBulkOperations
from domain.accounts.model import AccountStatus, PlatformRole, SupportPriority
from domain.accounts.search import ProfileFilter, ProfileSearch
from domain.bulk.model import FieldChange, OperationStatus, OperationType, RowChange, RowError, RowErrorCode
from domain.bulk.ports import BulkAccounts, NewOperation, OperationFilter, OperationStore, PersonNames
from domain.shared.errors import InvalidInput
from domain.shared.pagination import PageRequest

from .conftest import AT, learner

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it
S, T = OperationStatus, OperationType


@pytest.fixture(params=["memory", "django"])
def store(request: pytest.FixtureRequest) -> OperationStore:
    if request.param == "django":
        from adapters.orm.bulk.repository import DjangoBulkOperations

        return DjangoBulkOperations()
    return InMemoryBulkOperations()


@pytest.fixture(params=["memory", "django"])
def world(request: pytest.FixtureRequest) -> tuple[BulkAccounts, object]:
    if request.param == "django":
        from adapters.orm.accounts.models import Course
        from adapters.orm.accounts.repository import DjangoProfileRepository
        from adapters.orm.bulk.accounts import DjangoBulkAccounts

        Course.objects.create(code="PY101", title="Python")
        return DjangoBulkAccounts(), DjangoProfileRepository()
    from domain.accounts.learning import Course as C

    fake = InMemoryAccounts()
    fake.courses_by_code["PY101"] = C(1, "PY101", "Python")
    return InMemoryBulkAccounts(fake), fake


def new(by: int = 1, kind: T = T.NOTIFY, status: S = S.PENDING, at: datetime = AT) -> NewOperation:
    return NewOperation(kind, by, {"user_ids": [1]}, False, 1, status, at)


def test_one_active_operation_per_type_per_person(store: OperationStore) -> None:
    first = store.add(new())
    assert first is not None and first.status is S.PENDING and first.heartbeat_at is None
    assert store.add(new()) is None
    assert store.add(new(kind=T.EXPORT)) is not None and store.add(new(by=2)) is not None
    first.finish(S.COMPLETED, AT)
    store.save(first)
    assert store.active_of(1, T.NOTIFY) is None and store.add(new()) is not None


def test_save_and_read_back_every_field(store: OperationStore) -> None:
    op = store.add(new())
    assert op is not None
    op.start(AT)
    op.checkpoint, op.processed, op.success_count, op.error_count, op.skipped_count = 40, 9, 5, 3, 1
    op.results["file"] = "x"
    op.cancel_requested = True
    store.save(op)
    got = store.get_for_update(op.id)
    assert got == op and store.get(op.id) == op
    assert store.get(99999) is None


def test_search_filters_and_pages_newest_first(store: OperationStore) -> None:
    ids = [o.id for o in (store.add(new(by=b, at=AT + timedelta(minutes=b))) for b in range(1, 6)) if o]
    page = store.search(OperationFilter(), PageRequest(limit=2))
    assert [o.id for o in page.items] == ids[::-1][:2] and page.next_cursor
    rest = store.search(OperationFilter(), PageRequest(limit=10, cursor=page.next_cursor))
    assert [o.id for o in rest.items] == ids[::-1][2:] and rest.next_cursor is None
    assert [o.id for o in store.search(OperationFilter(created_by=3), PageRequest()).items] == [ids[2]]
    since = store.search(OperationFilter(since=AT + timedelta(minutes=4)), PageRequest()).items
    assert [o.id for o in since] == ids[::-1][:2]
    assert store.search(OperationFilter(operation_type=T.EXPORT), PageRequest()).items == []
    assert store.search(OperationFilter(status=S.PENDING), PageRequest(limit=1)).next_cursor
    with pytest.raises(InvalidInput):
        store.search(OperationFilter(), PageRequest(cursor="not-a-cursor"))


def test_stalled_operations(store: OperationStore) -> None:
    pending, running, waiting = (
        store.add(new(by=1)),
        store.add(new(by=2)),
        store.add(new(by=3, status=S.AWAITING_APPROVAL)),
    )
    assert pending and running and waiting
    running.start(AT + timedelta(minutes=5))
    store.save(running)
    assert store.stalled(AT + timedelta(minutes=2)) == [pending.id]
    assert store.stalled(AT + timedelta(minutes=6)) == [pending.id, running.id]


def test_row_errors_page_in_order(store: OperationStore) -> None:
    op = store.add(new())
    assert op is not None
    errors = [RowError(RowErrorCode.INVALID_EMAIL, f"bad {i}", row=i + 2, field="email") for i in range(5)]
    store.add_errors(op.id, errors[:3])
    store.add_errors(op.id, [*errors[3:], RowError(RowErrorCode.USER_NOT_FOUND, "No such user.", user_id=7)])
    first = store.errors(op.id, PageRequest(limit=4))
    rest = store.errors(op.id, PageRequest(limit=4, cursor=first.next_cursor))
    assert [*first.items, *rest.items] == [*errors, RowError(RowErrorCode.USER_NOT_FOUND, "No such user.", user_id=7)]
    assert list(store.all_errors(op.id)) == [*first.items, *rest.items]
    with pytest.raises(InvalidInput):
        store.errors(op.id, PageRequest(cursor="bad"))


def test_dry_run_changes_page_in_order_per_operation(store: OperationStore) -> None:
    op, other = store.add(new()), store.add(new(by=2))
    assert op is not None and other is not None
    changes = [
        RowChange(i, f"user{i}", (FieldChange("account_status", "active", "suspended"),)) for i in range(10, 13)
    ] + [RowChange(20, "ann", (FieldChange("first_name", "Ann", "Anne"), FieldChange("course PY101", "a", "b")), 4)]
    store.add_changes(op.id, changes[:2])
    store.add_changes(other.id, [RowChange(99, "z", (FieldChange("platform_role", "learner", "instructor"),))])
    store.add_changes(op.id, changes[2:])
    store.add_changes(op.id, [])
    first = store.changes(op.id, PageRequest(limit=3))
    rest = store.changes(op.id, PageRequest(limit=3, cursor=first.next_cursor))
    assert [*first.items, *rest.items] == changes and rest.next_cursor is None
    assert [c.user_id for c in store.changes(other.id, PageRequest()).items] == [99]
    with pytest.raises(InvalidInput):
        store.changes(op.id, PageRequest(cursor="bad"))


def test_accounts_select_match_create_change(world: tuple[BulkAccounts, object]) -> None:
    accounts, profiles = world
    ids = [profiles.create(learner(f"user{i}"), AT).user_id for i in range(5)]  # type: ignore[attr-defined]
    everyone = ProfileSearch().criteria(AT)
    assert accounts.count(everyone) == 5 and accounts.select_ids(everyone, ids[1], 2) == ids[2:4]
    suspended = ProfileSearch(filters=ProfileFilter(statuses=frozenset({AccountStatus.SUSPENDED}))).criteria(AT)
    assert accounts.count(suspended) == 0
    found = accounts.profiles_for_update(ids[:2])
    found[ids[0]].change_status(AccountStatus.SUSPENDED, "why", 1, AT)
    found[ids[1]].support_priority = SupportPriority.HIGH
    found[ids[1]].platform_role = PlatformRole.INSTRUCTOR
    accounts.save_profiles(list(found.values()))
    assert accounts.select_ids(suspended, 0, 10) == [ids[0]]
    again = accounts.profiles_for_update(ids[:3])
    assert (again[ids[0]].account_status, again[ids[0]].status_reason) == (AccountStatus.SUSPENDED, "why")
    assert (again[ids[1]].support_priority, again[ids[1]].platform_role) == (
        SupportPriority.HIGH,
        PlatformRole.INSTRUCTOR,
    )
    assert again[ids[2]].account_status is AccountStatus.ACTIVE and not again[ids[0]].changes
    assert [p.user_id for p in accounts.match(["USER2@example.com"], ["user3"])] == ids[2:4]
    made = accounts.create([learner("newbie", AccountStatus.PENDING, platform_role=PlatformRole.INSTRUCTOR)], AT)
    assert accounts.people(made)[made[0]].email == "newbie@example.com"
    assert accounts.profiles_for_update(made)[made[0]].platform_role is PlatformRole.INSTRUCTOR
    accounts.rename([PersonNames(made[0], "New", "Name")])
    assert accounts.people(made)[made[0]].first_name == "New"
    course = accounts.course_ids(["PY101", "NOPE"])
    assert list(course) == ["PY101"]
    accounts.enrol([(ids[0], course["PY101"])], AT)
    assert accounts.enrolled([ids[0]]) == {ids[0]: {course["PY101"]: True}}
    accounts.drop([(ids[0], course["PY101"])])
    assert accounts.enrolled([ids[0]]) == {ids[0]: {course["PY101"]: False}}
    accounts.enrol([(ids[0], course["PY101"])], AT)
    assert accounts.enrolled([ids[0]])[ids[0]][course["PY101"]] is True
    assert accounts.profiles_for_update([ids[0]])[ids[0]].enrollment_count == 1
    chunks = list(accounts.export_rows(everyone, ["id", "email", "marketing_consent"], 2))
    assert [len(c) for c in chunks] == [2, 2, 2] and chunks[0][0] == (ids[0], "user0@example.com", False)


def test_created_accounts_have_no_usable_password(world: tuple[BulkAccounts, object]) -> None:
    accounts, _ = world
    made = accounts.create([learner("fresh")], datetime(2026, 1, 1, tzinfo=UTC))
    if type(accounts).__name__.startswith("Django"):
        from django.contrib.auth.models import User

        assert not User.objects.get(pk=made[0]).has_usable_password()


@pytest.mark.django_db(transaction=True)  # PostgreSQL's COPY reads on a connection of its own: rows are committed
def test_export_csv_escapes_formulas_and_renders_cells_alike(world: tuple[BulkAccounts, object]) -> None:
    """The CSV an export writes: the same bytes from the fake, SQLite (rendered in Python) and PostgreSQL (rendered
    by COPY in SQL), formula starts escaped with an apostrophe, quoting only where needed. Between chunks the
    storage stays usable (the runner writes progress there), and an export given up midway leaves nothing open."""
    accounts, profiles = world
    names = ["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "\tx", 'Ann, "Jr"', "Zoë"]
    ids = [
        profiles.create(learner(f"user{i}", first_name=n, last_name=""), AT).user_id  # type: ignore[attr-defined]
        for i, n in enumerate(names)
    ]
    with transaction.atomic():
        found = accounts.profiles_for_update(ids[:2])
        found[ids[0]].risk_score, found[ids[0]].last_activity = 0.25, AT + timedelta(microseconds=5)
        found[ids[0]].marketing_consent = True
        for profile in found.values():
            profiles.save(profile)  # type: ignore[attr-defined]
    fields = ["id", "first_name", "last_name", "risk_score", "last_activity", "marketing_consent", "date_joined"]
    parts = accounts.export_csv(ProfileSearch().criteria(AT), fields, 3)
    chunks = [next(parts)]
    assert accounts.count(ProfileSearch().criteria(AT)) == 7  # a query between chunks: no deadlock
    chunks += list(parts)
    assert [n for n, _ in chunks] == [3, 3, 1]
    joined = AT.isoformat(timespec="microseconds")
    cells = [
        "'=cmd|' /C calc'!A0,,0.25,2026-06-01T12:00:00.000005+00:00,true",
        "'+1,,0,,false",
        "'-2,,0,,false",
        "'@SUM(A1),,0,,false",
        "'\tx,,0,,false",
        '"Ann, ""Jr""",,0,,false',
        "Zoë,,0,,false",
    ]
    assert b"".join(c for _, c in chunks).decode() == "".join(
        f"{i},{c},{joined}\n" for i, c in zip(ids, cells, strict=True)
    )
    narrow = ProfileSearch(filters=ProfileFilter(statuses=frozenset({AccountStatus.SUSPENDED}))).criteria(AT)
    assert list(accounts.export_csv(narrow, ["id"], 3)) == []
    active = ProfileSearch(filters=ProfileFilter(statuses=frozenset({AccountStatus.ACTIVE}))).criteria(AT)
    assert b"".join(c for _, c in accounts.export_csv(active, ["id"], 5)) == "".join(f"{i}\n" for i in ids).encode()
    given_up = accounts.export_csv(active, ["id"], 1)
    assert next(given_up) == (1, f"{ids[0]}\n".encode())
    given_up.close()
    assert accounts.count(active) == 7

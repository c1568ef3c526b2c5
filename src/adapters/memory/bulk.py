"""In-memory bulk operations, and the accounts tables as bulk batches see them. Storage only: the search's
filter is the domain's own (`simple_search.keeps`), as the in-memory accounts use it."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from adapters.memory.accounts import InMemoryAccounts
from domain.accounts.learning import Enrollment, EnrollmentStatus
from domain.accounts.model import Profile
from domain.accounts.ports import NewLearner
from domain.accounts.search import SearchCriteria
from domain.accounts.simple_search import ProfileRow, keeps
from domain.bulk.exporting import csv_text
from domain.bulk.model import ACTIVE, BulkOperation, RowChange, RowError
from domain.bulk.ports import NewOperation, OperationFilter, Person, PersonNames
from domain.shared.clock import FixedClock
from domain.shared.pagination import Cursor, Page, PageRequest, page_from_rows

OPERATIONS_CURSOR = Cursor("bulk-operations", (int,))
ERRORS_CURSOR = Cursor("bulk-errors", (int,))
CHANGES_CURSOR = Cursor("bulk-changes", (int,))


class InMemoryBulkOperations:
    def __init__(self) -> None:
        self.operations: dict[int, BulkOperation] = {}
        self.row_errors: list[tuple[int, int, RowError]] = []  # (error id, operation id, error)
        self._ids = itertools.count(1)
        self._error_ids = itertools.count(1)
        self.row_changes: list[tuple[int, int, RowChange]] = []  # (change id, operation id, change)

    def add(self, new: NewOperation) -> BulkOperation | None:
        if self.active_of(new.created_by, new.operation_type) is not None:
            return None
        op = BulkOperation(
            next(self._ids),
            new.operation_type,
            new.created_by,
            dict(new.parameters),
            new.dry_run,
            new.total_items,
            new.created_at,
            new.status,
        )
        self.operations[op.id] = op
        return replace(op, parameters=dict(op.parameters), results={})

    def get(self, operation_id: int) -> BulkOperation | None:
        op = self.operations.get(operation_id)
        return replace(op, parameters=dict(op.parameters), results=dict(op.results)) if op else None

    get_for_update = get

    def save(self, operation: BulkOperation) -> None:
        self.operations[operation.id] = replace(operation, results=dict(operation.results))

    def active_of(self, created_by: int, kind: Any) -> BulkOperation | None:
        found = [
            o
            for o in self.operations.values()
            if o.created_by == created_by and o.operation_type is kind and o.status in ACTIVE
        ]
        return self.get(found[0].id) if found else None

    def search(self, flt: OperationFilter, page: PageRequest) -> Page[BulkOperation]:
        after = page.after(OPERATIONS_CURSOR)
        rows = [
            o
            for o in sorted(self.operations.values(), key=lambda o: o.id, reverse=True)
            if (after is None or o.id < after[0])
            and (flt.operation_type is None or o.operation_type is flt.operation_type)
            and (flt.status is None or o.status is flt.status)
            and (flt.created_by is None or o.created_by == flt.created_by)
            and (flt.since is None or o.created_at >= flt.since)
        ]
        copies = [replace(o, parameters=dict(o.parameters), results=dict(o.results)) for o in rows[: page.limit + 1]]
        return page_from_rows(copies, page, OPERATIONS_CURSOR, lambda o: [o.id])

    def stalled(self, beat_before: datetime) -> list[int]:
        return sorted(
            o.id
            for o in self.operations.values()
            if o.status.value in ("pending", "in_progress") and (o.heartbeat_at or o.created_at) < beat_before
        )

    def add_errors(self, operation_id: int, errors: Sequence[RowError]) -> None:
        self.row_errors += [(next(self._error_ids), operation_id, e) for e in errors]

    def errors(self, operation_id: int, page: PageRequest) -> Page[RowError]:
        after = page.after(ERRORS_CURSOR)
        mine = [(i, e) for i, o, e in self.row_errors if o == operation_id and (after is None or i > after[0])]
        result = page_from_rows(mine[: page.limit + 1], page, ERRORS_CURSOR, lambda r: [r[0]])
        return Page([e for _, e in result.items], result.next_cursor)

    def all_errors(self, operation_id: int) -> Iterator[RowError]:
        return iter([e for _, o, e in self.row_errors if o == operation_id])

    def add_changes(self, operation_id: int, changes: Sequence[RowChange]) -> None:
        self.row_changes += [(next(self._error_ids), operation_id, c) for c in changes]

    def changes(self, operation_id: int, page: PageRequest) -> Page[RowChange]:
        after = page.after(CHANGES_CURSOR)
        mine = [(i, c) for i, o, c in self.row_changes if o == operation_id and (after is None or i > after[0])]
        result = page_from_rows(mine[: page.limit + 1], page, CHANGES_CURSOR, lambda r: [r[0]])
        return Page([c for _, c in result.items], result.next_cursor)


class InMemoryBulkAccounts:
    """BulkAccounts over the in-memory accounts."""

    def __init__(self, accounts: InMemoryAccounts):
        self.a = accounts

    def _matches(self, criteria: SearchCriteria) -> list[int]:
        codes = {c.id: c.code for c in self.a.courses_by_code.values()}
        rows = []
        for uid in sorted(self.a.profiles):
            enrolled = tuple((codes[c], e.status) for (u, c), e in self.a.enrollments.items() if u == uid)
            rows.append(ProfileRow(self.a._summary(uid), enrolled))
        text = criteria.text
        from domain.accounts.search import SearchKeys

        return [
            r.summary.id
            for r in rows
            if keeps(criteria.filters, r) and (not text or text.matches(SearchKeys.of_summary(r.summary), r.summary.id))
        ]

    def count(self, criteria: SearchCriteria) -> int:
        return len(self._matches(criteria))

    def select_ids(self, criteria: SearchCriteria, after_id: int, limit: int) -> list[int]:
        return [i for i in self._matches(criteria) if i > after_id][:limit]

    def profiles_for_update(self, user_ids: Iterable[int]) -> dict[int, Profile]:
        return self.a.profiles_for_update(user_ids)

    def save_profiles(self, profiles: Sequence[Profile]) -> None:
        for p in profiles:
            self.a.save(p)

    def people(self, user_ids: Iterable[int]) -> dict[int, Person]:
        return {u: self._person(u) for u in user_ids if u in self.a.people}

    def _person(self, uid: int) -> Person:
        p = self.a.people[uid]
        return Person(uid, p.username, p.email, p.first_name, p.last_name)

    def match(self, emails: Iterable[str], usernames: Iterable[str]) -> list[Person]:
        mails, names = {e.lower() for e in emails}, {u.lower() for u in usernames}
        return [
            self._person(u)
            for u, p in sorted(self.a.people.items())
            if p.email.lower() in mails or p.username.lower() in names
        ]

    def create(self, news: Sequence[NewLearner], at: datetime) -> list[int]:
        return [self.a.create(n, at).user_id for n in news]

    def rename(self, names: Sequence[PersonNames]) -> None:
        for n in names:
            person = self.a.people[n.user_id]
            person.first_name, person.last_name = n.first_name, n.last_name

    def course_ids(self, codes: Iterable[str]) -> dict[str, int]:
        return {c: self.a.courses_by_code[c].id for c in codes if c in self.a.courses_by_code}

    def enrolled(self, user_ids: Iterable[int]) -> dict[int, dict[int, bool]]:
        wanted, found = set(user_ids), {}  # type: ignore[var-annotated]
        for (u, c), e in self.a.enrollments.items():
            if u in wanted:
                found.setdefault(u, {})[c] = e.status is not EnrollmentStatus.DROPPED
        return found

    def enrol(self, pairs: Sequence[tuple[int, int]], at: datetime) -> None:
        for u, c in pairs:
            current = self.a.enrollments.get((u, c))
            if current is not None:
                self.a.enrollments[(u, c)] = replace(current, status=EnrollmentStatus.ENROLLED, completed_at=None)
                continue
            self.a.enrollments[(u, c)] = Enrollment(
                u, c, EnrollmentStatus.ENROLLED, 0, 0, at, id=next(self.a._enrollment_ids)
            )
            self.a.profiles[u].enrollment_count += 1

    def drop(self, pairs: Sequence[tuple[int, int]]) -> None:
        for pair in pairs:
            if pair in self.a.enrollments:
                self.a.enrollments[pair] = replace(
                    self.a.enrollments[pair], status=EnrollmentStatus.DROPPED, completed_at=None
                )

    def export_rows(
        self, criteria: SearchCriteria, fields: Sequence[str], chunk: int
    ) -> Iterator[list[tuple[Any, ...]]]:
        ids = self._matches(criteria)
        for start in range(0, len(ids), chunk):
            rows = []
            for uid in ids[start : start + chunk]:
                s, p = self.a._summary(uid), self.a.profiles[uid]
                values = {**vars(s), "marketing_consent": p.marketing_consent}
                rows.append(tuple(values[f] for f in fields))
            yield rows

    def export_csv(self, criteria: SearchCriteria, fields: Sequence[str], chunk: int) -> Iterator[tuple[int, bytes]]:
        for rows in self.export_rows(criteria, fields, chunk):
            yield len(rows), csv_text(rows)


class ClockPause:
    """Waiting, on the harness's clock: it moves the clock on instead of sleeping."""

    def __init__(self, clock: FixedClock):
        self.clock = clock
        self.waited = 0.0

    def sleep(self, seconds: float) -> None:
        self.waited += seconds
        self.clock.advance(seconds=seconds)

"""In-memory fakes of the privacy module's own stores: consents, requests, legal holds, retention runs."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Collection
from dataclasses import replace
from datetime import datetime
from typing import TypeVar

from domain.privacy.model import (
    OPEN,
    ConsentRecord,
    LegalHold,
    NewConsent,
    NewRequest,
    PrivacyRequest,
    RetentionRun,
    Stage,
)
from domain.shared.pagination import Cursor, Page, PageRequest, page_from_rows

NEWEST = Cursor("privacy", (int,))
T = TypeVar("T")


def _newest(rows: list[T], page: PageRequest, key: str) -> Page[T]:
    pos = page.after(NEWEST)
    ordered = sorted(rows, key=lambda r: -getattr(r, key))
    found = [r for r in ordered if pos is None or getattr(r, key) < pos[0]]
    return page_from_rows(found[: page.limit + 1], page, NEWEST, lambda r: [getattr(r, key)])


class InMemoryConsents:
    def __init__(self) -> None:
        self.rows: list[ConsentRecord] = []
        self._ids = itertools.count(1)

    def add(self, new: NewConsent) -> ConsentRecord:
        row = ConsentRecord(
            next(self._ids),
            new.user_id,
            new.consent_type,
            new.granted,
            new.version,
            new.source,
            new.actor_id,
            new.reason,
            new.at,
        )
        self.rows.append(row)
        return row

    def latest(self, user_id: int) -> dict[str, ConsentRecord]:
        found: dict[str, ConsentRecord] = {}
        for row in self.rows:
            if row.user_id == user_id:
                found[row.consent_type] = row  # rows are in id order: the last one wins
        return found

    def history(self, user_id: int, page: PageRequest) -> Page[ConsentRecord]:
        return _newest([r for r in self.rows if r.user_id == user_id], page, "id")

    def _newest_rows(self) -> dict[tuple[int, str], ConsentRecord]:
        return {(r.user_id, r.consent_type): r for r in self.rows if r.user_id is not None}

    def people(self, consent_type: str, granted: bool, among: Collection[int] | None = None) -> set[int]:
        found = {u for (u, t), r in self._newest_rows().items() if t == consent_type and r.granted == granted}
        return found if among is None else found & set(among)

    def coverage(self) -> list[tuple[str, str, bool, int]]:
        counts: dict[tuple[str, str, bool], int] = {}
        for r in self._newest_rows().values():
            key = (r.consent_type, r.version, r.granted)
            counts[key] = counts.get(key, 0) + 1
        return sorted((t, v, g, n) for (t, v, g), n in counts.items())

    def anonymise(self, user_id: int) -> int:
        mine = [r for r in self.rows if r.user_id == user_id]
        self.rows = [
            replace(r, user_id=None, actor_id=None if r.actor_id == user_id else r.actor_id)
            if r.user_id == user_id
            else r
            for r in self.rows
        ]
        return len(mine)


class InMemoryPrivacyRequests:
    def __init__(self) -> None:
        self.rows: dict[int, PrivacyRequest] = {}
        self._ids = itertools.count(1)

    def add(self, new: NewRequest) -> PrivacyRequest | None:
        if any(r.user_id == new.user_id and r.kind is new.kind and r.stage in OPEN for r in self.rows.values()):
            return None
        request = PrivacyRequest(
            next(self._ids), new.kind, new.user_id, new.requested_by, new.reason, new.created_at, new.stage
        )
        self.rows[request.id] = request
        return copy.deepcopy(request)

    def get(self, request_id: int) -> PrivacyRequest | None:
        found = self.rows.get(request_id)
        return copy.deepcopy(found) if found is not None else None

    def get_for_update(self, request_id: int) -> PrivacyRequest | None:
        return self.get(request_id)

    def save(self, request: PrivacyRequest) -> None:
        self.rows[request.id] = copy.deepcopy(request)

    def search(self, stage: Stage | None, user_id: int | None, page: PageRequest) -> Page[PrivacyRequest]:
        rows = [
            copy.deepcopy(r) for r in self.rows.values() if stage in (None, r.stage) and user_id in (None, r.user_id)
        ]
        return _newest(rows, page, "id")

    def in_stage(self, stages: Collection[Stage], limit: int) -> list[PrivacyRequest]:
        return [copy.deepcopy(r) for r in sorted(self.rows.values(), key=lambda r: r.id) if r.stage in stages][:limit]

    def counts(self, kind: str) -> dict[Stage, int]:
        found: dict[Stage, int] = {}
        for r in self.rows.values():
            if r.kind.value == kind:
                found[r.stage] = found.get(r.stage, 0) + 1
        return found


class InMemoryLegalHolds:
    def __init__(self) -> None:
        self.rows: dict[int, LegalHold] = {}
        self._ids = itertools.count(1)

    def add(self, user_id: int, reason: str, by: int, at: datetime, ends_at: datetime | None) -> LegalHold:
        hold = LegalHold(next(self._ids), user_id, reason, by, at, ends_at)
        self.rows[hold.id] = hold
        return copy.deepcopy(hold)

    def get_for_update(self, hold_id: int) -> LegalHold | None:
        found = self.rows.get(hold_id)
        return copy.deepcopy(found) if found is not None else None

    def save(self, hold: LegalHold) -> None:
        self.rows[hold.id] = copy.deepcopy(hold)

    def held(self, now: datetime) -> set[int]:
        return {h.user_id for h in self.rows.values() if h.active(now)}

    def search(self, user_id: int | None, page: PageRequest) -> Page[LegalHold]:
        return _newest([copy.deepcopy(h) for h in self.rows.values() if user_id in (None, h.user_id)], page, "id")


class InMemoryRetentionRuns:
    def __init__(self) -> None:
        self.rows: list[RetentionRun] = []
        self._ids = itertools.count(1)

    def add(self, run: RetentionRun) -> RetentionRun:
        stored = replace(run, id=next(self._ids))
        self.rows.append(stored)
        return stored

    def search(self, page: PageRequest) -> Page[RetentionRun]:
        return _newest(list(self.rows), page, "id")

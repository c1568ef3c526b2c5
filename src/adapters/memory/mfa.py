"""In-memory MFA storage: enrolments, recovery codes (digests) and admin reset requests. Storage only."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import datetime

from domain.security.mfa import RESETS_CURSOR, Enrolment, NewResetRequest, ResetFilter, ResetRequest, ResetStatus
from domain.shared.pagination import Page, PageRequest, page_from_rows


class InMemoryMfaStore:
    def __init__(self) -> None:
        self.enrolments: dict[int, Enrolment] = {}
        self.codes: dict[int, dict[str, datetime | None]] = {}  # person -> digest -> used at

    def get(self, user_id: int) -> Enrolment | None:
        return self.enrolments.get(user_id)

    def confirmed_among(self, user_ids: Collection[int]) -> set[int]:
        return {i for i in user_ids if (e := self.enrolments.get(i)) is not None and e.confirmed}

    def get_for_update(self, user_id: int) -> Enrolment | None:
        return self.enrolments.get(user_id)

    def save(self, enrolment: Enrolment) -> None:
        self.enrolments[enrolment.user_id] = enrolment

    def delete(self, user_id: int) -> bool:
        self.codes.pop(user_id, None)
        return self.enrolments.pop(user_id, None) is not None

    def accept_step(self, user_id: int, step: int) -> bool:
        current = self.enrolments.get(user_id)
        if current is None or (current.last_step is not None and current.last_step >= step):
            return False
        self.enrolments[user_id] = replace(current, last_step=step)
        return True

    def replace_codes(self, user_id: int, digests: Sequence[str], at: datetime) -> None:
        self.codes[user_id] = dict.fromkeys(digests)

    def use_code(self, user_id: int, digest: str, at: datetime) -> bool:
        mine = self.codes.get(user_id, {})
        if digest not in mine or mine[digest] is not None:
            return False
        mine[digest] = at
        return True

    def codes_left(self, user_id: int) -> int:
        return sum(1 for used in self.codes.get(user_id, {}).values() if used is None)


class InMemoryMfaResets:
    def __init__(self) -> None:
        self.requests: dict[int, ResetRequest] = {}

    def add(self, new: NewResetRequest) -> ResetRequest:
        request = ResetRequest(len(self.requests) + 1, **vars(new))
        self.requests[request.id] = request
        return request

    def get_for_update(self, request_id: int) -> ResetRequest | None:
        return self.requests.get(request_id)

    def save(self, request: ResetRequest) -> None:
        self.requests[request.id] = request

    def pending_for(self, user_id: int, now: datetime) -> ResetRequest | None:
        return next(
            (r for r in self.requests.values() if r.user_id == user_id and r.status_at(now) is ResetStatus.PENDING),
            None,
        )

    def search(self, flt: ResetFilter, now: datetime, page: PageRequest) -> Page[ResetRequest]:
        after = page.after(RESETS_CURSOR)
        rows = sorted(
            (r for r in self.requests.values() if flt.matches(r, now) and (after is None or r.id < after[0])),
            key=lambda r: -r.id,
        )
        return page_from_rows(rows[: page.limit + 1], page, RESETS_CURSOR, lambda r: (r.id,))

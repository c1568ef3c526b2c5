"""Staff administration's stores in memory: the staff view over the in-memory identity directory, and role change
requests."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from domain.identity.model import Identity
from domain.identity.staff import (
    ROLE_REQUESTS_CURSOR,
    STAFF_CURSOR,
    NewRoleRequest,
    RoleRequest,
    RoleRequestStatus,
    StaffFilter,
    StaffRecord,
)
from domain.shared.pagination import Page, PageRequest, page_from_rows
from domain.shared.permissions import STAFF_ROLES, Role

from .identity import InMemoryIdentityDirectory


def _is_staff(identity: Identity) -> bool:
    return identity.is_superuser or any(r in STAFF_ROLES for r in identity.roles)


def _matches(record: StaffRecord, f: StaffFilter) -> bool:
    q = (f.q or "").lower()
    return (
        (f.role is None or f.role in record.roles)
        and (f.status is None or record.status is f.status)
        and (not q or q in record.username.lower() or q in record.email.lower())
    )


class InMemoryStaffDirectory:
    def __init__(self, directory: InMemoryIdentityDirectory) -> None:
        self.directory = directory
        self.sign_ins: dict[int, datetime] = {}

    def _record(self, identity: Identity) -> StaffRecord:
        staff = frozenset(r for r in identity.roles if r in STAFF_ROLES)
        return StaffRecord(
            identity.id,
            identity.username,
            identity.email,
            staff,
            identity.is_active,
            identity.is_superuser,
            self.sign_ins.get(identity.id),
        )

    def page(self, criteria: StaffFilter, page: PageRequest) -> Page[StaffRecord]:
        after = page.after(STAFF_CURSOR)
        records = [self._record(i) for _, i in sorted(self.directory.identities.items()) if _is_staff(i)]
        rows = [r for r in records if _matches(r, criteria) and (after is None or r.id > after[0])]
        return page_from_rows(rows[: page.limit + 1], page, STAFF_CURSOR, lambda r: (r.id,))

    def record(self, user_id: int) -> StaffRecord | None:
        identity = self.directory.identities.get(user_id)
        return self._record(identity) if identity is not None and _is_staff(identity) else None

    def set_role(self, user_id: int, role: Role) -> None:
        identity = self.directory.identities[user_id]
        others = frozenset(r for r in identity.roles if r not in STAFF_ROLES and r is not Role.LEARNER)
        self.directory.identities[user_id] = replace(identity, roles=others | {role})

    def set_active(self, user_id: int, active: bool) -> None:
        self.directory.set_active(user_id, active)

    def signed_in(self, user_id: int, at: datetime) -> None:
        self.sign_ins[user_id] = at


class InMemoryRoleRequests:
    def __init__(self) -> None:
        self.requests: dict[int, RoleRequest] = {}
        self._last = 0

    def add(self, new: NewRoleRequest) -> RoleRequest:
        self._last += 1
        request = RoleRequest(self._last, **vars(new))
        self.requests[request.id] = replace(request)
        return request

    def get(self, request_id: int) -> RoleRequest | None:
        found = self.requests.get(request_id)
        return replace(found) if found is not None else None

    def pending_for(self, user_id: int) -> RoleRequest | None:
        pending = [r for r in self.requests.values() if r.user_id == user_id and r.status is RoleRequestStatus.PENDING]
        return replace(max(pending, key=lambda r: r.id)) if pending else None

    def save_decision(self, request: RoleRequest) -> bool:
        if self.requests[request.id].status is not RoleRequestStatus.PENDING:
            return False
        self.requests[request.id] = replace(request)
        return True

    def page(self, status: RoleRequestStatus | None, page: PageRequest) -> Page[RoleRequest]:
        after = page.after(ROLE_REQUESTS_CURSOR)
        rows = [
            replace(r)
            for _, r in sorted(self.requests.items(), reverse=True)
            if (status is None or r.status is status) and (after is None or r.id < after[0])
        ]
        return page_from_rows(rows[: page.limit + 1], page, ROLE_REQUESTS_CURSOR, lambda r: (r.id,))

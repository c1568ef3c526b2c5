"""Staff administration on django.contrib.auth: staff are users with `is_staff` or `is_superuser`, roles are groups,
the last sign-in is Django's `last_login`. Role change requests are RoleRequest rows."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q

from domain.identity.staff import (
    ROLE_REQUESTS_CURSOR,
    STAFF_CURSOR,
    NewRoleRequest,
    RoleRequest,
    RoleRequestStatus,
    StaffFilter,
    StaffRecord,
    StaffStatus,
)
from domain.shared.pagination import Page, PageRequest, page_from_rows
from domain.shared.permissions import STAFF_ROLES, Role, parse_roles

from .models import RoleRequest as RoleRequestRow
from .roles import muted

User = get_user_model()
_STAFF_NAMES = [r.value for r in STAFF_ROLES]


def _staff() -> Any:
    return User.objects.filter(Q(is_staff=True) | Q(is_superuser=True))


def _record(user: Any) -> StaffRecord:
    roles = parse_roles(g.name for g in user.groups.all()) - {Role.LEARNER}
    return StaffRecord(
        user.pk, user.username, user.email or "", roles, user.is_active, user.is_superuser, user.last_login
    )


class DjangoStaffDirectory:
    def page(self, criteria: StaffFilter, page: PageRequest) -> Page[StaffRecord]:
        after = page.after(STAFF_CURSOR)
        rows = _staff()
        if criteria.role is not None:
            rows = rows.filter(groups__name=criteria.role.value)
        if criteria.status is not None:
            rows = rows.filter(is_active=criteria.status is StaffStatus.ACTIVE)
        if criteria.q:
            rows = rows.filter(Q(username__icontains=criteria.q) | Q(email__icontains=criteria.q))
        if after is not None:
            rows = rows.filter(pk__gt=after[0])
        found = [_record(u) for u in rows.distinct().order_by("pk").prefetch_related("groups")[: page.limit + 1]]
        return page_from_rows(found, page, STAFF_CURSOR, lambda r: (r.id,))

    def record(self, user_id: int) -> StaffRecord | None:
        user = _staff().filter(pk=user_id).prefetch_related("groups").first()
        return _record(user) if user is not None else None

    def set_role(self, user_id: int, role: Role) -> None:
        with muted():  # the use case reports the change itself, with the acting admin
            user = User.objects.get(pk=user_id)
            user.groups.remove(*Group.objects.filter(name__in=_STAFF_NAMES).exclude(name=role.value))
            user.groups.add(Group.objects.get_or_create(name=role.value)[0])
            if not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])

    def set_active(self, user_id: int, active: bool) -> None:
        User.objects.filter(pk=user_id).update(is_active=active)

    def signed_in(self, user_id: int, at: datetime) -> None:
        User.objects.filter(pk=user_id).update(last_login=at)


def _request(row: RoleRequestRow) -> RoleRequest:
    return RoleRequest(
        row.pk,
        row.user_id,
        Role(row.role),
        tuple(row.previous),
        row.reason,
        row.requested_by,
        row.requested_at,
        row.expires_at,
        RoleRequestStatus(row.status),
        row.decided_by,
        row.decided_at,
    )


class DjangoRoleRequests:
    def add(self, new: NewRoleRequest) -> RoleRequest:
        fields = asdict(new) | {"role": new.role.value, "previous": list(new.previous)}
        user_id = fields.pop("user_id")
        return _request(RoleRequestRow.objects.create(user_id=user_id, **fields))

    def get(self, request_id: int) -> RoleRequest | None:
        row = RoleRequestRow.objects.filter(pk=request_id).first()
        return _request(row) if row is not None else None

    def pending_for(self, user_id: int) -> RoleRequest | None:
        rows = RoleRequestRow.objects.filter(user_id=user_id, status=RoleRequestStatus.PENDING.value)
        row = rows.order_by("-pk").first()
        return _request(row) if row is not None else None

    def save_decision(self, request: RoleRequest) -> bool:
        pending = RoleRequestRow.objects.filter(pk=request.id, status=RoleRequestStatus.PENDING.value)
        updated = pending.update(
            status=request.status.value, decided_by=request.decided_by, decided_at=request.decided_at
        )
        return updated == 1

    def page(self, status: RoleRequestStatus | None, page: PageRequest) -> Page[RoleRequest]:
        after = page.after(ROLE_REQUESTS_CURSOR)
        rows = RoleRequestRow.objects.all()
        if status is not None:
            rows = rows.filter(status=status.value)
        if after is not None:
            rows = rows.filter(pk__lt=after[0])
        found = [_request(r) for r in rows.order_by("-pk")[: page.limit + 1]]
        return page_from_rows(found, page, ROLE_REQUESTS_CURSOR, lambda r: (r.id,))

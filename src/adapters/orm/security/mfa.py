"""MFA storage on the ORM: TOTP devices, recovery codes and admin reset requests. The replay guard and single use
are conditional UPDATEs: of two concurrent uses of one code, the database lets exactly one change a row."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import Q

from domain.security.mfa import RESETS_CURSOR, Enrolment, NewResetRequest, ResetFilter, ResetRequest, ResetStatus
from domain.shared.pagination import Page, PageRequest, page_from_rows

from . import models as m


def _enrolment(row: m.MfaDevice) -> Enrolment:
    return Enrolment(row.user_id, row.sealed_secret, row.created_at, row.confirmed_at, row.last_step)


class DjangoMfaStore:
    def get(self, user_id: int) -> Enrolment | None:
        row = m.MfaDevice.objects.filter(user_id=user_id).first()
        return _enrolment(row) if row else None

    def confirmed_among(self, user_ids: Collection[int]) -> set[int]:
        rows = m.MfaDevice.objects.filter(user_id__in=list(user_ids), confirmed_at__isnull=False)
        return set(rows.values_list("user_id", flat=True))

    def get_for_update(self, user_id: int) -> Enrolment | None:
        row = m.MfaDevice.objects.select_for_update().filter(user_id=user_id).first()
        return _enrolment(row) if row else None

    def save(self, enrolment: Enrolment) -> None:
        m.MfaDevice.objects.update_or_create(
            user_id=enrolment.user_id,
            defaults={
                "sealed_secret": enrolment.sealed_secret,
                "created_at": enrolment.created_at,
                "confirmed_at": enrolment.confirmed_at,
                "last_step": enrolment.last_step,
            },
        )

    def delete(self, user_id: int) -> bool:
        with transaction.atomic():
            m.MfaRecoveryCode.objects.filter(user_id=user_id).delete()
            deleted, _ = m.MfaDevice.objects.filter(user_id=user_id).delete()
        return deleted > 0

    def accept_step(self, user_id: int, step: int) -> bool:
        later = Q(last_step__isnull=True) | Q(last_step__lt=step)
        return m.MfaDevice.objects.filter(later, user_id=user_id).update(last_step=step) == 1

    def replace_codes(self, user_id: int, digests: Sequence[str], at: datetime) -> None:
        with transaction.atomic():
            m.MfaRecoveryCode.objects.filter(user_id=user_id).delete()
            m.MfaRecoveryCode.objects.bulk_create(
                [m.MfaRecoveryCode(user_id=user_id, digest=d, created_at=at) for d in digests]
            )

    def use_code(self, user_id: int, digest: str, at: datetime) -> bool:
        unused = m.MfaRecoveryCode.objects.filter(user_id=user_id, digest=digest, used_at__isnull=True)
        return unused.update(used_at=at) == 1

    def codes_left(self, user_id: int) -> int:
        return m.MfaRecoveryCode.objects.filter(user_id=user_id, used_at__isnull=True).count()


def _request(row: m.MfaResetRequest) -> ResetRequest:
    return ResetRequest(
        id=row.pk,
        user_id=row.user_id,
        requested_by=row.requested_by,
        reason=row.reason,
        created_at=row.created_at,
        expires_at=row.expires_at,
        needs_approval=row.needs_approval,
        status=ResetStatus(row.status),
        approved_by=row.approved_by,
        approved_at=row.approved_at,
    )


class DjangoMfaResets:
    def add(self, new: NewResetRequest) -> ResetRequest:
        row = m.MfaResetRequest.objects.create(
            user_id=new.user_id,
            requested_by=new.requested_by,
            reason=new.reason,
            created_at=new.created_at,
            expires_at=new.expires_at,
            needs_approval=new.needs_approval,
            status=new.status.value,
            approved_by=new.approved_by,
            approved_at=new.approved_at,
        )
        return _request(row)

    def get_for_update(self, request_id: int) -> ResetRequest | None:
        row = m.MfaResetRequest.objects.select_for_update().filter(pk=request_id).first()
        return _request(row) if row else None

    def save(self, request: ResetRequest) -> None:
        m.MfaResetRequest.objects.filter(pk=request.id).update(
            status=request.status.value, approved_by=request.approved_by, approved_at=request.approved_at
        )

    def pending_for(self, user_id: int, now: datetime) -> ResetRequest | None:
        rows = m.MfaResetRequest.objects.filter(user_id=user_id, status=ResetStatus.PENDING.value, expires_at__gt=now)
        row = rows.order_by("-pk").first()
        return _request(row) if row else None

    def search(self, flt: ResetFilter, now: datetime, page: PageRequest) -> Page[ResetRequest]:
        qs = m.MfaResetRequest.objects.all()
        if flt.user_id is not None:
            qs = qs.filter(user_id=flt.user_id)
        if flt.status is ResetStatus.PENDING:
            qs = qs.filter(status=ResetStatus.PENDING.value, expires_at__gt=now)
        elif flt.status is ResetStatus.EXPIRED:
            qs = qs.filter(status=ResetStatus.PENDING.value, expires_at__lte=now)
        elif flt.status is ResetStatus.DONE:
            qs = qs.filter(status=ResetStatus.DONE.value)
        after = page.after(RESETS_CURSOR)
        if after is not None:
            qs = qs.filter(pk__lt=after[0])
        rows = [_request(r) for r in qs.order_by("-pk")[: page.limit + 1]]
        return page_from_rows(rows, page, RESETS_CURSOR, lambda r: (r.id,))

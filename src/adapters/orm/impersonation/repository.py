"""Impersonation sessions and the people they name, on the ORM."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q

from adapters.orm.identity.repository import identity
from domain.impersonation.model import (
    APPROVAL_WINDOW,
    SESSIONS_CURSOR,
    ApprovalReason,
    EndReason,
    Impersonation,
    ImpersonationFilter,
    ImpersonationScope,
    ImpersonationStatus,
    PersonRef,
)
from domain.impersonation.ports import Person
from domain.shared.pagination import Page, PageRequest, page_from_rows

from .models import OPEN, ImpersonationSession

User = get_user_model()
_STATE = (
    "status",
    "decided_by",
    "decided_at",
    "decision_note",
    "started_at",
    "expires_at",
    "ended_at",
    "ended_by",
    "end_reason",
)


def to_session(row: ImpersonationSession) -> Impersonation:
    return Impersonation(
        impersonator=PersonRef(row.impersonator_id, row.impersonator_username, row.impersonator_name),
        target=PersonRef(row.target_id, row.target_username, row.target_name),
        reason=row.reason,
        scope=ImpersonationScope(row.scope),
        minutes=row.minutes,
        requested_at=row.requested_at,
        token_hash=row.token_hash,
        ticket_id=row.ticket_id,
        approval_reasons=tuple(ApprovalReason(r) for r in row.approval_reasons),
        target_was_active=row.target_was_active,
        status=ImpersonationStatus(row.status),
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        decision_note=row.decision_note,
        started_at=row.started_at,
        expires_at=row.expires_at,
        ended_at=row.ended_at,
        ended_by=row.ended_by,
        end_reason=EndReason(row.end_reason) if row.end_reason else None,
        id=row.pk,
    )


def _state(s: Impersonation) -> dict[str, Any]:
    values = {name: getattr(s, name) for name in _STATE}
    values["status"] = s.status.value
    values["end_reason"] = s.end_reason.value if s.end_reason else ""
    return values


class DjangoImpersonationStore:
    def add(self, session: Impersonation) -> Impersonation | None:
        row = ImpersonationSession(
            impersonator_id=session.impersonator.id,
            impersonator_username=session.impersonator.username,
            impersonator_name=session.impersonator.name[:300],
            target_id=session.target.id,
            target_username=session.target.username,
            target_name=session.target.name[:300],
            reason=session.reason,
            ticket_id=session.ticket_id,
            scope=session.scope.value,
            minutes=session.minutes,
            token_hash=session.token_hash,
            approval_reasons=[r.value for r in session.approval_reasons],
            target_was_active=session.target_was_active,
            requested_at=session.requested_at,
            **_state(session),
        )
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction goes on after a refusal
                row.save(force_insert=True)
        except IntegrityError:
            if ImpersonationSession.objects.filter(impersonator_id=session.impersonator.id, status__in=OPEN).exists():
                return None
            raise
        return to_session(row)

    def get(self, session_id: int, *, for_update: bool = False) -> Impersonation | None:
        qs = ImpersonationSession.objects.filter(pk=session_id)
        row = (qs.select_for_update() if for_update else qs).first()
        return to_session(row) if row else None

    def by_token(self, token_hash: str) -> Impersonation | None:
        row = ImpersonationSession.objects.filter(token_hash=token_hash).first()
        return to_session(row) if row else None

    def save(self, session: Impersonation) -> None:
        ImpersonationSession.objects.filter(pk=session.id).update(**_state(session))

    def stored_open(self, user_id: int) -> list[Impersonation]:
        qs = ImpersonationSession.objects.filter(Q(impersonator_id=user_id) | Q(target_id=user_id), status__in=OPEN)
        return [to_session(r) for r in qs.order_by("id")]

    def all_open(self) -> list[Impersonation]:
        return [to_session(r) for r in ImpersonationSession.objects.filter(status__in=OPEN).order_by("id")]

    def search(self, flt: ImpersonationFilter, page: PageRequest) -> Page[Impersonation]:
        qs = ImpersonationSession.objects.all()
        if flt.impersonator_id is not None:
            qs = qs.filter(impersonator_id=flt.impersonator_id)
        if flt.target_id is not None:
            qs = qs.filter(target_id=flt.target_id)
        if flt.since is not None:
            qs = qs.filter(requested_at__gte=flt.since)
        if flt.until is not None:
            qs = qs.filter(requested_at__lt=flt.until)
        if flt.active_at is not None:
            qs = qs.filter(status=ImpersonationStatus.ACTIVE.value, expires_at__gt=flt.active_at)
        if flt.pending_at is not None:
            qs = qs.filter(
                status=ImpersonationStatus.PENDING_APPROVAL.value, requested_at__gt=flt.pending_at - APPROVAL_WINDOW
            )
        pos = page.after(SESSIONS_CURSOR)
        if pos:
            at, last = pos
            qs = qs.filter(Q(requested_at__lt=at) | Q(requested_at=at, pk__lt=last))
        rows = [to_session(r) for r in qs.order_by("-requested_at", "-id")[: page.limit + 1]]
        return page_from_rows(rows, page, SESSIONS_CURSOR, lambda s: [s.requested_at, s.id])

    def requested_between(self, start: datetime, end: datetime) -> list[Impersonation]:
        qs = ImpersonationSession.objects.filter(requested_at__gte=start, requested_at__lt=end).order_by("id")
        return [to_session(r) for r in qs.iterator(chunk_size=2000)]


_PERSON = (
    "username",
    "email",
    "is_active",
    "is_superuser",
    "is_staff",
    "groups__name",
    "first_name",
    "last_name",
    "profile__support_priority",
)


class DjangoImpersonationPeople:
    def get(self, user_id: int) -> Person | None:
        """One query (a row per group)."""
        rows = list(User.objects.filter(pk=user_id).values_list(*_PERSON))
        if not rows:
            return None
        username, email, active, superuser, staff, _, first, last, priority = rows[0]
        who = identity(user_id, username, email, active, superuser, staff, (r[5] for r in rows if r[5]))
        name = f"{first or ''} {last or ''}".strip()
        return Person(user_id, username, name, email or "", who.roles, superuser, active, priority == "urgent")

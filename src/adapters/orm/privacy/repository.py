"""The privacy module's own stores on the database: consents, requests, legal holds, retention runs."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q

from domain.privacy.model import (
    ConsentRecord,
    ConsentSource,
    DataClass,
    LegalHold,
    NewConsent,
    NewRequest,
    PrivacyRequest,
    RequestKind,
    RetentionRun,
    Stage,
)
from domain.shared.pagination import Cursor, Page, PageRequest, page_from_rows

from .models import ConsentRow, LegalHoldRow, PrivacyRequestRow, RetentionRunRow

CONSENTS = Cursor("consents", (int,))
REQUESTS = Cursor("privacy-requests", (int,))
HOLDS = Cursor("legal-holds", (int,))
RUNS = Cursor("retention-runs", (int,))
REQUEST_FIELDS = (
    "stage",
    "decided_by",
    "decided_at",
    "decision_reason",
    "erase_after",
    "finished_at",
    "cancelled_by",
    "heartbeat_at",
    "attempts",
    "file_key",
    "file_size",
    "expires_at",
    "results",
)
HOLD_FIELDS = ("released_by", "released_at")


def _newest(qs: object, page: PageRequest, codec: Cursor) -> list[object]:
    pos = page.after(codec)
    if pos is not None:
        qs = qs.filter(id__lt=pos[0])  # type: ignore[attr-defined]
    return list(qs.order_by("-id")[: page.limit + 1])  # type: ignore[attr-defined]


def to_consent(r: ConsentRow) -> ConsentRecord:
    return ConsentRecord(
        r.pk, r.user_id, r.consent_type, r.granted, r.version, ConsentSource(r.source), r.actor_id, r.reason, r.at
    )


class DjangoConsents:
    def add(self, new: NewConsent) -> ConsentRecord:
        row = ConsentRow.objects.create(
            user_id=new.user_id,
            consent_type=new.consent_type,
            granted=new.granted,
            version=new.version,
            source=new.source.value,
            actor_id=new.actor_id,
            reason=new.reason,
            at=new.at,
        )
        return to_consent(row)

    def latest(self, user_id: int) -> dict[str, ConsentRecord]:
        ids = ConsentRow.objects.filter(user_id=user_id).values("consent_type").annotate(last=Max("id"))
        rows = ConsentRow.objects.filter(id__in=[r["last"] for r in ids])
        return {r.consent_type: to_consent(r) for r in rows}

    def history(self, user_id: int, page: PageRequest) -> Page[ConsentRecord]:
        rows = [to_consent(r) for r in _newest(ConsentRow.objects.filter(user_id=user_id), page, CONSENTS)]  # type: ignore[arg-type]
        return page_from_rows(rows, page, CONSENTS, lambda r: [r.id])

    def _newest_ids(self, consent_type: str | None = None, among: Collection[int] | None = None) -> object:
        qs = ConsentRow.objects.filter(user_id__isnull=False)
        if consent_type is not None:
            qs = qs.filter(consent_type=consent_type)
        if among is not None:
            qs = qs.filter(user_id__in=list(among))
        return qs.values("user_id", "consent_type").annotate(last=Max("id")).values("last")

    def people(self, consent_type: str, granted: bool, among: Collection[int] | None = None) -> set[int]:
        rows = ConsentRow.objects.filter(id__in=self._newest_ids(consent_type, among), granted=granted)
        return {uid for uid in rows.values_list("user_id", flat=True) if uid is not None}

    def coverage(self) -> list[tuple[str, str, bool, int]]:
        rows = (
            ConsentRow.objects.filter(id__in=self._newest_ids())
            .values("consent_type", "version", "granted")
            .annotate(n=Count("id"))
            .order_by("consent_type", "version", "granted")
        )
        return [(r["consent_type"], r["version"], r["granted"], r["n"]) for r in rows]

    def anonymise(self, user_id: int) -> int:
        ConsentRow.objects.filter(user_id=user_id, actor_id=user_id).update(actor_id=None)
        return ConsentRow.objects.filter(user_id=user_id).update(user_id=None)


def to_request(r: PrivacyRequestRow) -> PrivacyRequest:
    return PrivacyRequest(
        id=r.pk,
        kind=RequestKind(r.kind),
        user_id=r.user_id,
        requested_by=r.requested_by,
        reason=r.reason,
        created_at=r.created_at,
        stage=Stage(r.stage),
        decided_by=r.decided_by,
        decided_at=r.decided_at,
        decision_reason=r.decision_reason,
        erase_after=r.erase_after,
        finished_at=r.finished_at,
        cancelled_by=r.cancelled_by,
        heartbeat_at=r.heartbeat_at,
        attempts=r.attempts,
        file_key=r.file_key,
        file_size=r.file_size,
        expires_at=r.expires_at,
        results=dict(r.results),
    )


class DjangoPrivacyRequests:
    def add(self, new: NewRequest) -> PrivacyRequest | None:
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction goes on after a refusal
                row = PrivacyRequestRow.objects.create(
                    kind=new.kind.value,
                    user_id=new.user_id,
                    requested_by=new.requested_by,
                    reason=new.reason,
                    created_at=new.created_at,
                    stage=new.stage.value,
                )
        except IntegrityError:
            return None
        return to_request(row)

    def get(self, request_id: int) -> PrivacyRequest | None:
        row = PrivacyRequestRow.objects.filter(pk=request_id).first()
        return to_request(row) if row else None

    def get_for_update(self, request_id: int) -> PrivacyRequest | None:
        row = PrivacyRequestRow.objects.select_for_update().filter(pk=request_id).first()
        return to_request(row) if row else None

    def save(self, request: PrivacyRequest) -> None:
        values = {f: getattr(request, f) for f in REQUEST_FIELDS} | {"stage": request.stage.value}
        PrivacyRequestRow.objects.filter(pk=request.id).update(**values)

    def search(self, stage: Stage | None, user_id: int | None, page: PageRequest) -> Page[PrivacyRequest]:
        qs = PrivacyRequestRow.objects.all()
        if stage is not None:
            qs = qs.filter(stage=stage.value)
        if user_id is not None:
            qs = qs.filter(user_id=user_id)
        rows = [to_request(r) for r in _newest(qs, page, REQUESTS)]  # type: ignore[arg-type]
        return page_from_rows(rows, page, REQUESTS, lambda r: [r.id])

    def in_stage(self, stages: Collection[Stage], limit: int) -> list[PrivacyRequest]:
        rows = PrivacyRequestRow.objects.filter(stage__in=[s.value for s in stages]).order_by("id")[:limit]
        return [to_request(r) for r in rows]

    def counts(self, kind: str) -> dict[Stage, int]:
        rows = PrivacyRequestRow.objects.filter(kind=kind).values("stage").annotate(n=Count("id"))
        return {Stage(r["stage"]): r["n"] for r in rows}


def to_hold(r: LegalHoldRow) -> LegalHold:
    return LegalHold(r.pk, r.user_id, r.reason, r.placed_by, r.placed_at, r.ends_at, r.released_by, r.released_at)


class DjangoLegalHolds:
    def add(self, user_id: int, reason: str, by: int, at: datetime, ends_at: datetime | None) -> LegalHold:
        row = LegalHoldRow.objects.create(user_id=user_id, reason=reason, placed_by=by, placed_at=at, ends_at=ends_at)
        return to_hold(row)

    def get_for_update(self, hold_id: int) -> LegalHold | None:
        row = LegalHoldRow.objects.select_for_update().filter(pk=hold_id).first()
        return to_hold(row) if row else None

    def save(self, hold: LegalHold) -> None:
        LegalHoldRow.objects.filter(pk=hold.id).update(**{f: getattr(hold, f) for f in HOLD_FIELDS})

    def held(self, now: datetime) -> set[int]:
        live = LegalHoldRow.objects.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now), released_at__isnull=True)
        return set(live.values_list("user_id", flat=True))

    def search(self, user_id: int | None, page: PageRequest) -> Page[LegalHold]:
        qs = LegalHoldRow.objects.all() if user_id is None else LegalHoldRow.objects.filter(user_id=user_id)
        rows = [to_hold(r) for r in _newest(qs, page, HOLDS)]  # type: ignore[arg-type]
        return page_from_rows(rows, page, HOLDS, lambda h: [h.id])


def to_run(r: RetentionRunRow) -> RetentionRun:
    return RetentionRun(r.pk, DataClass(r.data_class), r.dry_run, r.rows, r.started_at, r.duration_ms, r.cutoff)


class DjangoRetentionRuns:
    def add(self, run: RetentionRun) -> RetentionRun:
        row = RetentionRunRow.objects.create(
            data_class=run.data_class.value,
            dry_run=run.dry_run,
            rows=run.rows,
            started_at=run.started_at,
            duration_ms=run.duration_ms,
            cutoff=run.cutoff,
        )
        return to_run(row)

    def search(self, page: PageRequest) -> Page[RetentionRun]:
        rows = [to_run(r) for r in _newest(RetentionRunRow.objects.all(), page, RUNS)]  # type: ignore[arg-type]
        return page_from_rows(rows, page, RUNS, lambda r: [r.id])

from __future__ import annotations

from collections.abc import Iterator

from django.db import transaction

from domain.audit.model import AUDIT_CURSOR, GENESIS_HASH, AuditEntry, AuditFilter, AuditRecord
from domain.shared.pagination import Page, PageRequest, page_from_rows

from . import models as m


def to_entry(row: m.AuditEntry) -> AuditEntry:
    return AuditEntry(
        seq=row.pk,
        prev_hash=row.prev_hash,
        hash=row.hash,
        record=AuditRecord(
            actor_id=row.actor_id,
            impersonator_id=row.impersonator_id,
            action=row.action,
            target_type=row.target_type,
            target_id=row.target_id,
            at=row.at,
            ip=row.ip,
            user_agent=row.user_agent,
            request_id=row.request_id,
            details=row.details,
        ),
    )


class DjangoAuditLog:
    def append(self, record: AuditRecord) -> AuditEntry:
        # no savepoint: the entry lives or dies with the change it records (and saves two round trips)
        with transaction.atomic(savepoint=False):
            head = m.AuditChainHead.objects.select_for_update().filter(pk=1).first()
            if head is None:
                head = m.AuditChainHead.objects.create(pk=1, last_hash=GENESIS_HASH)
                head = m.AuditChainHead.objects.select_for_update().get(pk=1)
            prev = head.last_hash
            digest = record.chain_hash(prev)
            row = m.AuditEntry.objects.create(
                actor_id=record.actor_id,
                impersonator_id=record.impersonator_id,
                action=record.action,
                target_type=record.target_type,
                target_id=record.target_id,
                at=record.at,
                ip=record.ip,
                user_agent=record.user_agent,
                request_id=record.request_id,
                details=dict(record.details),
                prev_hash=prev,
                hash=digest,
            )
            m.AuditChainHead.objects.filter(pk=1).update(last_hash=digest)
        return AuditEntry(seq=row.pk, record=record, prev_hash=prev, hash=digest)

    def search(self, flt: AuditFilter, page: PageRequest) -> Page[AuditEntry]:
        qs = m.AuditEntry.objects.all()
        if flt.actor_id is not None:
            qs = qs.filter(actor_id=flt.actor_id)
        if flt.target_type:
            qs = qs.filter(target_type=flt.target_type)
        if flt.target_id:
            qs = qs.filter(target_id=flt.target_id)
        if flt.action:
            qs = qs.filter(action=flt.action)
        if flt.since:
            qs = qs.filter(at__gte=flt.since)
        if flt.until:
            qs = qs.filter(at__lt=flt.until)
        pos = page.after(AUDIT_CURSOR)
        if pos:
            qs = qs.filter(pk__lt=pos[0])
        rows = [to_entry(r) for r in qs.order_by("-id")[: page.limit + 1]]
        return page_from_rows(rows, page, AUDIT_CURSOR, lambda e: [e.seq])

    def chain(self) -> Iterator[AuditEntry]:
        for row in m.AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
            yield to_entry(row)

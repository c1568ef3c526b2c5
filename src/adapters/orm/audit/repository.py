"""Both audit ports on the ORM: requests append unsealed rows (one INSERT, no shared lock); the sealer locks only
the head row, which no request touches."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from django.db import connection
from django.db.models import Count, Q

from domain.audit.model import (
    AUDIT_CURSOR,
    CHECKPOINT_CURSOR,
    GENESIS_HASH,
    AuditEntry,
    AuditFilter,
    AuditRecord,
    ChainHead,
    Checkpoint,
    Seal,
)
from domain.shared.pagination import Page, PageRequest, page_from_rows

from . import models as m

HEAD = 1
_COLUMNS = (
    "actor_id",
    "impersonator_id",
    "action",
    "target_type",
    "target_id",
    "at",
    "ip",
    "user_agent",
    "request_id",
    "details",
    "key_id",
    "nonce",
    "mac",
    "on_behalf_of",
    "subject_id",
)
INSERT = (
    f"INSERT INTO {m.AuditEntry._meta.db_table} ({', '.join(_COLUMNS)}, prev_hash, hash, refused) "
    f"VALUES ({', '.join(['%s'] * len(_COLUMNS))}, '', '', false) RETURNING id"
)


def to_entry(row: m.AuditEntry) -> AuditEntry:
    return AuditEntry(
        seq=row.pk,
        key_id=row.key_id,
        nonce=row.nonce,
        mac=row.mac,
        chain_seq=row.chain_seq,
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
            on_behalf_of=row.on_behalf_of,
            subject_id=row.subject_id,
        ),
    )


def _values(record: AuditRecord, key_id: str, nonce: str, mac: str) -> list[Any]:
    return [
        record.actor_id,
        record.impersonator_id,
        record.action,
        record.target_type,
        record.target_id,
        connection.ops.adapt_datetimefield_value(record.at),
        record.ip,
        record.user_agent,
        record.request_id,
        json.dumps(dict(record.details)),
        key_id,
        nonce,
        mac,
        record.on_behalf_of,
        record.subject_id,
    ]


def to_checkpoint(row: m.AuditCheckpoint) -> Checkpoint:
    return Checkpoint(row.chain_seq, row.hash, row.key_id, row.mac, row.at, row.pk)


class DjangoAuditLog:
    # -- AuditLog ---------------------------------------------------------------------------------
    def append(self, record: AuditRecord, key_id: str, nonce: str, mac: str) -> AuditEntry:
        """One INSERT, written out: every audited request makes it, and the ORM's model save cost more than the
        statement."""
        with connection.cursor() as cursor:
            cursor.execute(INSERT, _values(record, key_id, nonce, mac))
            row = cursor.fetchone()
        assert row is not None
        return AuditEntry(seq=int(row[0]), record=record, key_id=key_id, nonce=nonce, mac=mac)

    def append_many(self, items: Sequence[tuple[AuditRecord, str, str, str]]) -> list[AuditEntry]:
        """One multi-row INSERT for many entries (a bulk batch's, one per person changed), ids in the given order."""
        if not items:
            return []
        one = f"({', '.join(['%s'] * len(_COLUMNS))}, '', '', false)"
        sql = INSERT.split(" VALUES ")[0] + " VALUES " + ", ".join([one] * len(items)) + " RETURNING id"
        with connection.cursor() as cursor:
            cursor.execute(sql, [v for item in items for v in _values(*item)])
            ids = sorted(int(r[0]) for r in cursor.fetchall())
        return [AuditEntry(i, r, k, n, mac) for i, (r, k, n, mac) in zip(ids, items, strict=True)]

    def search(self, flt: AuditFilter, page: PageRequest) -> Page[AuditEntry]:
        qs = m.AuditEntry.objects.all()
        if flt.person_id is not None:  # two indexed lookups (audit_target, audit_subject), OR'd
            qs = qs.filter(Q(target_type="user", target_id=str(flt.person_id)) | Q(subject_id=flt.person_id))
        if flt.any_person:
            qs = qs.filter(Q(target_type="user") | Q(subject_id__isnull=False))
        if flt.actor_id is not None:
            qs = qs.filter(actor_id=flt.actor_id)
        if flt.on_behalf_of is not None:
            qs = qs.filter(on_behalf_of=flt.on_behalf_of)
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

    # -- AuditChain -------------------------------------------------------------------------------
    def head(self) -> ChainHead:
        return self._head(m.AuditChainHead.objects.filter(pk=HEAD).first())

    def ensure_head(self) -> None:
        if not m.AuditChainHead.objects.filter(pk=HEAD).exists():
            m.AuditChainHead.objects.get_or_create(pk=HEAD, defaults={"hash": GENESIS_HASH})

    def lock_head(self) -> ChainHead | None:
        qs = m.AuditChainHead.objects.filter(pk=HEAD)
        if connection.features.has_select_for_update_skip_locked:  # PostgreSQL: skip, never wait
            row = qs.select_for_update(skip_locked=True).first()
            return None if row is None else self._head(row)
        return self._head(qs.first())  # SQLite: the transaction already holds the one write lock

    @staticmethod
    def _head(row: m.AuditChainHead | None) -> ChainHead:
        if row is None:
            return ChainHead()
        return ChainHead(row.chain_seq, row.hash, row.key_id, row.mac, row.at)

    def save_head(self, head: ChainHead) -> None:
        m.AuditChainHead.objects.update_or_create(
            pk=HEAD,
            defaults={
                "chain_seq": head.chain_seq,
                "hash": head.hash,
                "key_id": head.key_id,
                "mac": head.mac,
                "at": head.at,
            },
        )

    def pending(self, limit: int) -> list[AuditEntry]:
        rows = m.AuditEntry.objects.filter(chain_seq__isnull=True, refused=False).order_by("id")[:limit]
        return [to_entry(r) for r in rows]

    def seal(self, seals: Sequence[Seal]) -> None:
        rows = [m.AuditEntry(pk=s.entry_id, chain_seq=s.chain_seq, prev_hash=s.prev_hash, hash=s.hash) for s in seals]
        m.AuditEntry.objects.filter(chain_seq__isnull=True).bulk_update(
            rows, ["chain_seq", "prev_hash", "hash"], batch_size=500
        )

    def refuse(self, entry_ids: Sequence[int]) -> None:
        if entry_ids:
            m.AuditEntry.objects.filter(pk__in=entry_ids, chain_seq__isnull=True).update(refused=True)

    def sealed(self) -> Iterator[AuditEntry]:
        rows = m.AuditEntry.objects.filter(chain_seq__isnull=False).order_by("chain_seq")
        for row in rows.iterator(chunk_size=2000):
            yield to_entry(row)

    def unsealed(self) -> Iterator[AuditEntry]:
        for row in m.AuditEntry.objects.filter(chain_seq__isnull=True).order_by("id").iterator(chunk_size=2000):
            yield to_entry(row)

    def duplicate_macs(self) -> list[str]:
        dupes = m.AuditEntry.objects.values("mac").annotate(n=Count("id")).filter(n__gt=1).order_by("mac")
        return [d["mac"] for d in dupes]

    def add_checkpoint(self, checkpoint: Checkpoint) -> Checkpoint:
        row = m.AuditCheckpoint.objects.create(
            chain_seq=checkpoint.chain_seq,
            hash=checkpoint.hash,
            key_id=checkpoint.key_id,
            mac=checkpoint.mac,
            at=checkpoint.at,
        )
        return to_checkpoint(row)

    def latest_checkpoint(self) -> Checkpoint | None:
        row = m.AuditCheckpoint.objects.order_by("-id").first()
        return to_checkpoint(row) if row else None

    def checkpoints(self, page: PageRequest) -> Page[Checkpoint]:
        qs = m.AuditCheckpoint.objects.all()
        pos = page.after(CHECKPOINT_CURSOR)
        if pos:
            qs = qs.filter(pk__lt=pos[0])
        rows = [to_checkpoint(r) for r in qs.order_by("-id")[: page.limit + 1]]
        return page_from_rows(rows, page, CHECKPOINT_CURSOR, lambda c: [c.id])

    def all_checkpoints(self) -> Iterator[Checkpoint]:
        for row in m.AuditCheckpoint.objects.order_by("id").iterator(chunk_size=2000):
            yield to_checkpoint(row)

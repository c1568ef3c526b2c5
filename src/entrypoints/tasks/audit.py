"""Sealing the audit trail: every second in `manage.py run_worker`, and every minute here as a safety net (a plain
`run_huey` consumer still seals). Two sealers take turns on the chain head; requests never wait for either."""

from __future__ import annotations

import structlog
from django.conf import settings

from adapters.huey.queue import periodic
from entrypoints.bootstrap import container

log = structlog.get_logger("audit")


def seal_and_checkpoint() -> int:
    """Seal what is pending; publish a checkpoint (database and log) when due. The number sealed."""
    c = container()
    report = c.audit_sealer.seal_all()
    if report.refused:
        log.error(
            "audit.seal_refused", count=len(report.refused), entry_ids=list(report.refused[:20]), reason="bad MAC"
        )
    checkpoint = c.audit_sealer.checkpoint(every=settings.AUDIT_CHECKPOINT_EVERY)
    if checkpoint is not None:
        # the copy outside the database: compare with `verify_audit --expect SEQ:HASH` after a suspected truncation
        log.info("audit.checkpoint", chain_seq=checkpoint.chain_seq, hash=checkpoint.hash, key_id=checkpoint.key_id)
    return report.sealed


@periodic("audit.seal", minute="*")
def seal_audit() -> int:
    return seal_and_checkpoint()

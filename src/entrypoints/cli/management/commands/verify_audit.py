from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from domain.audit.verify import KINDS
from entrypoints.bootstrap import container

_EXPECT = re.compile(r"^(\d{1,19}):([0-9a-f]{64})$")


def expectation(value: str) -> tuple[int, str]:
    match = _EXPECT.match(value.strip())
    if match is None:
        raise ValueError(value)
    return int(match.group(1)), match.group(2)


class Command(BaseCommand):
    help = (
        "Verify the audit trail: every entry's MAC, the chain's links and seals, the head, the checkpoints, and "
        "entries waiting too long to be sealed. Exits non-zero with every problem found."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect",
            action="append",
            type=expectation,
            default=[],
            metavar="SEQ:HASH",
            help="a checkpoint copied from the log (audit.checkpoint chain_seq=... hash=...); repeatable",
        )
        parser.add_argument(
            "--grace",
            type=float,
            default=settings.AUDIT_SEAL_GRACE.total_seconds(),
            help="seconds an entry may wait to be sealed before it is reported (default: AUDIT_SEAL_GRACE)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        c = container()
        report = c.audit_verifier.verify(c.clock.now(), timedelta(seconds=opts["grace"]), opts["expect"])
        summary = (
            f"{report.sealed} sealed entries, {report.unsealed} waiting to be sealed, "
            f"head at {report.head.chain_seq} ({report.head.hash[:16]}…)"
        )
        if report.ok:
            self.stdout.write(self.style.SUCCESS(f"audit trail intact: {summary}"))
            return
        for p in report.problems:
            where = f" at {p.at}" if p.at is not None else ""
            self.stderr.write(f"{p.kind}{where}: {p.detail} — {KINDS[p.kind]}")
        more = f" (and {report.more} more)" if report.more else ""
        raise CommandError(f"audit trail NOT intact: {len(report.problems)} problems{more}; {summary}")

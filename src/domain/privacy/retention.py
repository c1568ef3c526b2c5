"""Retention: each data class's rows older than its period (PRIVACY_RETENTION_DAYS) are removed in batches, the
people under a legal hold left alone, and each class's run is recorded (rows removed, time taken). A dry run only
counts. A profile's data_retention_date, once reached, opens an erasure request reviewed like any other."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.live import now_of
from domain.shared.pagination import MAX_LIMIT, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import SYSTEM, Principal
from domain.shared.uow import UnitOfWork

from .events import PrivacyRequestChanged
from .model import DEFAULT_RETENTION_DAYS, PERSONAL, DataClass, NewRequest, RequestKind, RetentionRun, Stage
from .ports import HoldStore, RequestStore, RetentionRuns, RetentionStore, Subjects

RETENTION_REASON = "data_retention_date reached"


@dataclass(frozen=True)
class RetentionSettings:
    # a source: the run-time `retention` policy (domain.policies)
    days: Mapping[DataClass, int] | Callable[[], Mapping[DataClass, int]] = field(
        default_factory=lambda: dict(DEFAULT_RETENTION_DAYS)
    )
    batch: int = 5000


@dataclass(frozen=True)
class RetentionReport:
    runs: list[RetentionRun]
    erasures_requested: list[int]  # the people whose data_retention_date opened an erasure request


class Retention:
    def __init__(
        self,
        store: RetentionStore,
        runs: RetentionRuns,
        holds: HoldStore,
        requests: RequestStore,
        subjects: Subjects,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        settings: RetentionSettings | None = None,
    ):
        self.store, self.runs, self.holds, self.requests, self.subjects = store, runs, holds, requests, subjects
        self.audit, self.uow, self.clock = audit, uow, clock
        self.settings = settings or RetentionSettings()

    def run(self, dry_run: bool = False) -> RetentionReport:
        """Every class in turn; each batch commits on its own (a killed run loses one batch, the next run goes on)."""
        now = self.clock.now()
        held = self.holds.held(now)
        runs = []
        for data_class in DataClass:
            days = now_of(self.settings.days).get(data_class, DEFAULT_RETENTION_DAYS[data_class])
            cutoff = now - timedelta(days=days)
            people = held if data_class in PERSONAL else set()
            started = self.clock.now()
            count = self.store.count if dry_run else self._purge
            rows = count(data_class, cutoff, people)
            took = int((self.clock.now() - started).total_seconds() * 1000)
            with self.uow:
                run = self.runs.add(RetentionRun(0, data_class, dry_run, rows, started, took, cutoff))
                if not dry_run:
                    self.audit.record(
                        SYSTEM,
                        "privacy.retention_run",
                        "retention_run",
                        run.id,
                        {"data_class": data_class.value, "rows": rows},
                    )
                self.uow.commit()
            runs.append(run)
        return RetentionReport(runs, [] if dry_run else self.schedule_erasures())

    def dry_run(self, actor: Principal) -> RetentionReport:
        """What a run would remove now, per data class, removing nothing; the dry run joins the runs' history. Needs
        `compliance.reports`; audited."""
        self.audit.require(actor, Permission.COMPLIANCE_REPORTS, "retention_run", "dry_run")
        report = self.run(dry_run=True)
        with self.uow:
            rows = {r.data_class.value: r.rows for r in report.runs}
            self.audit.record(actor, "privacy.retention_dry_run", "retention_run", "", {"rows": rows})
            self.uow.commit()
        return report

    def due_erasures(self) -> list[int]:
        """The learners whose data_retention_date is reached and for whom no erasure was asked since."""
        now = self.clock.now()
        return [uid for uid, since in self.subjects.retention_due(now, 10_000) if not self._asked(uid, since)]

    def schedule_erasures(self) -> list[int]:
        now, opened = self.clock.now(), []
        for uid in self.due_erasures():
            subject = self.subjects.get(uid)
            if subject is None or subject.is_staff:
                continue
            with self.uow:
                new = NewRequest(RequestKind.ERASURE, uid, 0, RETENTION_REASON, now, Stage.AWAITING_APPROVAL)
                request = self.requests.add(new)
                if request is None:
                    continue  # an open one already
                self.audit.record(
                    SYSTEM,
                    "privacy.erasure_requested",
                    "user",
                    uid,
                    {"request_id": request.id, "by": "data_retention_date"},
                )
                self.uow.publish(PrivacyRequestChanged.of(request, now))
                self.uow.commit()
            opened.append(uid)
        return opened

    def _asked(self, user_id: int, since: datetime) -> bool:
        """An erasure request (of any outcome) made on or after `since`: a rejected one is not asked again."""
        found = self.requests.search(None, user_id, PageRequest(limit=MAX_LIMIT))
        return any(r.kind is RequestKind.ERASURE and r.created_at >= since for r in found.items)

    def _purge(self, data_class: DataClass, cutoff: datetime, held: set[int]) -> int:
        total = 0
        while True:
            with self.uow:
                gone = self.store.purge(data_class, cutoff, held, self.settings.batch)
                self.uow.commit()
            total += gone
            if gone < self.settings.batch:
                return total

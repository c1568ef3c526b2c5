"""The privacy module assembled from its ports (the composition root calls `Privacy.build`), and the consent reads it
offers the modules built before it (ConsentRecording, ConsentExclusions: over the consent store alone)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from domain.audit.service import AuditService
from domain.shared.audit import ExportWatch
from domain.shared.clock import Clock
from domain.shared.uow import UnitOfWork

from .consents import Consents
from .holds import LegalHolds
from .jobs import Factors, JobSettings, PrivacyJobs, Revoker
from .model import ANALYTICS, ERASE_TASK, EXPORT_TASK, SESSION_RECORDING, ConsentSettings
from .ports import (
    Anonymiser,
    ConsentStore,
    ExportFiles,
    HoldStore,
    LearnerAnalytics,
    PersonalData,
    Recordings,
    ReportQueries,
    RequestStore,
    RetentionRuns,
    RetentionStore,
    Subjects,
)
from .reports import ComplianceReports, SessionLog
from .requests import PrivacyRequests, RequestSettings
from .retention import Retention, RetentionSettings


@dataclass(frozen=True)
class PrivacyStores:
    consents: ConsentStore
    requests: RequestStore
    holds: HoldStore
    runs: RetentionRuns
    subjects: Subjects
    data: PersonalData
    anonymiser: Anonymiser
    retention: RetentionStore
    reports: ReportQueries
    files: ExportFiles


@dataclass(frozen=True)
class PrivacySeams:
    """What other modules lend: monitoring's replays, identity's revocation, security's MFA store and detection
    rules, impersonation's sessions."""

    recordings: Recordings
    revoker: Revoker
    factors: Factors
    detector: ExportWatch
    sessions: SessionLog
    analytics: LearnerAnalytics


@dataclass(frozen=True)
class PrivacySettings:
    consents: ConsentSettings = field(default_factory=ConsentSettings)
    requests: RequestSettings = field(default_factory=RequestSettings)
    jobs: JobSettings = field(default_factory=JobSettings)
    retention: RetentionSettings = field(default_factory=RetentionSettings)


@dataclass(frozen=True)
class Privacy:
    consents: Consents
    requests: PrivacyRequests
    holds: LegalHolds
    jobs: PrivacyJobs
    retention: Retention
    reports: ComplianceReports

    @staticmethod
    def build(
        *,
        stores: PrivacyStores,
        seams: PrivacySeams,
        audit: AuditService,
        uow: UnitOfWork,
        clock: Clock,
        settings: PrivacySettings | None = None,
    ) -> Privacy:
        s, cfg = stores, settings or PrivacySettings()
        return Privacy(
            consents=Consents(
                store=s.consents,
                subjects=s.subjects,
                recordings=seams.recordings,
                analytics=seams.analytics,
                audit=audit,
                uow=uow,
                clock=clock,
                settings=cfg.consents,
            ),
            requests=PrivacyRequests(
                store=s.requests,
                holds=s.holds,
                subjects=s.subjects,
                files=s.files,
                detector=seams.detector,
                audit=audit,
                uow=uow,
                clock=clock,
                settings=cfg.requests,
            ),
            holds=LegalHolds(s.holds, s.subjects, audit, uow, clock),
            jobs=PrivacyJobs(
                store=s.requests,
                holds=s.holds,
                consents=s.consents,
                subjects=s.subjects,
                data=s.data,
                files=s.files,
                anonymiser=s.anonymiser,
                recordings=seams.recordings,
                analytics=seams.analytics,
                revoker=seams.revoker,
                factors=seams.factors,
                audit=audit,
                uow=uow,
                clock=clock,
                settings=cfg.requests,
                jobs=cfg.jobs,
            ),
            retention=Retention(
                store=s.retention,
                runs=s.runs,
                holds=s.holds,
                requests=s.requests,
                subjects=s.subjects,
                audit=audit,
                uow=uow,
                clock=clock,
                settings=cfg.retention,
            ),
            reports=ComplianceReports(
                audit=audit,
                consents=s.consents,
                requests=s.requests,
                holds=s.holds,
                runs=s.runs,
                sessions=seams.sessions,
                queries=s.reports,
                uow=uow,
                clock=clock,
            ),
        )

    def tasks(self) -> dict[str, Callable[..., object]]:
        """The background tasks this module enqueues, by name (entrypoints.tasks runs them on Huey)."""
        jobs = self.jobs  # enqueued with privacy_request=<id>
        return {
            EXPORT_TASK: lambda privacy_request: jobs.export(privacy_request),
            ERASE_TASK: lambda privacy_request: jobs.erase(privacy_request),
        }


class ConsentRecording:
    """monitoring's RecordingConsent, read from the consent store: replays are stored only while the person's newest
    `session_recording` choice is a grant (monitoring is built before privacy, which deletes its replays)."""

    def __init__(self, store: ConsentStore):
        self.store = store

    def recording_allowed(self, user_id: int) -> bool:
        latest = self.store.latest(user_id).get(SESSION_RECORDING)
        return latest is not None and latest.granted


class ConsentExclusions:
    """analytics' LearnerExclusions, read from the consent store: whoever's newest `analytics` choice is a withdrawal
    is left out of rollups and scores from then on (analytics counts everyone else: withdrawal, not a grant, is what
    the privacy issue names). Built before analytics, which privacy's jobs then call."""

    def __init__(self, store: ConsentStore):
        self.store = store

    def excluded_learners(self, among: Collection[int] | None = None) -> frozenset[int]:
        return frozenset(self.store.people(ANALYTICS, False, among))

"""The privacy module assembled from its ports (the composition root calls `Privacy.build`)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from domain.audit.service import AuditService
from domain.shared.audit import ExportWatch
from domain.shared.clock import Clock
from domain.shared.uow import UnitOfWork

from .consents import Consents
from .holds import LegalHolds
from .jobs import Factors, JobSettings, PrivacyJobs, Revoker
from .model import ConsentSettings
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
        s: PrivacyStores,
        seams: PrivacySeams,
        audit: AuditService,
        uow: UnitOfWork,
        clock: Clock,
        settings: PrivacySettings | None = None,
    ) -> Privacy:
        cfg = settings or PrivacySettings()
        return Privacy(
            Consents(s.consents, s.subjects, seams.recordings, seams.analytics, audit, uow, clock, cfg.consents),
            PrivacyRequests(s.requests, s.holds, s.subjects, s.files, seams.detector, audit, uow, clock, cfg.requests),
            LegalHolds(s.holds, s.subjects, audit, uow, clock),
            PrivacyJobs(
                s.requests,
                s.holds,
                s.consents,
                s.subjects,
                s.data,
                s.files,
                s.anonymiser,
                seams.recordings,
                seams.analytics,
                seams.revoker,
                seams.factors,
                audit,
                uow,
                clock,
                cfg.requests,
                cfg.jobs,
            ),
            Retention(s.retention, s.runs, s.holds, s.requests, s.subjects, audit, uow, clock, cfg.retention),
            ComplianceReports(audit, s.consents, s.requests, s.holds, s.runs, seams.sessions, s.reports, uow, clock),
        )


class ConsentRecording:
    """monitoring's RecordingConsent over the consent store, for wiring before the module is built (monitoring is
    built first; privacy deletes monitoring's replays)."""

    def __init__(self) -> None:
        self.consents: Consents | None = None

    def recording_allowed(self, user_id: int) -> bool:
        return self.consents is not None and self.consents.recording_allowed(user_id)


class ConsentExclusions:
    """analytics' LearnerExclusions over the consent store: whoever's newest `analytics` choice is a withdrawal is
    left out of rollups and scores from then on (analytics counts everyone else: withdrawal, not a grant, is what
    the privacy issue names). Wired like ConsentRecording, before the module is built."""

    def __init__(self) -> None:
        self.consents: Consents | None = None

    def excluded_learners(self, among: Collection[int] | None = None) -> frozenset[int]:
        return frozenset(self.consents.withdrawn("analytics", among)) if self.consents is not None else frozenset()

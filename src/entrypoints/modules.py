"""Modules assembled from their ports: the same wiring for the real adapters and the in-memory harness."""

from __future__ import annotations

from adapters.risk_rescore import RescoreOnTicketChange
from adapters.user_agents import UaParserDevices
from domain.accounts.service import AccountsService
from domain.audit.service import AuditService
from domain.bulk.exporting import PersonalDataExportAlarm
from domain.bulk.ports import BulkAccounts, BulkFiles, OperationStore, Revoker
from domain.bulk.runner import BulkRunner, BulkSettings, Pause
from domain.bulk.service import BulkService
from domain.identity.service import AuthService
from domain.security.detection.detector import Detector
from domain.security.detection.policy import DetectionPolicy
from domain.security.login import LoginPolicy
from domain.security.passwords import PasswordService
from domain.security.ports import LoginHistory, SecurityDirectory, SecurityEventStore, ThrottleStore
from domain.security.protection import LoginProtection
from domain.security.service import SecurityEvents
from domain.shared.clock import Clock
from domain.shared.rank import RankLookup
from domain.shared.uow import UnitOfWork
from domain.tickets.learner_directory import AccountsLearnerDirectory
from domain.tickets.ports import AgentDirectory, Knowledge, TicketQueries, TicketRepository
from domain.tickets.service import Support
from domain.tickets.sla import SlaPolicy
from domain.tickets.steps import Steps
from domain.tickets.sweep import SlaSweep


def support_desk(
    tickets: TicketRepository,
    queries: TicketQueries,
    agents: AgentDirectory,
    accounts: AccountsService,
    knowledge: Knowledge,
    audit: AuditService,
    uow: UnitOfWork,
    clock: Clock,
    policy: SlaPolicy,
) -> tuple[Support, SlaSweep]:
    learners = AccountsLearnerDirectory(accounts)
    watchers = (RescoreOnTicketChange(uow),)  # a ticket's changes move the learner's at-risk score
    steps = Steps(tickets, agents, learners, knowledge, audit, uow, clock, policy, watchers=watchers)
    support = Support.build(steps, queries)
    return support, support.sweep


def security_module(
    store: SecurityEventStore,
    throttle: ThrottleStore,
    directory: SecurityDirectory,
    history: LoginHistory,
    audit: AuditService,
    uow: UnitOfWork,
    clock: Clock,
    policy: LoginPolicy | None = None,
    alert_emails: tuple[str, ...] = (),
    unblock_url: str = "",
    detection: DetectionPolicy | None = None,
    *,
    ranks: RankLookup,
) -> tuple[SecurityEvents, LoginProtection, Detector]:
    events = SecurityEvents(store, directory, audit, uow, clock, alert_emails)
    detector = Detector(history, UaParserDevices(), events, audit, throttle, uow, clock, detection)
    protection = LoginProtection(
        throttle, directory, events, audit, uow, clock, detector, policy, unblock_url, ranks=ranks
    )
    return events, protection, detector


def bulk_module(
    store: OperationStore,
    accounts: BulkAccounts,
    files: BulkFiles,
    auth: AuthService,
    revoker: Revoker,
    passwords: PasswordService,
    detector: Detector,
    audit: AuditService,
    uow: UnitOfWork,
    clock: Clock,
    pause: Pause,
    settings: BulkSettings,
) -> tuple[BulkService, BulkRunner]:
    alarm = PersonalDataExportAlarm(detector)  # personal_data_export: the detection rule, raised at download
    service = BulkService(store, accounts, files, alarm, audit, uow, clock, settings)
    runner = BulkRunner(store, accounts, files, revoker, passwords, auth, audit, uow, clock, pause, settings)
    return service, runner

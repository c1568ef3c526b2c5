"""The monitoring module wired to fakes (the harness) or to Django, Huey, ua-parser and psutil (part of the
composition root: bootstrap.py calls these)."""

from __future__ import annotations

from collections.abc import Collection

from adapters.memory.accounts import InMemoryAccounts
from adapters.memory.identity import InMemoryIdentityDirectory
from adapters.memory.monitoring import InMemoryMonitoring
from adapters.memory.monitoring_queries import InMemoryMonitoringQueries
from adapters.memory.monitoring_state import (
    InMemoryAlertStore,
    InMemoryPulseStore,
    InMemoryRouteStats,
    InMemoryStaff,
    KnownUserAgents,
    RecordingSystemProbe,
    RecordingTimer,
)
from domain.audit.service import AuditService
from domain.monitoring.detection import Thresholds
from domain.monitoring.ports import RecordingConsent
from domain.monitoring.seams import SupportDesk
from domain.monitoring.service import Monitoring, Seams, Stores
from domain.shared.clock import Clock
from domain.shared.uow import UnitOfWork
from domain.tickets.service import Support


def memory_stores(store: InMemoryMonitoring) -> Stores:
    return Stores(
        store,
        store,
        InMemoryMonitoringQueries(store),
        InMemoryRouteStats(store),
        InMemoryAlertStore(store),
        InMemoryPulseStore(store),
    )


def memory_monitoring(
    store: InMemoryMonitoring,
    people: InMemoryAccounts,
    directory: InMemoryIdentityDirectory,
    support: Support,
    audit: AuditService,
    uow: UnitOfWork,
    clock: Clock,
    consent: RecordingConsent,
) -> tuple[Monitoring, InMemoryStaff, RecordingTimer]:
    def known(ids: Collection[int]) -> set[int]:
        return {i for i in ids if i in people.people or directory.get(i) is not None}

    store.known = known
    staff, timer = InMemoryStaff(), RecordingTimer()
    seams = Seams(SupportDesk(support), staff, consent, KnownUserAgents(), timer, RecordingSystemProbe())
    return Monitoring.build(memory_stores(store), seams, audit, uow, clock), staff, timer


def django_monitoring(
    support: Support, audit: AuditService, uow: UnitOfWork, clock: Clock, consent: RecordingConsent
) -> Monitoring:
    """`consent`: the privacy module's `session_recording` check (replays are stored only with it)."""
    from django.conf import settings

    from adapters.orm.monitoring.errors import DjangoErrorStore
    from adapters.orm.monitoring.queries import DjangoMonitoringQueries
    from adapters.orm.monitoring.state import DjangoAlertStore, DjangoPulseStore, DjangoRouteStats, DjangoStaffDirectory
    from adapters.orm.monitoring.telemetry import DjangoTelemetryStore
    from adapters.telemetry import HostProbe, HueyPulseTimer, UaParserUserAgents

    stores = Stores(
        DjangoTelemetryStore(),
        DjangoErrorStore(),
        DjangoMonitoringQueries(),
        DjangoRouteStats(),
        DjangoAlertStore(),
        DjangoPulseStore(),
    )
    seams = Seams(
        SupportDesk(support),
        DjangoStaffDirectory(),
        consent,
        UaParserUserAgents(),
        HueyPulseTimer(),
        HostProbe(clock),
    )
    thresholds = Thresholds(
        users=settings.MONITORING_ALERT_USERS, users_minutes=settings.MONITORING_ALERT_USERS_MINUTES
    )
    return Monitoring.build(
        stores,
        seams,
        audit,
        uow,
        clock,
        tuple(settings.MONITORING_ALERT_EMAILS),
        settings.MONITORING_REPLAY_DAYS,
        thresholds,
    )

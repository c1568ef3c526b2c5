"""The monitoring module's use cases, by role, and how they are put together."""

from __future__ import annotations

from dataclasses import dataclass

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.uow import UnitOfWork

from .alert_triage import AlertTriage
from .detect_service import Detection
from .detection import Thresholds
from .errors_ingest import ErrorRecorder
from .health import Health
from .ingest import TelemetryIngestion, purge_replays
from .live import LiveSessions, Pulse
from .ports import (
    AlertRuleStore,
    AlertStore,
    ErrorStore,
    MonitoringQueries,
    PulseStore,
    PulseTimer,
    RecordingConsent,
    RouteStats,
    SourceMapStore,
    StaffDirectory,
    SystemProbe,
    TelemetryStore,
    TicketDesk,
    UserAgents,
)
from .rule_service import AlertRules
from .sourcemaps import SourceMaps
from .tracking import ErrorTracking


@dataclass(frozen=True)
class Stores:
    telemetry: TelemetryStore
    errors: ErrorStore
    queries: MonitoringQueries
    routes: RouteStats
    alerts: AlertStore
    pulse: PulseStore
    sourcemaps: SourceMapStore
    rules: AlertRuleStore


@dataclass(frozen=True)
class Host:
    """What the environment lends: staff addresses, a user-agent parser, the pulse's timer, the host's probe."""

    staff: StaffDirectory
    agents: UserAgents
    timer: PulseTimer
    probe: SystemProbe


@dataclass(frozen=True)
class MonitoringSettings:
    alert_emails: tuple[str, ...] = ()
    replay_days: int = 14
    thresholds: Thresholds | None = None


@dataclass(frozen=True)
class Monitoring:
    telemetry: TelemetryIngestion
    live: LiveSessions
    pulse: Pulse
    errors: ErrorTracking
    detection: Detection
    rules: AlertRules
    alerts: AlertTriage
    health: Health
    stores: Stores
    sourcemaps: SourceMaps
    replay_days: int = 14

    @classmethod
    def build(
        cls,
        *,
        stores: Stores,
        host: Host,
        desk: TicketDesk,
        consent: RecordingConsent,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        settings: MonitoringSettings | None = None,
    ) -> Monitoring:
        """`desk`: the support desk (errors and alerts open tickets); `consent`: privacy's `session_recording`
        check (replays are stored only with it)."""
        s, cfg = stores, settings or MonitoringSettings()
        recorder = ErrorRecorder(s.errors)
        rulebook = AlertRules(s.rules, audit, uow, clock, cfg.thresholds or Thresholds(), cfg.alert_emails)
        maps = SourceMaps(s.sourcemaps, audit, uow, clock)
        return cls(
            telemetry=TelemetryIngestion(
                store=s.telemetry,
                recorder=recorder,
                consent=consent,
                agents=host.agents,
                audit=audit,
                uow=uow,
                clock=clock,
                maps=maps,
            ),
            live=LiveSessions(s.queries, audit, uow, clock),
            pulse=Pulse(s.pulse, s.queries, host.timer, uow, clock),
            errors=ErrorTracking(
                store=s.errors,
                queries=s.queries,
                recorder=recorder,
                desk=desk,
                staff=host.staff,
                audit=audit,
                uow=uow,
                clock=clock,
                maps=maps,
            ),
            detection=Detection(
                queries=s.queries,
                routes=s.routes,
                alerts=s.alerts,
                desk=desk,
                staff=host.staff,
                audit=audit,
                uow=uow,
                clock=clock,
                rulebook=rulebook,
            ),
            rules=rulebook,
            alerts=AlertTriage(s.alerts, audit, uow, clock),
            health=Health(s.routes, s.queries, host.probe, desk, clock),
            stores=stores,
            sourcemaps=maps,
            replay_days=cfg.replay_days,
        )

    def purge_replays(self) -> int:
        return purge_replays(self.stores.telemetry, self.telemetry.clock, self.replay_days)

"""The monitoring module's stores on Django, and the host it watches (the composition root calls these)."""

from __future__ import annotations

from adapters.telemetry import HostProbe, HueyPulseTimer, UaParserUserAgents
from domain.monitoring.service import Host, Stores
from domain.shared.clock import Clock

from .errors import DjangoErrorStore
from .queries import DjangoMonitoringQueries
from .rules import DjangoAlertRuleStore
from .sourcemaps import DjangoSourceMapStore
from .state import DjangoAlertStore, DjangoPulseStore, DjangoRouteStats, DjangoStaffDirectory
from .telemetry import DjangoTelemetryStore


def monitoring_stores() -> Stores:
    return Stores(
        DjangoTelemetryStore(),
        DjangoErrorStore(),
        DjangoMonitoringQueries(),
        DjangoRouteStats(),
        DjangoAlertStore(),
        DjangoPulseStore(),
        DjangoSourceMapStore(),
        DjangoAlertRuleStore(),
    )


def host(clock: Clock) -> Host:
    """Staff addresses from the identity tables, ua-parser, Huey's pulse timer, psutil's probe."""
    return Host(DjangoStaffDirectory(), UaParserUserAgents(), HueyPulseTimer(), HostProbe(clock))

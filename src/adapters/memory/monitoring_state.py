"""In-memory route rollups, alerts, shared marks, staff contacts and the monitoring side ports for the harness."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from domain.monitoring.model import Alert, AlertState, Device, Finding
from domain.monitoring.queries import ALERTS_CURSOR
from domain.monitoring.records import RouteSample
from domain.shared.pagination import Page, PageRequest, page_from_rows
from domain.shared.permissions import Permission, Role, permissions_for

from .monitoring import InMemoryMonitoring


class InMemoryRouteStats:
    def __init__(self, store: InMemoryMonitoring):
        self.s = store

    def add(self, samples: Sequence[RouteSample]) -> None:
        self.s.routes += samples

    def since(self, start: datetime) -> list[RouteSample]:
        return [r for r in self.s.routes if r.minute >= start]

    def served(self, start: datetime) -> tuple[int, int]:
        rows = self.since(start)
        return sum(r.count for r in rows), sum(r.server_errors for r in rows)


class InMemoryAlertStore:
    def __init__(self, store: InMemoryMonitoring):
        self.s = store

    def claim_run(self, minute: datetime) -> datetime | None:
        last, _ = self.s.marks.get("detection", (None, False))
        if last is not None and last >= minute:
            return None
        self.s.marks["detection"] = (minute, False)
        return last or minute

    def add(self, finding: Finding, at: datetime, emailed: bool, ticket_id: int | None) -> Alert:
        f = finding
        alert = Alert(
            len(self.s.alert_rows) + 1,
            f.rule,
            f.subject,
            f.severity,
            f.message,
            dict(f.evidence),
            at,
            at,
            1,
            at if emailed else None,
            ticket_id,
        )
        self.s.alert_rows.append(alert)
        return alert

    def repeat(self, alert_id: int, finding: Finding, at: datetime, emailed: bool, ticket_id: int | None) -> Alert:
        a, f = self.s.alert_rows[alert_id - 1], finding
        alert = replace(
            a,
            severity=f.severity,
            message=f.message,
            evidence=dict(f.evidence),
            last_seen_at=at,
            occurrences=a.occurrences + 1,
            emailed_at=at if emailed else a.emailed_at,
            ticket_id=a.ticket_id if ticket_id is None else ticket_id,
        )
        self.s.alert_rows[alert_id - 1] = alert
        return alert

    def latest(self, rule: str, subject: str) -> Alert | None:
        mine = [a for a in self.s.alert_rows if a.rule.value == rule and a.subject == subject]
        return max(mine, key=lambda a: (a.created_at, a.id), default=None)

    def alerts(self, page: PageRequest, state: AlertState | None = None, now: datetime | None = None) -> Page[Alert]:
        rows = sorted(self.s.alert_rows, key=lambda a: (a.created_at, a.id), reverse=True)
        if state is not None:
            if now is None:
                raise ValueError("an alert's state is read against a time: pass now (the Clock's)")
            rows = [a for a in rows if a.state_at(now) is state]
        after = page.after(ALERTS_CURSOR)
        if after is not None:
            rows = [a for a in rows if (a.created_at, a.id) < tuple(after)]
        return page_from_rows(rows[: page.limit + 1], page, ALERTS_CURSOR, lambda a: (a.created_at, a.id))

    def get(self, alert_id: int) -> Alert | None:
        return self.s.alert_rows[alert_id - 1] if 0 < alert_id <= len(self.s.alert_rows) else None

    def mark(
        self,
        alert_id: int,
        acknowledged: tuple[datetime, int] | None,
        muted_until: datetime | None,
        until_resolved: bool,
    ) -> Alert:
        a = self.s.alert_rows[alert_id - 1]
        if acknowledged is not None:
            a = replace(a, acknowledged_at=acknowledged[0], acknowledged_by=acknowledged[1])
        a = replace(a, muted_until=muted_until, mute_until_resolved=until_resolved)
        self.s.alert_rows[alert_id - 1] = a
        return a

    def proactive_ticket(self, session_id: int, group_id: int) -> int | None:
        hit = self.s.proactive.get((session_id, group_id))
        return hit[0] if hit else None

    def link_ticket(self, ticket_id: int, at: datetime, session_id: int | None, group_id: int | None) -> None:
        self.s.proactive[(session_id, group_id)] = (ticket_id, at)


class InMemoryPulseStore:
    def __init__(self, store: InMemoryMonitoring):
        self.s = store

    def last_pulse(self) -> tuple[datetime | None, bool]:
        return self.s.marks.get("pulse", (None, False))

    def claim(self, expected: datetime | None, at: datetime) -> bool:
        last, waiting = self.last_pulse()
        if last != expected:
            return False
        self.s.marks["pulse"] = (at, waiting)
        return True

    def set_waiting(self, waiting: bool) -> bool:
        last, was = self.last_pulse()
        self.s.marks["pulse"] = (last, waiting)
        return was != waiting


@dataclass
class RecordingTimer:
    """PulseTimer that keeps the delays asked for (a test runs the pulse's flush itself)."""

    delays: list[float] = field(default_factory=list)

    def later(self, seconds: float) -> None:
        self.delays.append(seconds)


class KnownUserAgents:
    """UserAgents from a table (the harness does not parse: the real adapter uses ua-parser)."""

    def __init__(self, table: dict[str, Device] | None = None):
        self.table = table or {}

    def parse(self, user_agent: str) -> Device:
        return self.table.get(user_agent, Device(browser="Other", os="Other", device="Other"))


@dataclass
class InMemoryStaff:
    """StaffDirectory from (user id, e-mail, roles) the test lists; `inactive` holds the deactivated ones."""

    people: dict[int, tuple[str, frozenset[Role]]] = field(default_factory=dict)
    inactive: set[int] = field(default_factory=set)

    def _active(self) -> list[tuple[str, frozenset[Role]]]:
        return [held for uid, held in self.people.items() if uid not in self.inactive]

    def emails_of(self, roles: Collection[Role]) -> list[str]:
        return sorted({email for email, held in self._active() if held & set(roles) and email})

    def has_members(self, role: Role) -> bool:
        return any(role in held for _, held in self._active())

    def can_triage(self, user_id: int) -> bool:
        held = None if user_id in self.inactive else self.people.get(user_id)
        return held is not None and Permission.MONITORING_READ in permissions_for(held[1])


def _quiet_host() -> dict[str, float | None]:
    """Every figure SystemProbe promises, as an idle host without Redis would show them."""
    return {
        "cpu_percent": 1.0,
        "memory_percent": 1.0,
        "process_rss_mb": 80.0,
        "database_ms": 0.5,
        "redis_ms": None,
        "queue_depth": 0.0,
        "outbox_backlog": 0.0,
        "outbox_oldest_seconds": None,
        "event_streams": 0.0,
    }


@dataclass
class RecordingSystemProbe:
    """SystemProbe with the figures a test sets (a quiet host unless told otherwise)."""

    figures: dict[str, float | None] = field(default_factory=_quiet_host)

    def sample(self) -> dict[str, float | None]:
        return dict(self.figures)

"""Route rollups, alerts, the marks shared by processes (pulse, detection run), and who to tell."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum

from domain.monitoring.model import ALERT_EVERY, Alert, AlertRule, AlertSeverity, AlertState, Finding
from domain.monitoring.queries import ALERTS_CURSOR
from domain.monitoring.records import RouteSample
from domain.shared.pagination import Page, PageRequest, page_from_rows
from domain.shared.permissions import Permission, Role, parse_roles, permissions_for

from .models import AlertRow, MonitorState, ProactiveTicket, RouteMinute

PULSE, DETECTION = "pulse", "detection"


class DjangoRouteStats:
    def add(self, samples: Sequence[RouteSample]) -> None:
        RouteMinute.objects.bulk_create(
            [
                RouteMinute(
                    minute=s.minute,
                    route=s.route[:300],
                    method=s.method[:10],
                    count=s.count,
                    server_errors=s.server_errors,
                    client_errors=s.client_errors,
                    duration_ms_sum=s.duration_ms_sum,
                    buckets=list(s.buckets),
                )
                for s in samples
            ]
        )

    def since(self, start: datetime) -> list[RouteSample]:
        rows = RouteMinute.objects.filter(minute__gte=start).values_list(
            "minute", "route", "method", "count", "server_errors", "client_errors", "duration_ms_sum", "buckets"
        )
        return [RouteSample(m, r, meth, n, se, ce, d, tuple(b)) for m, r, meth, n, se, ce, d, b in rows.iterator()]

    def served(self, start: datetime) -> tuple[int, int]:
        got = RouteMinute.objects.filter(minute__gte=start).aggregate(n=Sum("count"), e=Sum("server_errors"))
        return got["n"] or 0, got["e"] or 0

    def purge(self, before: datetime) -> int:
        return RouteMinute.objects.filter(minute__lt=before).delete()[0]


def to_alert(r: AlertRow) -> Alert:
    return Alert(
        r.pk,
        AlertRule(r.rule),
        r.subject,
        AlertSeverity(r.severity),
        r.message,
        dict(r.evidence),
        r.created_at,
        r.last_seen_at,
        r.occurrences,
        r.emailed_at,
        r.ticket_id,
        r.acknowledged_at,
        r.acknowledged_by,
        r.muted_until,
        r.mute_until_resolved,
    )


def _mark(name: str) -> MonitorState:
    return MonitorState.objects.get_or_create(name=name)[0]


class DjangoAlertStore:
    def claim_run(self, minute: datetime) -> datetime | None:
        state = _mark(DETECTION)
        if state.at is not None and state.at >= minute:
            return None
        claimed = MonitorState.objects.filter(name=DETECTION, at=state.at).update(at=minute)
        return (state.at or minute) if claimed else None

    def add(self, finding: Finding, at: datetime, emailed: bool, ticket_id: int | None) -> Alert:
        f = finding
        row = AlertRow.objects.create(
            rule=f.rule.value,
            subject=f.subject[:400],
            severity=f.severity.value,
            message=f.message,
            evidence=f.evidence,
            created_at=at,
            last_seen_at=at,
            occurrences=1,
            emailed_at=at if emailed else None,
            ticket_id=ticket_id,
        )
        return to_alert(row)

    def repeat(self, alert_id: int, finding: Finding, at: datetime, emailed: bool, ticket_id: int | None) -> Alert:
        f = finding
        changes: dict[str, object] = {
            "severity": f.severity.value,
            "message": f.message,
            "evidence": f.evidence,
            "last_seen_at": at,
            "occurrences": F("occurrences") + 1,
        }
        if emailed:
            changes["emailed_at"] = at
        if ticket_id is not None:
            changes["ticket_id"] = ticket_id
        AlertRow.objects.filter(pk=alert_id).update(**changes)
        return to_alert(AlertRow.objects.get(pk=alert_id))

    def latest(self, rule: str, subject: str) -> Alert | None:
        row = AlertRow.objects.filter(rule=rule, subject=subject[:400]).order_by("-created_at", "-id").first()
        return to_alert(row) if row else None

    def alerts(self, page: PageRequest, state: AlertState | None = None, now: datetime | None = None) -> Page[Alert]:
        qs = AlertRow.objects.all()
        if state is not None:
            if now is None:
                raise ValueError("an alert's state is read against a time: pass now (the Clock's)")
            over = now - ALERT_EVERY
            if state is AlertState.RESOLVED:
                qs = qs.filter(last_seen_at__lte=over)
            else:
                qs = qs.filter(last_seen_at__gt=over, acknowledged_at__isnull=state is AlertState.OPEN)
        after = page.after(ALERTS_CURSOR)
        if after:
            qs = qs.filter(Q(created_at__lt=after[0]) | Q(created_at=after[0], id__lt=after[1]))
        items = [to_alert(r) for r in qs.order_by("-created_at", "-id")[: page.limit + 1]]
        return page_from_rows(items, page, ALERTS_CURSOR, lambda a: (a.created_at, a.id))

    def get(self, alert_id: int) -> Alert | None:
        row = AlertRow.objects.filter(pk=alert_id).first()
        return to_alert(row) if row else None

    def mark(
        self,
        alert_id: int,
        acknowledged: tuple[datetime, int] | None,
        muted_until: datetime | None,
        until_resolved: bool,
    ) -> Alert:
        changes: dict[str, object] = {"muted_until": muted_until, "mute_until_resolved": until_resolved}
        if acknowledged is not None:
            changes.update(acknowledged_at=acknowledged[0], acknowledged_by=acknowledged[1])
        AlertRow.objects.filter(pk=alert_id).update(**changes)
        return to_alert(AlertRow.objects.get(pk=alert_id))

    def proactive_ticket(self, session_id: int, group_id: int) -> int | None:
        row = ProactiveTicket.objects.filter(session_id=session_id, group_id=group_id).first()
        return row.ticket_id if row else None

    def link_ticket(self, ticket_id: int, at: datetime, session_id: int | None, group_id: int | None) -> None:
        ProactiveTicket.objects.create(ticket_id=ticket_id, created_at=at, session_id=session_id, group_id=group_id)


class DjangoPulseStore:
    def last_pulse(self) -> tuple[datetime | None, bool]:
        row = MonitorState.objects.filter(name=PULSE).values_list("at", "waiting").first()
        return (row[0], row[1]) if row else (None, False)

    def claim(self, expected: datetime | None, at: datetime) -> bool:
        if expected is None:
            try:
                with transaction.atomic():
                    MonitorState.objects.create(name=PULSE, at=at)
                return True
            except IntegrityError:
                return MonitorState.objects.filter(name=PULSE, at__isnull=True).update(at=at) == 1
        return MonitorState.objects.filter(name=PULSE, at=expected).update(at=at) == 1

    def set_waiting(self, waiting: bool) -> bool:
        if not MonitorState.objects.filter(name=PULSE).exists():
            MonitorState.objects.get_or_create(name=PULSE)
        return MonitorState.objects.filter(name=PULSE, waiting=not waiting).update(waiting=waiting) == 1


class DjangoStaffDirectory:
    def emails_of(self, roles: Collection[Role]) -> list[str]:
        users = User.objects.filter(is_active=True, groups__name__in=[r.value for r in roles]).exclude(email="")
        return sorted(set(users.values_list("email", flat=True)))

    def has_members(self, role: Role) -> bool:
        return User.objects.filter(is_active=True, groups__name=role.value).exists()

    def can_triage(self, user_id: int) -> bool:
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            return False
        roles = parse_roles(user.groups.values_list("name", flat=True))
        return user.is_superuser or Permission.MONITORING_READ in permissions_for(roles)


def outbox_backlog(now: datetime) -> tuple[int, float | None]:
    """Undelivered outbox messages and the age in seconds of the oldest."""
    from adapters.orm.outbox.models import OutboxMessage

    pending = OutboxMessage.objects.filter(delivered_at__isnull=True, failed_at__isnull=True)
    oldest = pending.order_by("available_at").values_list("created_at", flat=True).first()
    return pending.count(), (round((now - oldest).total_seconds(), 1) if oldest else None)

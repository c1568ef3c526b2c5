"""The per-minute detection run: rules over rollups -> alerts stored, published, e-mailed; proactive tickets."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import DomainError
from domain.shared.events import Notification
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission, Role
from domain.shared.principal import SYSTEM, Principal
from domain.shared.uow import UnitOfWork

from . import detection as rules
from .alert_rules import RuleConfig
from .events import AlertRaised
from .model import Alert, AlertRule, Finding
from .ports import AlertStore, MonitoringQueries, RouteStats, StaffDirectory, TicketDesk
from .rule_service import AlertRules

FIRST_RUN = timedelta(minutes=5)  # how far back the very first run looks


class Detection:
    def __init__(
        self,
        queries: MonitoringQueries,
        routes: RouteStats,
        alerts: AlertStore,
        desk: TicketDesk,
        staff: StaffDirectory,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        rulebook: AlertRules,
    ):
        self.queries, self.routes, self.store, self.desk, self.staff = queries, routes, alerts, desk, staff
        self.audit, self.uow, self.clock, self.rulebook = audit, uow, clock, rulebook

    def alerts(self, actor: Principal, page: PageRequest) -> Page[Alert]:
        actor.require(Permission.MONITORING_READ)
        return self.store.alerts(page)

    def run(self) -> list[int]:
        """One run per minute across every process (the minute is claimed in the database); the alert ids."""
        now = self.clock.now()
        minute = now.replace(second=0, microsecond=0)
        with self.uow:
            previous = self.store.claim_run(minute)
            self.uow.commit()
        if previous is None:
            return []
        since = max(previous, minute - FIRST_RUN) if previous != minute else minute - FIRST_RUN
        book = self.rulebook.effective()
        return [self.raise_alert(f, now, book[f.rule]) for f in self.findings(now, since, book)]

    def findings(self, now: datetime, since: datetime, book: dict[AlertRule, RuleConfig]) -> list[Finding]:
        """What each rule that is on finds, judged on its own thresholds."""
        t = {r: c.limits(self.rulebook.base) for r, c in book.items()}
        rep, users = t[AlertRule.REPEATED_ERROR], t[AlertRule.USERS_AFFECTED]
        data = self.queries.detection_input(now, since, rep.repeats, now - users.users_window, users.users)
        samples = self.routes.since(now - rules.BASELINE)
        r = AlertRule
        found = [
            *rules.new_groups(data.new_groups),
            *rules.regressions(data.regressed),
            *rules.spikes(data.group_hours, data.group_titles, t[r.SPIKE]),
            *(
                f
                for k in (r.SERVER_ERROR_RATE, r.ROUTE_LATENCY)
                for f in rules.server_alerts(samples, now, t[k])
                if f.rule is k
            ),
            *rules.repeated_errors(data.repeated, rep),
            *rules.users_affected(data.group_users, data.group_titles, users),
            *(f for k in (r.PAGE_EXITS, r.RAGE_CLICKS) for f in rules.page_jumps(data.page_hours, t[k]) if f.rule is k),
        ]
        return [f for f in found if book[f.rule].enabled]

    def raise_alert(self, f: Finding, now: datetime, rule: RuleConfig | None = None) -> int:
        """Every firing is stored and published: a new alert, or one more occurrence of the open alert of the rule
        and subject (fired in the last 30 minutes). Only the delivery (e-mail, webhook) is held back: at most one
        per 30 minutes, and none in the rule's quiet hours."""
        rule = rule or self.rulebook.effective()[f.rule]
        latest = self.store.latest(f.rule.value, f.subject)
        current = latest if latest is not None and latest.open_at(now) else None
        evidence = dict(f.evidence)
        finding = Finding(f.rule, f.subject, f.severity, f.message, evidence, f.user_id, f.session_id, f.group_id)
        recipients = rule.recipients if "email" in rule.channels else ()
        webhook = rule.webhook_url if "webhook" in rule.channels else None
        due = bool(recipients or webhook) and (current is None or current.email_due(now))
        muted = current is not None and current.muted_at(now)
        if due and (muted or rule.quiet_at(now)):
            evidence["held"] = "muted" if muted else "quiet hours"
        email = due and not muted and not rule.quiet_at(now)
        with self.uow:
            ticket_id = self._proactive_ticket(f, evidence, now) if f.rule is AlertRule.REPEATED_ERROR else None
            if current is None:
                alert = self.store.add(finding, now, email, ticket_id)
            else:
                alert = self.store.repeat(current.id, finding, now, email, ticket_id)
            self.uow.publish(AlertRaised.of(alert))
            if email:
                for to in recipients:
                    self.uow.notify(Notification(to, _subject(alert), _body(alert.id, f.message, evidence)))
                if webhook is not None:
                    text = f"{_subject(alert)}\n{_body(alert.id, f.message, evidence)}"
                    self.uow.notify(Notification(webhook, _subject(alert), text, channel="slack"))
            if current is None or email:  # the audit trail has each alert and each e-mail, not every minute
                what = {"rule": f.rule.value, "subject": f.subject, "occurrences": alert.occurrences, "emailed": email}
                self.audit.record(SYSTEM, "monitoring.alert", "alert", alert.id, what)
            self.uow.commit()
        return alert.id

    def _proactive_ticket(self, f: Finding, evidence: dict[str, object], now: datetime) -> int | None:
        """A ticket for the learner before they write in (once per session and error), and a word to customer
        success (to the support admins, said so in the evidence, when nobody holds that role)."""
        assert f.user_id is not None and f.session_id is not None and f.group_id is not None
        existing = self.store.proactive_ticket(f.session_id, f.group_id)
        if existing is not None:
            evidence["ticket"] = existing
            return existing
        description = (
            f"Detected by monitoring before the learner wrote in: {f.message}\n"
            f"Session: /api/monitoring/sessions/{f.session_id}\nError group: /api/monitoring/errors/{f.group_id}"
        )
        try:
            with self.uow:
                ticket_id = self.desk.open(
                    SYSTEM,
                    f.user_id,
                    "We noticed a problem in your session"[:200],
                    description,
                    ("monitoring", "proactive"),
                )
                self.store.link_ticket(ticket_id, now, f.session_id, f.group_id)
                self.uow.commit()
        except DomainError as exc:  # the learner cannot have a ticket (no profile, say): the alert still goes
            evidence["ticket_error"] = exc.code
            return None
        role = Role.CUSTOMER_SUCCESS if self.staff.has_members(Role.CUSTOMER_SUCCESS) else Role.SUPPORT_ADMIN
        evidence.update(ticket=ticket_id, told=role.value)
        if role is Role.SUPPORT_ADMIN:
            evidence["told_because"] = "nobody holds the customer_success role"
        for to in self.staff.emails_of([role]):
            self.uow.notify(
                Notification(
                    to, f"Proactive ticket #{ticket_id} for learner #{f.user_id}", _body(None, f.message, evidence)
                )
            )
        return ticket_id


def _subject(alert: Alert) -> str:
    again = (
        f", still firing ({alert.occurrences} times since {alert.created_at:%H:%M} UTC)"
        if alert.occurrences > 1
        else ""
    )
    return f"[monitoring] {alert.severity.value}{again}: {alert.message}"[:200]


def _body(alert_id: int | None, message: str, evidence: dict[str, object]) -> str:
    lines = [message, ""]
    if alert_id is not None:
        lines.append(f"Alert: /api/monitoring/alerts/{alert_id}")
    lines += [f"{k}: {v}" for k, v in sorted(evidence.items())]
    return "\n".join(lines)

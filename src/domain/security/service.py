"""Use cases of security events: raise (store, publish, alert), list, resolve, and a person's timeline."""

from __future__ import annotations

import json
from collections.abc import Sequence

from domain.accounts.ingestion import ActivityItem
from domain.audit.model import scrub
from domain.audit.service import AuditService
from domain.shared.clock import Clock
from domain.shared.errors import NotFound
from domain.shared.events import TOPIC_SECURITY_CRITICAL, Notification
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission, Role
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .events import SecurityEventRaised, SecurityEventResolved
from .model import ALERT_WINDOW, ALERTING, EventFilter, NewSecurityEvent, SecurityEvent
from .ports import SecurityDirectory, SecurityEventStore
from .timeline import Position, TimelineEntry, merge

ALERT_ROLES = (Role.SUPPORT_ADMIN, Role.PLATFORM_ADMIN)
REPORTED_RULE = "reported_by_platform"


class SecurityEvents:
    def __init__(
        self,
        store: SecurityEventStore,
        directory: SecurityDirectory,
        audit: AuditService,
        uow: UnitOfWork,
        clock: Clock,
        alert_emails: Sequence[str] = (),
    ):
        self.store = store
        self.directory = directory
        self.audit = audit
        self.uow = uow
        self.clock = clock
        self.alert_emails = tuple(alert_emails)

    # -- raising (inside the caller's unit of work) --------------------------------------------------
    def raise_events(self, news: Sequence[NewSecurityEvent]) -> list[SecurityEvent]:
        """Store the events, publish each on the `security` channel, and e-mail the high and critical ones to
        the security recipients (at most once per rule and subject every ALERT_WINDOW). Runs in the caller's
        unit of work: all of it commits, or none."""
        if not news:
            return []
        stored = self.store.add(news)
        for new, event in zip(news, stored, strict=True):
            self.uow.publish(SecurityEventRaised.of(event))
            if event.severity in ALERTING:
                self._alert(new, event)
        return stored

    def raise_event(self, new: NewSecurityEvent) -> SecurityEvent:
        return self.raise_events([new])[0]

    def record_reported(self, items: Sequence[ActivityItem]) -> None:
        """`security.*` activity pushed by platform services (accounts' ingestion): stored as security events."""
        self.raise_events([reported(i) for i in items if i.security_event])

    def _alert(self, new: NewSecurityEvent, event: SecurityEvent) -> None:
        now = self.clock.now()
        if not self.store.claim_alert(new.alert_key, now, now - ALERT_WINDOW):
            return
        for to in self.alert_emails or tuple(self.directory.emails_of(ALERT_ROLES)):
            self.uow.notify(alert_message(to, event))

    # -- reading and resolving -----------------------------------------------------------------------
    def search(self, actor: Principal, flt: EventFilter, page: PageRequest) -> Page[SecurityEvent]:
        target_type, target_id = ("user", flt.user_id) if flt.user_id is not None else ("security_event", "")
        self.audit.require(actor, Permission.SECURITY_READ, target_type, target_id)
        result = self.store.search(flt, page)
        with self.uow:
            details = {
                "filters": {k: v for k, v in vars(flt).items() if v is not None},
                "returned": [e.id for e in result.items],
                "users": sorted({e.user_id for e in result.items if e.user_id is not None}),
            }
            self.audit.record(actor, "security.events_read", target_type, target_id, details)
            self.uow.commit()
        return result

    def resolve(self, actor: Principal, event_id: int, note: str) -> SecurityEvent:
        self.audit.require(actor, Permission.SECURITY_MANAGE, "security_event", event_id)
        with self.uow:
            event = self.store.get_for_update(event_id)
            if event is None:
                raise NotFound("No such security event.", code="security_event_not_found", details={"id": event_id})
            done = event.resolve(actor.user_id, self.clock.now(), note)
            self.store.save(done)
            details = {"user_id": done.user_id, "event_type": done.event_type, "note": done.resolution_note}
            self.audit.record(actor, "security.event_resolve", "security_event", event_id, details)
            assert done.resolved_at is not None
            self.uow.publish(SecurityEventResolved(done.id, done.user_id, actor.user_id, done.resolved_at))
            self.uow.commit()
        return done

    def user_audit(self, actor: Principal, user_id: int, page: PageRequest) -> Page[TimelineEntry]:
        """One timeline of what happened to a person's account and who looked at their data; reading it is
        itself a read of that person's data, and audited as one."""
        self.audit.require(actor, Permission.SECURITY_READ, "user", user_id)
        if self.directory.get(user_id) is None:
            raise NotFound("No such user.", code="user_not_found", details={"id": user_id})
        position = Position.of(page)
        events = self.store.search(EventFilter(user_id=user_id), position.events_page(page.limit))
        entries = self.audit.about("user", user_id, position.audit_page(page.limit))
        more = events.next_cursor is not None or entries.next_cursor is not None
        items, cursor = merge(position, events.items, entries.items, user_id, page.limit, more)
        with self.uow:
            self.audit.record(actor, "security.user_audit_read", "user", user_id, {"returned": len(items)})
            self.uow.commit()
        return Page(items, cursor)


def reported(item: ActivityItem) -> NewSecurityEvent:
    """What the platform reported, as accounts' ingestion reads it (type, severity and description)."""
    c, event = item.common, item.security_event
    assert event is not None
    return NewSecurityEvent(
        event_type=event.event_type,
        severity=event.severity,
        rule=REPORTED_RULE,
        timestamp=c.timestamp,
        user_id=c.user_id,
        description=event.description,
        facts=scrub(item.activity_data),
        ip=c.ip_address,
        user_agent=c.user_agent,
    )


def alert_message(to: str, e: SecurityEvent) -> Notification:
    """What a security recipient reads: what, who, where and how to respond. Facts are the rule's own (never
    secrets); the full event is one API call away."""
    facts = json.dumps(dict(e.facts), sort_keys=True, default=str)
    if len(facts) > 2000:
        facts = facts[:2000] + " ..."
    who = f"user {e.user_id}" if e.user_id is not None else f"network {e.ip or 'unknown'}"
    body = "\n".join(
        [
            f"A {e.severity.value} security event was raised: {e.event_type} ({who}).",
            "",
            f"Event:    #{e.id} at {e.timestamp.isoformat()}",
            f"Rule:     {e.rule}",
            f"Severity: {e.severity.value}",
            f"Person:   {e.user_id if e.user_id is not None else '-'}",
            f"Network:  {e.ip or '-'}",
            f"What:     {e.description or e.event_type}",
            f"Facts:    {facts}",
            "",
            f"Review:   GET /api/security/events/?user={e.user_id}"
            if e.user_id is not None
            else f"Review:   GET /api/security/events/?ip={e.ip}",
            f"Resolve:  PATCH /api/security/events/{e.id}/ with a note saying what was done.",
            "Procedures: docs/security.md (responding to alerts).",
            "",
            "Further events of this rule for the same subject within 30 minutes are stored but not e-mailed.",
        ]
    )
    return Notification(
        to, f"[security] {e.severity.value}: {e.event_type} ({who})", body, topic=TOPIC_SECURITY_CRITICAL
    )

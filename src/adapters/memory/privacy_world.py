"""The privacy ports that span other modules' data (subjects, a person's data, erasure, retention, report
aggregates) over the harness's in-memory stores. Storage only: what to do and when is the domain's."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

from adapters.memory.accounts import InMemoryAccounts
from adapters.memory.audit import InMemoryAuditLog
from adapters.memory.identity import InMemoryIdentityDirectory, InMemoryTokenStore
from adapters.memory.impersonation import InMemoryImpersonations
from adapters.memory.monitoring import InMemoryMonitoring
from adapters.memory.privacy import InMemoryConsents
from adapters.memory.privacy_retention import InMemoryRetention
from adapters.memory.security import InMemorySecurityEvents
from adapters.memory.tickets import InMemoryTickets
from domain.accounts.model import AccountStatus
from domain.privacy.ports import Subject

REDACTED = "[redacted]"


def _plain(obj: Any) -> dict[str, Any]:
    return {k: v for k, v in dataclasses.asdict(obj).items() if k not in ("updates", "changes", "token_hash")}


class InMemoryPrivacyWorld:
    """Subjects, PersonalData, Anonymiser and ReportQueries over the harness's fakes (RetentionStore is
    privacy_retention.InMemoryRetention, whose outbox rows erasure also scrubs)."""

    def __init__(
        self,
        people: InMemoryAccounts,
        directory: InMemoryIdentityDirectory,
        tokens: InMemoryTokenStore,
        tickets: InMemoryTickets,
        security: InMemorySecurityEvents,
        impersonations: InMemoryImpersonations,
        audit: InMemoryAuditLog,
        consents: InMemoryConsents,
        monitor: InMemoryMonitoring,
        retention: InMemoryRetention,
    ):
        self.people, self.directory, self.tokens, self.tickets = people, directory, tokens, tickets
        self.security, self.impersonations, self.audit, self.consents = security, impersonations, audit, consents
        self.monitor, self.retention = monitor, retention

    # -- Subjects ----------------------------------------------------------------------------------------------
    def get(self, user_id: int) -> Subject | None:
        person, profile = self.people.people.get(user_id), self.people.profiles.get(user_id)
        if person is not None and profile is not None:
            return Subject(
                user_id,
                person.username,
                person.email,
                person.first_name,
                False,
                profile.marketing_consent,
                profile.data_consent_date,
            )
        identity = self.directory.get(user_id)
        if identity is None:
            return None
        return Subject(user_id, identity.username, identity.email, "", bool(identity.roles), False, None)

    def project_consents(self, user_id: int, marketing: bool, data_consent_date: datetime | None) -> None:
        profile = self.people.profiles[user_id]
        self.people.profiles[user_id] = replace(
            profile, marketing_consent=marketing, data_consent_date=data_consent_date
        )

    def retention_due(self, now: datetime, limit: int) -> list[tuple[int, datetime]]:
        due = [
            (uid, p.data_retention_date)
            for uid, p in sorted(self.people.profiles.items())
            if p.data_retention_date is not None and p.data_retention_date <= now
        ]
        return [(uid, at) for uid, at in due if at is not None][:limit]

    # -- PersonalData ------------------------------------------------------------------------------------------
    def rows(self, area: str, user_id: int, chunk: int) -> Iterator[list[dict[str, Any]]]:
        found = self._area(area, user_id)
        for start in range(0, len(found), chunk):
            yield found[start : start + chunk]

    def _area(self, area: str, uid: int) -> list[dict[str, Any]]:
        p = self.people
        if area == "profile":
            person, profile = p.people.get(uid), p.profiles.get(uid)
            return [_plain(person) | _plain(profile)] if person and profile else []
        if area == "enrolments":
            return [_plain(e) for (u, _), e in p.enrollments.items() if u == uid]
        if area == "activity":
            return [_plain(a) for a in p.activities if p.activity_users.get(a.id) == uid]
        if area == "tickets":
            return [
                _plain(t) | {"updates": [_plain(u) for u in self.tickets.updates(t.id, include_internal=False)]}
                for t in self.tickets.rows.values()
                if t.user_id == uid
            ]
        if area == "consents":
            return [_plain(r) for r in self.consents.rows if r.user_id == uid]
        if area == "security_events":
            return [_plain(e) for e in self.security.events if e.user_id == uid]
        if area == "sessions":
            return [_plain(r) for r in self.tokens.records.values() if r.user_id == uid]
        if area == "impersonation_sessions":
            return [_plain(s) for s in self.impersonations.sessions.values() if s.target.id == uid]
        if area == "audit":
            return [
                _plain(e.record) | {"seq": e.seq}
                for e in self.audit.entries
                if (e.record.target_type == "user" and e.record.target_id == str(uid))
                or uid in (e.record.actor_id, e.record.on_behalf_of)
            ]
        raise LookupError(area)

    # -- Anonymiser --------------------------------------------------------------------------------------------
    def delete_activity(self, user_id: int, limit: int) -> int:
        p = self.people
        mine = [a.id for a in p.activities if p.activity_users.get(a.id) == user_id][:limit]
        gone = set(mine)
        p.activities = [a for a in p.activities if a.id not in gone]
        for i in mine:
            p.activity_users.pop(i, None)
        return len(mine)

    def anonymise(self, user_id: int, pseudonym: str) -> dict[str, int]:
        p = self.people
        person = p.people[user_id]
        old_email = person.email
        person.username, person.first_name, person.last_name = pseudonym, "", ""
        person.email, person.is_active = f"{pseudonym}@erased.invalid", False
        p.profiles[user_id] = replace(
            p.profiles[user_id],
            account_status=AccountStatus.ARCHIVED,
            status_reason="",
            marketing_consent=False,
            data_consent_date=None,
            data_retention_date=None,
        )
        p.history = [replace(c, reason="") if c.user_id == user_id else c for c in p.history]
        counts = {"identity": 1, "enrolments": len([k for k in p.enrollments if k[0] == user_id])}
        p.enrollments = {k: e for k, e in p.enrollments.items() if k[0] != user_id}
        counts["sessions"] = len([r for r in self.tokens.records.values() if r.user_id == user_id])
        self.tokens.records = {i: r for i, r in self.tokens.records.items() if r.user_id != user_id}
        counts |= self._tickets(user_id)
        events = self.security.events
        counts["security_events"] = len([e for e in events if e.user_id == user_id])
        self.security.events = [
            replace(e, description="", facts={}, ip=None, user_agent="", resolution_note="")
            if e.user_id == user_id
            else e
            for e in events
        ]
        targets = [s for s in self.impersonations.sessions.values() if s.target.id == user_id]
        for s in targets:
            s.target = replace(s.target, username=pseudonym, name="")
        counts["impersonation_sessions"] = len(targets)
        sessions = {i for i, s in self.monitor.sessions.items() if s.user_id == user_id}
        self.monitor.sessions = {i: s for i, s in self.monitor.sessions.items() if i not in sessions}
        counts["monitoring_sessions"] = len(sessions)
        outbox = self.retention.outbox
        self.retention.outbox = [o for o in outbox if o.to != old_email]
        counts["outbox"] = len(outbox) - len(self.retention.outbox)
        return counts

    def _tickets(self, user_id: int) -> dict[str, int]:
        mine = [t for t in self.tickets.rows.values() if t.user_id == user_id]
        for t in mine:
            self.tickets.rows[t.id] = replace(t, title=REDACTED, description=REDACTED)
        ids = {t.id for t in mine}
        updates = [u for u in self.tickets.history if u.ticket_id in ids]
        self.tickets.history = [replace(u, content=REDACTED) if u.ticket_id in ids else u for u in self.tickets.history]
        return {"tickets": len(mine), "ticket_updates": len(updates)}

    # -- ReportQueries -----------------------------------------------------------------------------------------
    def admin_actions(self, since: datetime, until: datetime) -> list[tuple[int | None, str, int]]:
        counts: dict[tuple[int, str], int] = {}
        for e in self.audit.entries:
            r = e.record
            if r.actor_id and since <= r.at < until:
                counts[(r.actor_id, r.action)] = counts.get((r.actor_id, r.action), 0) + 1
        return [(a, action, n) for (a, action), n in sorted(counts.items())]

    def names(self, user_ids: Collection[int]) -> dict[int, tuple[str, str, str]]:
        found: dict[int, tuple[str, str, str]] = {}
        for uid in user_ids:
            if (p := self.people.people.get(uid)) is not None:
                found[uid] = (p.username, f"{p.first_name} {p.last_name}".strip(), p.email)
            elif (i := self.directory.get(uid)) is not None:
                found[uid] = (i.username, "", i.email)
        return found

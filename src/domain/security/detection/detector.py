"""The detection rules at run time: the use cases hand the Detector what happened, it builds the fact (time from the
Clock), brings the known state, runs the pure rules and raises what they return.

Where each rule runs:
- inline, in the caller's unit of work (cheap): a successful login (LoginProtection.succeeded: one indexed lookup of
  the person's known devices, networks and resets, and one upsert statement), a password reset, an MFA change, a
  recovery code, a role change, a personal-data export; failed-login bursts and credential stuffing run inline in
  LoginProtection.failed, over the throttle's tallies;
- from a Huey task, every minute: mass access (`sweep_mass_access`). Every read of a person's data already writes an
  audit entry, indexed by action and time; evaluating the 10-minute windows from those entries costs the read path
  nothing, where an inline count would add a write (or a window query) per read and a row every reader of one staff
  member contends on. The price is a delay of at most about a minute and a half (the sweep period plus SWEEP_LAG,
  which lets transactions that recorded a read just before the sweep commit first)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping
from dataclasses import replace
from datetime import datetime, timedelta

from domain.audit.model import AuditEntry
from domain.audit.service import AuditService
from domain.shared.clock import Clock
from domain.shared.pagination import PageRequest
from domain.shared.principal import PROVISIONING, Principal, RequestMeta
from domain.shared.uow import UnitOfWork

from ..model import SecurityEvent, clean_ip
from ..ports import DeviceClassifier, LoginHistory, ThrottleStore
from ..service import SecurityEvents
from .access import mass_access, mfa_changed, personal_data_exported, recovery_code_used, role_changed
from .facts import (
    LoginSucceeded,
    Mark,
    MarkKind,
    MfaChange,
    MfaChanged,
    PersonalDataExported,
    ProfilesRead,
    RecoveryCodeUsed,
    RoleChanged,
)
from .logins import assess_login, login_marks
from .policy import DetectionPolicy
from .reads import READ_ACTIONS, reads_of

SWEEP_LAG = timedelta(seconds=30)
MAX_CATCH_UP = timedelta(hours=24)  # a sweep after a long outage looks back this far at most
CHECKPOINT = "detect:mass_access:until"
PAGE = PageRequest(limit=200)


def fired_key(actor_id: int) -> str:
    return f"detect:mass_access:fired:{actor_id}"


class Detector:
    def __init__(
        self,
        history: LoginHistory,
        devices: DeviceClassifier,
        events: SecurityEvents,
        audit: AuditService,
        state: ThrottleStore,
        uow: UnitOfWork,
        clock: Clock,
        policy: DetectionPolicy | None = None,
    ):
        self.history, self.devices, self.events, self.audit = history, devices, events, audit
        self.state, self.uow, self.clock = state, uow, clock
        self.policy = policy or DetectionPolicy()

    # -- inline, in the caller's unit of work ---------------------------------------------------------------------
    def login_succeeded(self, user_id: int, meta: RequestMeta) -> list[SecurityEvent]:
        """New device or network, impossible travel; the login's device and network become known."""
        now = self.clock.now()
        fact = LoginSucceeded(user_id, now, clean_ip(meta.ip), meta.user_agent, self.devices.family(meta.user_agent))
        known = self.history.known(user_id, now - self.policy.known_for)
        found = assess_login(fact, known, self.policy)
        self.history.remember(user_id, login_marks(fact))
        return self.events.raise_events(found)

    def password_reset(self, user_id: int) -> None:
        """A password set with a reset link: a new device or network in the next 24 hours is high."""
        now = self.clock.now()
        self.history.remember(user_id, [Mark(MarkKind.PASSWORD_RESET, "", now, now)])

    def mfa_changed(
        self,
        user_id: int,
        change: MfaChange,
        by: Principal | None,
        meta: RequestMeta | None = None,
        details: Mapping[str, object] | None = None,
    ) -> list[SecurityEvent]:
        """MFA turned on, off, or reset by an admin (`by`: who did it). Off and reset raise high; a reset also makes
        a new device or network in the next 24 hours high. `details` (the reset request, its approver, the sessions
        ended) join the rule's facts."""
        now, meta = self.clock.now(), meta or (by.meta if by else RequestMeta())
        fact = MfaChanged(user_id, now, change, by.user_id if by else None, clean_ip(meta.ip), meta.user_agent)
        if change is MfaChange.RESET:
            self.history.remember(user_id, [Mark(MarkKind.MFA_RESET, "", now, now)])
        event = mfa_changed(fact)
        if event is not None and details:
            event = replace(event, facts={**event.facts, **details})
        return self.events.raise_events([event] if event else [])

    def recovery_code_used(self, user_id: int, remaining: int | None, meta: RequestMeta) -> SecurityEvent:
        fact = RecoveryCodeUsed(user_id, self.clock.now(), clean_ip(meta.ip), remaining, meta.user_agent)
        return self.events.raise_event(recovery_code_used(fact))

    def roles_changed(
        self,
        user_id: int,
        before: Collection[str],
        after: Collection[str],
        by: Principal | None,
        via: str,
    ) -> list[SecurityEvent]:
        """A person's roles, permissions or staff/superuser flags changed (the identity module's RoleWatch port). The
        demo accounts the product provisions itself (`by` PROVISIONING) raise nothing: a newcomer's first screen is
        not eight alerts about fixture data."""
        if by is not None and (by.user_id, by.username) == (PROVISIONING.user_id, PROVISIONING.username):
            return []
        fact = RoleChanged(
            user_id,
            self.clock.now(),
            by.user_id if by and by.user_id else None,
            frozenset(before),
            frozenset(after),
            via,
            clean_ip(by.meta.ip) if by else None,
        )
        event = role_changed(fact)
        return self.events.raise_events([event] if event else [])

    def personal_data_exported(
        self, actor: Principal, user_ids: Collection[int], what: str, count: int | None = None
    ) -> SecurityEvent:
        """The seam for personal-data exports (a bulk export, a privacy export): call it in the export's unit of
        work. `count` defaults to len(user_ids) (pass it with a sample of ids for a large export)."""
        ids = tuple(sorted(user_ids))
        fact = PersonalDataExported(
            actor.user_id,
            self.clock.now(),
            count if count is not None else len(ids),
            what,
            ids,
            clean_ip(actor.meta.ip),
            actor.meta.user_agent,
        )
        return self.events.raise_event(personal_data_exported(fact, self.policy))

    # -- from a task --------------------------------------------------------------------------------------------
    def sweep_mass_access(self) -> int:
        """Evaluate mass access over the audited reads recorded since the last sweep (and a window before them);
        the number of events raised."""
        window, until = self.policy.mass_access_window, self.clock.now() - SWEEP_LAG
        raw = self.state.read([CHECKPOINT]).get(CHECKPOINT)
        since = max(datetime.fromisoformat(raw), until - MAX_CATCH_UP) if raw else until - window
        if until <= since:
            return 0
        by_actor: dict[int, list[ProfilesRead]] = defaultdict(list)
        for read in reads_of(self._entries(since - window, until)):
            by_actor[read.actor_id].append(read)
        raised = 0
        with self.uow:
            for actor_id, reads in sorted(by_actor.items()):
                if len({u for r in reads for u in r.user_ids}) <= self.policy.mass_access_profiles:
                    continue  # cannot cross the line whatever the windows
                key = fired_key(actor_id)
                last = self.state.read([key]).get(key)
                result = mass_access(
                    actor_id, reads, self.policy, datetime.fromisoformat(last) if last else None, since
                )
                if result.events and result.last_fired is not None:
                    stored = (result.last_fired.isoformat(), result.last_fired + window)
                    self.state.change(key, lambda _old, stored=stored: stored)  # type: ignore[misc]
                    raised += len(self.events.raise_events(result.events))
            self.state.change(CHECKPOINT, lambda _old: (until.isoformat(), until + MAX_CATCH_UP))
            self.uow.commit()
        return raised

    def _entries(self, since: datetime, until: datetime) -> Iterator[AuditEntry]:
        for action in READ_ACTIONS:
            page = PAGE
            while True:
                found = self.audit.recorded(action, since, until, page)
                yield from found.items
                if found.next_cursor is None:
                    break
                page = PageRequest(PAGE.limit, found.next_cursor)

    def forget_old(self) -> int:
        """Marks not seen within the known period leave the history (a periodic task); how many went."""
        with self.uow:
            gone = self.history.forget_before(self.clock.now() - self.policy.known_for)
            self.uow.commit()
        return gone

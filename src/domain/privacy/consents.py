"""Consents: the current state and history of a person's consents, changes by staff (with a reason) or by the
learner, and what a change does elsewhere: `marketing` and `privacy` are projected onto the profile (bulk `notify`
gates on marketing_consent) in the change's own transaction, and withdrawing `session_recording` deletes the
person's stored replays. Other modules ask `has_consent`, `granted` or `withdrawn` (analytics, monitoring)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import InvalidInput, NotFound, Unprocessable
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .events import ConsentChanged
from .model import (
    ANALYTICS,
    MARKETING,
    MAX_REASON,
    PRIVACY,
    SESSION_RECORDING,
    ConsentRecord,
    ConsentSettings,
    ConsentSource,
    ConsentState,
    NewConsent,
)
from .ports import ConsentStore, LearnerAnalytics, Recordings, Subject, Subjects


@dataclass(frozen=True)
class ConsentView:
    """A person's consents: each type's current state, and a page of the history (newest first)."""

    user_id: int
    current: list[ConsentState]
    history: Page[ConsentRecord]


class Consents:
    def __init__(
        self,
        store: ConsentStore,
        subjects: Subjects,
        recordings: Recordings,
        analytics: LearnerAnalytics,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        settings: ConsentSettings | None = None,
    ):
        self.store, self.subjects, self.recordings, self.analytics = store, subjects, recordings, analytics
        self.audit, self.uow, self.clock = audit, uow, clock
        self.settings = settings or ConsentSettings()

    # -- what other modules ask (no permission, no audit: their own use cases check) ---------------------------
    def has_consent(self, user_id: int, consent_type: str) -> bool:
        latest = self.store.latest(user_id).get(consent_type)
        if latest is not None:
            return latest.granted
        subject = self.subjects.get(user_id) if consent_type in (MARKETING, PRIVACY) else None
        return subject is not None and _baseline(subject, consent_type).granted

    def granted(self, consent_type: str) -> set[int]:
        """The people whose newest choice of the type is a grant."""
        return self.store.people(consent_type, True)

    def withdrawn(self, consent_type: str, among: Collection[int] | None = None) -> set[int]:
        """The people whose newest choice of the type is a withdrawal (only those `among`, when given)."""
        return self.store.people(consent_type, False, among)

    def recording_allowed(self, user_id: int) -> bool:
        """monitoring's RecordingConsent: replays are stored only with `session_recording` consent."""
        return self.has_consent(user_id, SESSION_RECORDING)

    # -- staff -----------------------------------------------------------------------------------------------
    def of(self, actor: Principal, user_id: int, page: PageRequest) -> ConsentView:
        self.audit.require(actor, Permission.PROFILES_READ, "user", user_id)
        view = self._view(self._subject(user_id), page)
        with self.uow:
            self.audit.record(actor, "consent.read", "user", user_id)
            self.uow.commit()
        return view

    def record(self, actor: Principal, user_id: int, changes: Mapping[str, bool], reason: str) -> ConsentView:
        """A change recorded by staff (a paper form, a phone call): the reason is required. Privacy work on a
        learner's behalf (`privacy.request`), not a profile edit: support agents may not."""
        self.audit.require(actor, Permission.PRIVACY_REQUEST, "user", user_id)
        reason = reason.strip()
        if not reason:
            raise Unprocessable("A reason is required.", code="consent_reason_required")
        return self._change(actor, self._subject(user_id), changes, ConsentSource.STAFF, reason)

    # -- the learner -----------------------------------------------------------------------------------------
    def mine(self, actor: Principal, page: PageRequest) -> ConsentView:
        """The person's own consents (an impersonating staff member may read them: the learner's screen)."""
        view = self._view(self._subject(actor.user_id), page)
        if actor.impersonator_id is not None:
            with self.uow:
                self.audit.record(actor, "consent.read", "user", actor.user_id)
                self.uow.commit()
        return view

    def change_mine(self, actor: Principal, changes: Mapping[str, bool]) -> ConsentView:
        return self._change(actor, self._subject(actor.user_id), changes, ConsentSource.LEARNER, "")

    # -- helpers ---------------------------------------------------------------------------------------------
    def _subject(self, user_id: int) -> Subject:
        subject = self.subjects.get(user_id)
        if subject is None:
            raise NotFound("No such user.", code="user_not_found", details={"id": user_id})
        return subject

    def _change(
        self, actor: Principal, subject: Subject, changes: Mapping[str, bool], source: ConsentSource, reason: str
    ) -> ConsentView:
        unknown = sorted(set(changes) - set(self.settings.types))
        if unknown:
            raise InvalidInput(
                "Unknown consent type.",
                code="unknown_consent_type",
                details={"unknown": unknown, "types": list(self.settings.types)},
            )
        if not changes:
            raise InvalidInput("Nothing to change: give at least one consent type.", code="empty_update")
        if len(reason) > MAX_REASON:
            raise Unprocessable(f"reason is longer than {MAX_REASON} characters.", code="consent_reason_too_long")
        now, uid = self.clock.now(), subject.user_id
        with self.uow:
            current = {s.consent_type: s for s in self._current(subject)}
            changed: dict[str, bool] = {}
            for kind, granted in sorted(changes.items()):
                if current[kind].granted == granted and current[kind].source is not None:
                    continue  # the same choice again: no new row
                version = self.settings.versions[kind]
                self.store.add(NewConsent(uid, kind, granted, version, source, actor.user_id, reason, now))
                self.uow.publish(ConsentChanged(uid, kind, granted, version, source, now))
                changed[kind] = granted
            if MARKETING in changed or PRIVACY in changed:
                marketing = changed.get(MARKETING, current[MARKETING].granted)
                consent_date = current[PRIVACY].at if current[PRIVACY].granted else None
                if PRIVACY in changed:
                    consent_date = now if changed[PRIVACY] else None
                self.subjects.project_consents(uid, marketing, consent_date)
            deleted = self.recordings.delete_replays(uid) if changed.get(SESSION_RECORDING) is False else 0
            if changed.get(ANALYTICS) is False:
                self.analytics.forget_learner(uid)  # out of every rollup and score, not only from now on
            if changed:
                details: dict[str, object] = {"changes": changed, "source": source.value}
                if reason:
                    details["reason"] = reason
                if deleted:
                    details["recordings_deleted"] = deleted
                self.audit.record(actor, "consent.change", "user", uid, details)
            view = self._view(self._subject(uid), PageRequest())
            self.uow.commit()
        return view

    def _current(self, subject: Subject) -> list[ConsentState]:
        latest = self.store.latest(subject.user_id)
        found = []
        for kind in self.settings.types:
            row = latest.get(kind)
            if row is None:
                found.append(_baseline(subject, kind))
            else:
                found.append(ConsentState(kind, row.granted, row.version, row.source, row.at))
        return found

    def _view(self, subject: Subject, page: PageRequest) -> ConsentView:
        return ConsentView(subject.user_id, self._current(subject), self.store.history(subject.user_id, page))


def _baseline(subject: Subject, kind: str) -> ConsentState:
    """No row yet: marketing and privacy are what the account was created with (the profile's fields); every
    other type is not given."""
    if kind == MARKETING:
        return ConsentState(kind, subject.marketing_consent)
    if kind == PRIVACY:
        return ConsentState(kind, subject.data_consent_date is not None, at=subject.data_consent_date)
    return ConsentState(kind, False)

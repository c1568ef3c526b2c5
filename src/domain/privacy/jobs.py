"""The background work of privacy requests: building an export, erasing a person, and the sweep that starts due
erasures, takes up stalled work and expires download links.

The request row is the truth (Huey does not acknowledge tasks): a run claims it (stage processing, heartbeat), an
export is rebuilt from the top when a worker died (its file has one writer), and an erasure deletes activity in
committed batches and then anonymises the rest in one transaction; every step is idempotent, so whoever takes a
stalled request up again finishes it and nothing is lost."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.events import Notification
from domain.shared.pagination import PageRequest
from domain.shared.principal import SYSTEM
from domain.shared.uow import UnitOfWork

from .events import PrivacyRequestChanged
from .export_zip import index_html, json_area
from .model import ERASE_TASK, EXPORT_TASK, STALL_AFTER, PrivacyRequest, RequestKind, Stage
from .ports import (
    AREAS,
    Anonymiser,
    ConsentStore,
    ExportFiles,
    HoldStore,
    LearnerAnalytics,
    PersonalData,
    Recordings,
    RequestStore,
    Subjects,
)
from .requests import RequestSettings

MAX_ATTEMPTS = 3
BEAT_EVERY = timedelta(seconds=10)


class Revoker(Protocol):
    """Ends every token and session of a person, and impersonations of them (identity's AuthService)."""

    def revoke_all_access(self, user_id: int) -> int: ...


class Factors(Protocol):
    """The person's MFA (security's MfaStore)."""

    def delete(self, user_id: int) -> bool: ...


@dataclass(frozen=True)
class JobSettings:
    chunk: int = 5000  # export rows read at a time
    erase_batch: int = 5000  # activity rows deleted per transaction
    public_url: str = ""  # where the learner's e-mail points (PRIVACY_PUBLIC_URL)


class PrivacyJobs:
    def __init__(
        self,
        store: RequestStore,
        holds: HoldStore,
        consents: ConsentStore,
        subjects: Subjects,
        data: PersonalData,
        files: ExportFiles,
        anonymiser: Anonymiser,
        recordings: Recordings,
        analytics: LearnerAnalytics,
        revoker: Revoker,
        factors: Factors,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        settings: RequestSettings,
        jobs: JobSettings | None = None,
    ):
        self.store, self.holds, self.consents, self.subjects = store, holds, consents, subjects
        self.data, self.files, self.anonymiser, self.recordings = data, files, anonymiser, recordings
        self.analytics = analytics
        self.revoker, self.factors, self.audit, self.uow, self.clock = revoker, factors, audit, uow, clock
        self.settings, self.jobs = settings, jobs or JobSettings()

    # -- export ------------------------------------------------------------------------------------------------
    def export(self, request_id: int) -> None:
        request = self._claim(request_id, RequestKind.EXPORT)
        if request is None:
            return
        try:
            key, size, counts = self._build(request)
        except Exception as exc:
            self._setback(request_id, exc)
            raise
        with self.uow:
            now, r = self.clock.now(), self.store.get_for_update(request_id)
            if r is None or r.stage is not Stage.PROCESSING:
                self.files.delete(key)
                return
            r.ready(key, size, counts, now, self.settings.export_ttl)
            self.store.save(r)
            self.audit.record(
                SYSTEM, "privacy.export_ready", "privacy_request", r.id, {"user_id": r.user_id, "rows": counts}
            )
            self.uow.publish(PrivacyRequestChanged.of(r, now))
            subject = self.subjects.get(r.user_id)
            if subject is not None and subject.email:
                self.uow.notify(_ready_mail(subject.email, r, self.jobs.public_url))
            self.uow.commit()

    def _build(self, request: PrivacyRequest) -> tuple[str, int, dict[str, int]]:
        sink, counts = self.files.sink(request.id), {}
        for area in AREAS:
            counter = [0]
            sink.write(f"{area}.json", json_area(self._beating(request.id, area), counter))
            counts[area] = counter[0]
        sink.write("index.html", iter([index_html(request.user_id, request.id, counts, self.clock.now())]))
        stored = sink.close()
        return stored.key, stored.size, counts

    def _beating(self, request_id: int, area: str) -> Iterator[list[dict[str, object]]]:
        request = self.store.get(request_id)
        assert request is not None
        beat = self.clock.now()
        for chunk in self.data.rows(area, request.user_id, self.jobs.chunk):
            yield chunk
            if self.clock.now() - beat >= BEAT_EVERY:
                beat = self.clock.now()
                self._beat(request_id)

    # -- erasure -----------------------------------------------------------------------------------------------
    def erase(self, request_id: int) -> None:
        request = self._claim(request_id, RequestKind.ERASURE)
        if request is None:
            return
        uid, deleted = request.user_id, 0
        try:
            while True:
                with self.uow:
                    gone = self.anonymiser.delete_activity(uid, self.jobs.erase_batch)
                    self._beat_in(request_id)
                    self.uow.commit()
                deleted += gone
                if gone < self.jobs.erase_batch:
                    break
            self._anonymise(request_id, deleted)
        except Exception as exc:
            self._setback(request_id, exc)
            raise

    def _anonymise(self, request_id: int, activity: int) -> None:
        with self.uow:
            now, r = self.clock.now(), self.store.get_for_update(request_id)
            if r is None or r.stage is not Stage.PROCESSING:
                return
            uid = r.user_id
            self.revoker.revoke_all_access(uid)
            self.factors.delete(uid)
            self.analytics.forget_learner(uid)  # the daily aggregates stay, without the person
            counts = {"activity": activity, "recordings": self.recordings.delete_replays(uid)}
            counts["export_files"] = self._drop_exports(uid, now)
            counts |= self.anonymiser.anonymise(uid, f"anon-{secrets.token_hex(6)}")
            counts["consents"] = self.consents.anonymise(uid)
            r.erased(counts, now)
            self.store.save(r)
            # by id only: the erasure record holds no name, no e-mail, no username
            self.audit.record(SYSTEM, "privacy.erased", "user", uid, {"request_id": r.id, "rows": counts})
            self.uow.publish(PrivacyRequestChanged.of(r, now))
            self.uow.commit()

    def _drop_exports(self, uid: int, now: datetime) -> int:
        """The person's own access exports still downloadable: the file (and the data key in its header) goes,
        the request expires."""
        gone, cursor = 0, None
        while True:
            page = self.store.search(Stage.DOWNLOAD_READY, uid, PageRequest(limit=100, cursor=cursor))
            for r in page.items:
                self.files.delete(r.file_key)
                r.expire(now)
                self.store.save(r)
                gone += 1
            if not page.next_cursor:
                return gone
            cursor = page.next_cursor

    # -- the sweep ---------------------------------------------------------------------------------------------
    def sweep(self) -> list[int]:
        """Start erasures whose cool-off is over (not under a legal hold), take up stalled work, expire links."""
        now, started = self.clock.now(), []
        held = self.holds.held(now)
        with self.uow:
            for r in self.store.in_stage((Stage.COOLING_OFF, Stage.PENDING, Stage.PROCESSING), 500):
                if r.stage is Stage.COOLING_OFF and r.due(now) and r.user_id not in held:
                    self.uow.enqueue(ERASE_TASK, privacy_request=r.id)
                elif r.stalled(now) or (r.stage is Stage.PENDING and now - r.created_at > STALL_AFTER):
                    task = EXPORT_TASK if r.kind is RequestKind.EXPORT else ERASE_TASK
                    self.uow.enqueue(task, privacy_request=r.id)
                else:
                    continue
                started.append(r.id)
            for r in self.store.in_stage((Stage.DOWNLOAD_READY,), 500):
                if r.expires_at is not None and r.expires_at <= now:
                    self.files.delete(r.file_key)
                    r.expire(now)
                    self.store.save(r)
                    self.uow.publish(PrivacyRequestChanged.of(r, now))
            self.uow.commit()
        return started

    # -- helpers -----------------------------------------------------------------------------------------------
    def _claim(self, request_id: int, kind: RequestKind) -> PrivacyRequest | None:
        with self.uow:
            now, r = self.clock.now(), self.store.get_for_update(request_id)
            if r is None or r.kind is not kind:
                return None
            ready = r.stage is Stage.PENDING if kind is RequestKind.EXPORT else r.due(now)
            if not (ready or r.stalled(now)):
                return None
            if kind is RequestKind.ERASURE and r.user_id in self.holds.held(now):
                return None  # a legal hold: the erasure waits in its stage
            r.start(now)
            self.store.save(r)
            self.uow.publish(PrivacyRequestChanged.of(r, now))
            self.uow.commit()
        return r

    def _beat(self, request_id: int) -> None:
        with self.uow:
            self._beat_in(request_id)
            self.uow.commit()

    def _beat_in(self, request_id: int) -> None:
        r = self.store.get_for_update(request_id)
        if r is not None and r.stage is Stage.PROCESSING:
            r.heartbeat_at = self.clock.now()
            self.store.save(r)

    def _setback(self, request_id: int, exc: Exception) -> None:
        """A run that raised stays processing for the sweep to take up, and fails after MAX_ATTEMPTS runs."""
        with self.uow:
            r = self.store.get_for_update(request_id)
            if r is not None and r.stage is Stage.PROCESSING:
                r.results["last_error"] = type(exc).__name__
                r.heartbeat_at = None
                if r.attempts >= MAX_ATTEMPTS:
                    r.fail(type(exc).__name__, self.clock.now())
                    self.audit.record(
                        SYSTEM, "privacy.request_failed", "privacy_request", r.id, {"reason": type(exc).__name__}
                    )
                self.store.save(r)
            self.uow.commit()


def _ready_mail(email: str, r: PrivacyRequest, public_url: str) -> Notification:
    link = f"{public_url.rstrip('/')}/api/privacy/requests/{r.id}/download"
    expires = r.expires_at.date().isoformat() if r.expires_at else ""
    body = (
        f"The copy of your personal data you asked for is ready: {link}\n"
        f"Sign in to download it. The link works until {expires}; after that, ask for a new export.\n"
    )
    return Notification(to=email, subject="Your personal data export is ready", body=body)

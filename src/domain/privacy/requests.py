"""Privacy requests: a learner's (or staff's, on their behalf) export or erasure, the compliance officer's decision,
the cool-off and its cancellation, and the export's download. The work is the jobs' (jobs.py), in the background."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from domain.shared.audit import AuditTrail, ExportWatch
from domain.shared.clock import Clock
from domain.shared.errors import Conflict, NotFound, PermissionDenied, Unprocessable
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .events import PrivacyRequestChanged
from .model import EXPORT_TASK, MAX_REASON, NewRequest, PrivacyRequest, RequestKind, Stage
from .ports import ExportFiles, HoldStore, RequestStore, Subjects

TARGET = "privacy_request"


@dataclass(frozen=True)
class RequestSettings:
    export_ttl: timedelta = timedelta(days=7)  # PRIVACY_EXPORT_TTL_DAYS
    cooloff: timedelta = timedelta(days=14)  # PRIVACY_ERASURE_COOLOFF_DAYS


@dataclass(frozen=True)
class RequestView:
    request: PrivacyRequest
    held: bool  # an active legal hold keeps the person's data (an erasure waits)


@dataclass(frozen=True)
class Download:
    file_name: str
    chunks: Iterator[bytes]


class PrivacyRequests:
    def __init__(
        self,
        store: RequestStore,
        holds: HoldStore,
        subjects: Subjects,
        files: ExportFiles,
        detector: ExportWatch,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        settings: RequestSettings | None = None,
    ):
        self.store, self.holds, self.subjects, self.files, self.detector = store, holds, subjects, files, detector
        self.audit, self.uow, self.clock = audit, uow, clock
        self.settings = settings or RequestSettings()

    def create(self, actor: Principal, kind: RequestKind, user_id: int | None, reason: str) -> RequestView:
        """For oneself (no permission needed), or on someone's behalf with privacy.request."""
        uid = actor.user_id if user_id is None else user_id
        if uid != actor.user_id or actor.impersonator_id is not None:
            self.audit.require(actor, Permission.PRIVACY_REQUEST, "user", uid)
        reason = _reason(reason)
        subject = self.subjects.get(uid)
        if subject is None:
            raise NotFound("No such user.", code="user_not_found", details={"id": uid})
        if kind is RequestKind.ERASURE and subject.is_staff:
            raise Conflict(
                "Staff accounts are not erased here: remove the staff member's roles and deactivate them.",
                code="staff_account",
                details={"user_id": uid},
            )
        now = self.clock.now()
        stage = Stage.PENDING if kind is RequestKind.EXPORT else Stage.AWAITING_APPROVAL
        with self.uow:
            request = self.store.add(NewRequest(kind, uid, actor.real_user_id, reason, now, stage))
            if request is None:
                raise Conflict(
                    "The person has an open request of this kind already.",
                    code="privacy_request_open",
                    details={"kind": kind.value, "user_id": uid},
                )
            self.audit.record(actor, f"privacy.{kind.value}_requested", "user", uid, {"request_id": request.id})
            self.uow.publish(PrivacyRequestChanged.of(request, now))
            if kind is RequestKind.EXPORT:
                self.uow.enqueue(EXPORT_TASK, privacy_request=request.id)
            view = RequestView(request, uid in self.holds.held(now))
            self.uow.commit()
        return view

    def decide(self, actor: Principal, request_id: int, approve: bool, reason: str) -> RequestView:
        self.audit.require(actor, Permission.PRIVACY_DECIDE, TARGET, request_id)
        reason = _reason(reason, required=True)
        now = self.clock.now()
        with self.uow:
            request = self._locked(request_id)
            try:
                request.decide(actor.real_user_id, approve, reason, now, self.settings.cooloff)
            except PermissionDenied:
                own = True
            else:
                own = False
                self.store.save(request)
                action = "privacy.erasure_approved" if approve else "privacy.erasure_rejected"
                details = {"user_id": request.user_id, "reason": reason, "erase_after": request.erase_after}
                self.audit.record(actor, action, TARGET, request_id, details)
                self.uow.publish(PrivacyRequestChanged.of(request, now))
                view = RequestView(request, request.user_id in self.holds.held(now))
                self.uow.commit()
        if own:  # recorded outside the rolled-back block, then refused
            with self.uow:
                self.audit.record(actor, "access.denied", TARGET, request_id, {"reason": "own_privacy_request"})
                self.uow.commit()
            raise PermissionDenied(
                "Another compliance officer decides on a request you made or that is about you.",
                code="own_privacy_request",
            )
        return view

    def cancel(self, actor: Principal, request_id: int) -> RequestView:
        """The learner (their own, not while impersonated) or staff with privacy.request."""
        request = self._get(request_id)
        if request.user_id != actor.user_id or actor.impersonator_id is not None:
            self.audit.require(actor, Permission.PRIVACY_REQUEST, TARGET, request_id)
        now = self.clock.now()
        with self.uow:
            request = self._locked(request_id)
            request.cancel(actor.real_user_id, now)
            self.store.save(request)
            self.audit.record(actor, "privacy.request_cancelled", TARGET, request_id, {"user_id": request.user_id})
            self.uow.publish(PrivacyRequestChanged.of(request, now))
            view = RequestView(request, request.user_id in self.holds.held(now))
            self.uow.commit()
        return view

    def get(self, actor: Principal, request_id: int) -> RequestView:
        request = self._get(request_id)
        if request.user_id != actor.user_id or actor.impersonator_id is not None:
            self.audit.require(actor, Permission.PRIVACY_REQUEST, TARGET, request_id)
        return RequestView(request, request.user_id in self.holds.held(self.clock.now()))

    def search(
        self, actor: Principal, stage: Stage | None, user_id: int | None, page: PageRequest
    ) -> Page[RequestView]:
        """Staff with privacy.request: anyone's. Anyone else (a learner): their own only, as with each by id."""
        if not actor.can(Permission.PRIVACY_REQUEST) or actor.impersonator_id is not None:
            if actor.impersonator_id is not None or user_id not in (None, actor.user_id):
                actor.require(Permission.PRIVACY_REQUEST)
            user_id = actor.user_id
        found, held = self.store.search(stage, user_id, page), self.holds.held(self.clock.now())
        return Page([RequestView(r, r.user_id in held) for r in found.items], found.next_cursor)

    def download(self, actor: Principal, request_id: int) -> Download:
        """The export's ZIP while its link lasts (PRIVACY_EXPORT_TTL_DAYS): audited, and raised as a
        personal-data export (the detection rule) in the download's unit of work."""
        request = self.get(actor, request_id)
        r, now = request.request, self.clock.now()
        if r.kind is not RequestKind.EXPORT or r.stage not in (Stage.DOWNLOAD_READY, Stage.EXPIRED):
            raise Conflict(
                "Only a finished export has a file.", code="privacy_export_not_ready", details={"stage": r.stage.value}
            )
        chunks = self.files.open(r.file_key) if r.file_key else None
        if r.stage is Stage.EXPIRED or (r.expires_at is not None and now >= r.expires_at) or chunks is None:
            raise Conflict(
                "The export's link expired: ask for a new export.",
                code="privacy_export_expired",
                details={"expired_at": r.expires_at},
            )
        with self.uow:
            self.audit.record(
                actor, "privacy.export_downloaded", TARGET, r.id, {"user_id": r.user_id, "size": r.file_size}
            )
            self.detector.personal_data_exported(actor, (r.user_id,), f"privacy export {r.id}", count=None)
            self.uow.commit()
        return Download(f"personal-data-{r.user_id}-{r.id}.zip", chunks)

    def _get(self, request_id: int) -> PrivacyRequest:
        request = self.store.get(request_id)
        if request is None:
            raise not_found(request_id)
        return request

    def _locked(self, request_id: int) -> PrivacyRequest:
        request = self.store.get_for_update(request_id)
        if request is None:
            raise not_found(request_id)
        return request


def _reason(reason: str, required: bool = False) -> str:
    reason = reason.strip()
    if required and not reason:
        raise Unprocessable("A reason is required.", code="privacy_reason_required")
    if len(reason) > MAX_REASON:
        raise Unprocessable(f"reason is longer than {MAX_REASON} characters.", code="privacy_reason_too_long")
    return reason


def not_found(request_id: int) -> NotFound:
    return NotFound("No such privacy request.", code="privacy_request_not_found", details={"id": request_id})

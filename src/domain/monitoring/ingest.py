"""Telemetry ingestion: a batch of items from browsers, each validated and accepted or refused on its own."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import InvalidInput
from domain.shared.permissions import Permission, Role
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .errors_ingest import ErrorRecorder, PendingError
from .model import Device, Session, session_open
from .ports import RecordingConsent, TelemetryStore, UserAgents
from .records import PageHour, PageRow, PerfRow, ReplayRow
from .sourcemaps import SourceMaps
from .telemetry import MAX_BATCH, Item, Kind, page_of, parse_item
from .telemetry_fields import STATUS, ItemError, TelemetryAdjustment, TelemetryRejection

LEARNERS = frozenset({Role.LEARNER})
REPLAY_CHUNK_BYTES = 256 * 1024  # one chunk, base64 of compressed rrweb events
REPLAY_SESSION_BYTES = 20 * 1024 * 1024  # one session's replay


@dataclass(frozen=True)
class Refused:
    index: int
    code: TelemetryRejection
    status: int
    reason: str


@dataclass(frozen=True)
class Adjusted:
    index: int
    code: TelemetryAdjustment
    reason: str


@dataclass(frozen=True)
class TelemetryResult:
    accepted: int
    rejected: tuple[Refused, ...]
    adjusted: tuple[Adjusted, ...]
    heartbeats: int
    recording: bool | None = None  # the sender's session_recording consent now (None from a service)


class TelemetryIngestion:
    def __init__(
        self,
        store: TelemetryStore,
        recorder: ErrorRecorder,
        consent: RecordingConsent,
        agents: UserAgents,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        maps: SourceMaps | None = None,
    ):
        self.store, self.recorder, self.consent, self.agents = store, recorder, consent, agents
        self.audit, self.uow, self.clock, self.maps = audit, uow, clock, maps

    def ingest(self, actor: Principal, raw_items: Sequence[Any]) -> TelemetryResult:
        actor.require(Permission.TELEMETRY_SEND)
        if not raw_items:
            raise InvalidInput("items is empty.", code="empty_batch")
        if len(raw_items) > MAX_BATCH:
            raise InvalidInput(f"At most {MAX_BATCH} items a batch.", code="batch_too_large")
        now = self.clock.now()
        service = Role.SERVICE in actor.roles
        on_behalf = actor.is_superuser or service
        # a staff member's own telemetry (the console, or a learner's front end while impersonating) is marked staff
        staff = not service and (
            actor.is_superuser or actor.impersonator_id is not None or bool(actor.roles - LEARNERS)
        )
        refused: list[Refused] = []
        parsed: list[tuple[int, Item]] = []
        for index, raw in enumerate(raw_items):
            try:
                item = parse_item(raw, now, REPLAY_CHUNK_BYTES)
                parsed.append((index, self._owner(item, actor, on_behalf and not (staff and item.user_id is None))))
            except ItemError as err:
                refused.append(Refused(index, err.code, STATUS.get(err.code, 422), err.reason))
        with self.uow:
            kept = self._apply(parsed, refused, now, actor.user_id if staff else None)
            self.audit.record(actor, "telemetry.ingest", "batch", "", {"accepted": len(kept), "rejected": len(refused)})
            self.uow.commit()
        adjusted = [Adjusted(i, code, reason) for i, item in kept for code, reason in item.adjusted]
        beats = sum(1 for _, item in kept if item.kind is Kind.HEARTBEAT)
        # the browser SDK records only while this is true: it learns a grant or a withdrawal with its next batch
        recording = None if on_behalf else self.consent.recording_allowed(actor.user_id)
        rejected = tuple(sorted(refused, key=lambda r: r.index))
        return TelemetryResult(len(kept), rejected, tuple(adjusted), beats, recording)

    @staticmethod
    def _owner(item: Item, actor: Principal, on_behalf: bool) -> Item:
        if on_behalf:
            if item.user_id is None:
                raise ItemError(TelemetryRejection.MISSING_FIELD, "user_id (the learner) is required from a service")
            return item
        if item.user_id not in (None, actor.user_id):
            raise ItemError(TelemetryRejection.NOT_YOUR_SESSION, "learners send their own telemetry only")
        return replace(item, user_id=actor.user_id)

    def _apply(
        self, parsed: list[tuple[int, Item]], refused: list[Refused], now: datetime, staff_id: int | None
    ) -> list[tuple[int, Item]]:
        known = self.store.known_users({i.user_id for _, i in parsed if i.user_id is not None})
        latest = self.store.latest_sessions({i.session_key for _, i in parsed})
        consent: dict[int, bool] = {}
        kept: list[tuple[int, Item, Session]] = []
        for index, item in sorted(parsed, key=lambda p: p[1].at):
            user_id = item.user_id or 0
            session = latest.get(item.session_key)
            reason = self._refusal(item, user_id, known, session, consent)
            if reason is not None:
                refused.append(Refused(index, reason[0], STATUS.get(reason[0], 422), reason[1]))
                continue
            if session is None or not session_open(session.started_at, session.last_seen_at, item.at):
                if session is not None and item.at < session.last_seen_at:
                    session.touch(item.at)  # a late item of a session that has since been followed by a new one
                else:
                    session = Session(None, item.session_key, user_id, item.at, item.at, staff=user_id == staff_id)
                    latest[item.session_key] = session
            if item.kind is Kind.REPLAY_CHUNK:
                session.replay_bytes += len(item.data)
            kept.append((index, item, session))
        self._write(kept, now)
        return [(index, item) for index, item, _ in kept]

    def _refusal(
        self, item: Item, user_id: int, known: set[int], session: Session | None, consent: dict[int, bool]
    ) -> tuple[TelemetryRejection, str] | None:
        if user_id not in known:
            return TelemetryRejection.UNKNOWN_USER, f"no learner with id {user_id}"
        if session is not None and session.user_id != user_id:
            return TelemetryRejection.NOT_YOUR_SESSION, "the session belongs to another learner"
        if item.kind is Kind.REPLAY_CHUNK:
            if user_id not in consent:
                consent[user_id] = self.consent.recording_allowed(user_id)
            if not consent[user_id]:
                return (
                    TelemetryRejection.CONSENT_REQUIRED,
                    "the learner has not consented to session recording: not stored",
                )
            if session is not None and session.replay_bytes + len(item.data) > REPLAY_SESSION_BYTES:
                return TelemetryRejection.REPLAY_FULL, f"the session's replay reached {REPLAY_SESSION_BYTES} bytes"
        return None

    def _write(self, kept: list[tuple[int, Item, Session]], now: datetime) -> None:
        devices: dict[str, Device] = {}
        for _, item, session in kept:
            self._on_session(session, item, devices)
        sessions = {id(s): s for _, _, s in kept}
        for s in sessions.values():
            s.score()
        self.store.save_sessions(list(sessions.values()))
        pages, perf, replay, errors = [], [], [], []
        hours: Counter[tuple[str, datetime, str]] = Counter()
        for _, item, s in kept:
            sid = s.id or 0
            hour = item.at.replace(minute=0, second=0, microsecond=0)
            page = page_of(item.url)
            if item.kind is Kind.PAGE_VIEW:
                pages.append(PageRow(sid, item.at, item.url, item.title))
                hours[(page, hour, "views")] += 1
            if item.kind in (Kind.PAGE_VIEW, Kind.HEARTBEAT):
                hours[(page, hour, "exits")] += int(item.leaving)
                hours[(page, hour, "rage_clicks")] += item.rage_clicks
            elif item.kind is Kind.PERFORMANCE:
                if item.page_load_ms is not None:
                    perf.append(PerfRow(sid, item.at, "page_load", page, item.page_load_ms))
                perf += [PerfRow(sid, item.at, "api", route, ms) for route, ms in item.api_calls]
                perf += [PerfRow(sid, item.at, name.lower(), page, value) for name, value in item.vitals]
            elif item.kind is Kind.REPLAY_CHUNK:
                cut = any(code is TelemetryAdjustment.TRUNCATED for code, _ in item.adjusted)
                replay.append(ReplayRow(sid, item.seq, item.at, item.data, cut))
            elif item.kind is Kind.CLIENT_ERROR:
                if self.maps is not None:  # grouped by the original frames when the release's maps are there
                    item.frames = self.maps.symbolicate(item.release, item.frames)
                errors.append(PendingError(item, s.id, s.device.browser, page))
        if pages or hours:
            self.store.add_pages(pages, _page_hours(hours))
        if perf:
            self.store.add_performance(perf)
        if replay:
            self.store.add_replay(replay)
        if errors:
            self.recorder.record_client(errors)

    def _on_session(self, s: Session, item: Item, devices: dict[str, Device]) -> None:
        k = item.kind
        if k is Kind.HEARTBEAT:
            s.heartbeat(item.at, item.url, item.title, item.visible, item.rage_clicks)
        elif k is Kind.PAGE_VIEW:
            s.page_view(item.at, item.url, item.title)
            s.rage_clicks += item.rage_clicks
        elif k is Kind.PERFORMANCE:
            s.performance(
                item.at, item.page_load_ms, [ms for _, ms in item.api_calls], item.cache_hits, item.cache_misses
            )
        elif k is Kind.DEVICE:
            if item.user_agent not in devices:
                devices[item.user_agent] = self.agents.parse(item.user_agent)
            size = item.screen or (None, None)
            s.device = replace(devices[item.user_agent], screen_width=size[0], screen_height=size[1], hints=item.hints)
            s.touch(item.at)
        elif k is Kind.CLIENT_ERROR:
            s.errors += 1
            s.touch(item.at)
        else:
            s.touch(item.at)


def _page_hours(counts: Counter[tuple[str, datetime, str]]) -> list[PageHour]:
    merged: dict[tuple[str, datetime], dict[str, int]] = defaultdict(dict)
    for (page, hour, what), n in counts.items():
        if n:
            merged[(page, hour)][what] = n
    return [PageHour(page, hour, **values) for (page, hour), values in merged.items()]


def purge_replays(store: TelemetryStore, clock: Clock, days: int) -> int:
    """Replays are kept `days` days (MONITORING_REPLAY_DAYS)."""
    return store.purge_replays(clock.now() - timedelta(days=days))

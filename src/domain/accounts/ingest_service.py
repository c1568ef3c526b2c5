"""Ingestion of activity and learning events from platform services (role `service`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import InvalidInput
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .ingestion import (
    MAX_BATCH,
    ActivityItem,
    IngestResult,
    Item,
    ItemError,
    LearningItem,
    Rejected,
    Rejection,
    parse_item,
)
from .learning import Enrollment, EnrollmentStatus
from .model import Profile
from .ports import ActivityObserver, IngestionStore, SecurityReports


class ActivityIngestion:
    def __init__(
        self,
        store: IngestionStore,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        security: SecurityReports,
        observers: Sequence[ActivityObserver] = (),
    ):
        self.store = store
        self.observers = tuple(observers)
        self.security = security
        self.audit = audit
        self.uow = uow
        self.clock = clock

    def ingest(self, actor: Principal, raw_items: Sequence[Any]) -> IngestResult:
        actor.require(Permission.ACTIVITY_INGEST)
        if not raw_items:
            raise InvalidInput("events is empty.", code="empty_batch")
        if len(raw_items) > MAX_BATCH:
            raise InvalidInput(f"At most {MAX_BATCH} events a batch.", code="batch_too_large")
        now = self.clock.now()
        rejected: list[Rejected] = []
        parsed: list[tuple[int, Item]] = []
        for index, raw in enumerate(raw_items):
            try:
                parsed.append((index, parse_item(raw, now)))
            except ItemError as err:
                rejected.append(Rejected(index, err.code, err.reason))

        with self.uow:
            accepted, duplicates = self._apply(parsed, rejected)
            self.audit.record(
                actor,
                "activity.ingest",
                "batch",
                "",
                {"accepted": len(accepted), "duplicates": len(duplicates), "rejected": len(rejected)},
            )
            self.uow.commit()
        return IngestResult(len(accepted), tuple(duplicates), tuple(sorted(rejected, key=lambda r: r.index)))

    def _apply(self, parsed: list[tuple[int, Item]], rejected: list[Rejected]) -> tuple[list[Item], list[int]]:
        seen = self.store.seen_event_ids(i.common.event_id for _, i in parsed if i.common.event_id)
        known = self.store.known_users({i.common.user_id for _, i in parsed})
        titles = {i.course: i.course_title for _, i in parsed if isinstance(i, LearningItem) and i.course_title}
        courses = self.store.courses({i.course for _, i in parsed if isinstance(i, LearningItem)}, titles)
        kept: list[Item] = []
        duplicates: list[int] = []
        for index, item in parsed:
            event_id = item.common.event_id
            if event_id and event_id in seen:
                duplicates.append(index)
            elif item.common.user_id not in known:
                rejected.append(Rejected(index, Rejection.UNKNOWN_USER, f"no user with id {item.common.user_id}"))
            elif isinstance(item, LearningItem) and item.course not in courses:
                rejected.append(
                    Rejected(index, Rejection.UNKNOWN_COURSE, f"no course {item.course!r}; send course_title")
                )
            else:
                kept.append(item)
                if event_id:
                    seen.add(event_id)
        if not kept:
            return kept, duplicates
        kept.sort(key=lambda i: i.common.timestamp)
        learning = [i for i in kept if isinstance(i, LearningItem)]
        pairs = {(i.common.user_id, courses[i.course].id) for i in learning}
        enrollments = self.store.enrollments_for_update(pairs)
        profiles = self.store.profiles_for_update({i.common.user_id for i in kept})
        for item in kept:
            profile = profiles[item.common.user_id]
            profile.touch(item.common.timestamp)
            if isinstance(item, LearningItem):
                key = (item.common.user_id, courses[item.course].id)
                if key not in enrollments:
                    enrollments[key] = Enrollment(
                        key[0], key[1], EnrollmentStatus.ENROLLED, 0, 0, item.common.timestamp, is_new=True
                    )
                    profile.enrollment_count += 1
                self._learn(profile, enrollments[key], item)
        self.store.write(kept, list(enrollments.values()), list(profiles.values()))
        self.security.record_reported([i for i in kept if isinstance(i, ActivityItem) and i.security_event])
        stored = [(i.common.user_id, i.common.timestamp, i.activity_type, i.activity_data) for i in kept]
        for observer in self.observers:
            observer.record(stored)
        return kept, duplicates

    @staticmethod
    def _learn(profile: Profile, enrollment: Enrollment, item: LearningItem) -> None:
        was_completed = enrollment.status is EnrollmentStatus.COMPLETED
        enrollment.apply(item.event, item.common.timestamp, item.progress, item.time_spent)
        now_completed = enrollment.status is EnrollmentStatus.COMPLETED
        profile.completed_count += int(now_completed) - int(was_completed)
        profile.total_learning_time += item.time_spent

"""Error tracking: staff list, read and triage error groups; server exceptions join the same groups."""

from __future__ import annotations

from dataclasses import dataclass, replace

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import Conflict, InvalidInput, NotFound
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .errors_ingest import ErrorRecorder, ServerError
from .events import ErrorGroupChanged
from .model import ErrorGroup, GroupStatus
from .ports import ErrorStore, MonitoringQueries, StaffDirectory, TicketDesk
from .queries import GroupDetail, GroupFilter, GroupSummary
from .sourcemaps import SourceMaps

TICKET_LEARNERS = 50  # affected learners listed in a group's ticket


@dataclass(frozen=True)
class GroupChange:
    status: GroupStatus | None = None
    assign: bool = False  # True: set the assignee (None unassigns)
    assignee_id: int | None = None


class ErrorTracking:
    def __init__(
        self,
        store: ErrorStore,
        queries: MonitoringQueries,
        recorder: ErrorRecorder,
        desk: TicketDesk,
        staff: StaffDirectory,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        maps: SourceMaps | None = None,
    ):
        self.store, self.queries, self.recorder, self.desk, self.staff = store, queries, recorder, desk, staff
        self.audit, self.uow, self.clock, self.maps = audit, uow, clock, maps

    def groups(self, actor: Principal, flt: GroupFilter, page: PageRequest) -> Page[GroupSummary]:
        actor.require(Permission.MONITORING_READ)
        return self.queries.groups(flt, page, self.clock.now())

    def group(self, actor: Principal, group_id: int) -> GroupDetail:
        actor.require(Permission.MONITORING_READ)
        return self._detail(group_id)

    def change(self, actor: Principal, group_id: int, change: GroupChange) -> GroupDetail:
        actor.require(Permission.MONITORING_MANAGE)
        if change.assign and change.assignee_id is not None and not self.staff.can_triage(change.assignee_id):
            raise InvalidInput("The assignee must be an active staff member who sees errors.", code="invalid_assignee")
        with self.uow:
            group = self._load(group_id)
            before = {"status": group.status.value, "assignee_id": group.assignee_id}
            if change.status is not None:
                group.set_status(change.status, self.clock.now())
            if change.assign:
                group.assignee_id = change.assignee_id
            self.store.save(group)
            after = {"status": group.status.value, "assignee_id": group.assignee_id}
            self.audit.record(
                actor,
                "monitoring.group.change",
                "error_group",
                group_id,
                {k: [before[k], after[k]] for k in after if before[k] != after[k]},
            )
            self._changed(group, actor)
            view = self._detail(group_id)
            self.uow.commit()
        return view

    def merge(self, actor: Principal, group_id: int, other_id: int) -> GroupDetail:
        """Fold `other_id` into `group_id`: its events, counts and fingerprints; its future events come here."""
        actor.require(Permission.MONITORING_MANAGE)
        if other_id == group_id:
            raise InvalidInput("A group cannot be merged into itself.", code="merge_into_itself")
        with self.uow:
            target, source = self._load(group_id), self._load(other_id)
            self.store.merge(target, source, self.clock.now())
            self.audit.record(actor, "monitoring.group.merge", "error_group", group_id, {"merged": other_id})
            self._changed(self._load(group_id), actor)
            view = self._detail(group_id)
            self.uow.commit()
        return view

    def open_ticket(self, actor: Principal, group_id: int, user_id: int | None) -> GroupDetail:
        """A support ticket for one affected learner (the latest by default), listing every affected learner."""
        actor.require(Permission.MONITORING_MANAGE)
        with self.uow:
            group = self._load(group_id)
            if group.ticket_id is not None:
                raise Conflict(
                    "The group has a ticket already.", code="group_has_ticket", details={"ticket_id": group.ticket_id}
                )
            learners = self.queries.group_users(group_id, TICKET_LEARNERS)
            learner = user_id if user_id is not None else (learners[0] if learners else None)
            if learner is None:
                raise Conflict("No learner has hit this error: name one with user_id.", code="group_has_no_learner")
            listed = ", ".join(f"#{u}" for u in learners) or "none recorded"
            description = (
                f"Error group #{group.id}: {group.title}\nWhere: {group.culprit or '-'}\n"
                f"Seen {group.count} time(s) by {group.users} learner(s) since {group.first_seen:%Y-%m-%d %H:%M} UTC."
                f"\nAffected learners: {listed}"
            )
            group.ticket_id = self.desk.open(
                actor, learner, f"Error: {group.title}"[:200], description, ("monitoring", "error-group")
            )
            self.store.save(group)
            self.audit.record(
                actor,
                "monitoring.group.ticket",
                "error_group",
                group_id,
                {"ticket_id": group.ticket_id, "user_id": learner},
            )
            self._changed(group, actor)
            view = self._detail(group_id)
            self.uow.commit()
        return view

    def record_server(self, error: ServerError) -> None:
        """From the API's error handler: never raises into it (the caller logs a failure)."""
        with self.uow:
            self.recorder.record_server(error)
            self.uow.commit()

    def _load(self, group_id: int) -> ErrorGroup:
        group = self.store.get(group_id)
        if group is None:
            raise NotFound("No such error group.", code="error_group_not_found")
        if group.merged_into is not None:
            raise NotFound(
                "The group was merged into another.",
                code="error_group_not_found",
                details={"merged_into": group.merged_into},
            )
        return group

    def _detail(self, group_id: int) -> GroupDetail:
        self._load(group_id)
        detail = self.queries.group(group_id, self.clock.now())
        if detail is None:
            raise NotFound("No such error group.", code="error_group_not_found")
        if self.maps is None:
            return detail
        # events stored before their release's maps were uploaded are de-minified when read
        maps = self.maps
        samples = [replace(e, stack=maps.symbolicate(e.release, e.stack)) for e in detail.samples]
        return replace(detail, samples=samples)

    def _changed(self, group: ErrorGroup, actor: Principal) -> None:
        self.uow.publish(
            ErrorGroupChanged(
                group.id, group.status, group.assignee_id, group.ticket_id, group.merged_into, actor.user_id
            )
        )

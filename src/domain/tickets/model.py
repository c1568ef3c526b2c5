"""Support tickets: the status machine, SLA windows that pause, escalation bookkeeping."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from domain.shared.errors import Conflict

from .sla import Priority, SlaPolicy, WindowKind

REOPEN_WINDOW = timedelta(days=7)
FIRST, NEXT, RESOLUTION = WindowKind.FIRST_RESPONSE, WindowKind.NEXT_RESPONSE, WindowKind.RESOLUTION


class Status(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    PENDING_USER = "pending_user"
    RESOLVED = "resolved"
    CLOSED = "closed"


class UpdateType(StrEnum):
    COMMENT = "comment"
    INTERNAL_NOTE = "internal_note"
    STATUS_CHANGE = "status_change"
    ASSIGNMENT = "assignment"
    ESCALATION = "escalation"


S = Status
TRANSITIONS: dict[Status, frozenset[Status]] = {
    S.OPEN: frozenset({S.IN_PROGRESS, S.PENDING_USER, S.RESOLVED}),
    S.IN_PROGRESS: frozenset({S.OPEN, S.PENDING_USER, S.RESOLVED}),
    S.PENDING_USER: frozenset({S.OPEN, S.IN_PROGRESS, S.RESOLVED}),
    S.RESOLVED: frozenset({S.CLOSED, S.OPEN, S.IN_PROGRESS}),
    S.CLOSED: frozenset(),
}
ACTIVE = frozenset({S.OPEN, S.IN_PROGRESS})  # the SLA clocks run
OPEN_STATES = ACTIVE | {S.PENDING_USER}  # the ticket is still being worked on: it loads its assignee


def ticket_code(ticket_id: int) -> str:
    return f"SUP-{ticket_id:06d}"


@dataclass(frozen=True)
class TicketUpdate:
    ticket_id: int
    update_type: UpdateType
    content: str
    is_internal: bool
    created_by: int | None
    created_at: datetime
    data: dict[str, Any] = field(default_factory=dict)
    id: int | None = None


@dataclass
class Ticket:
    id: int
    user_id: int
    created_by: int
    title: str
    description: str
    category: str
    priority: Priority
    created_at: datetime
    status: Status = S.OPEN
    team: str = ""
    assigned_to: int | None = None
    tags: list[str] = field(default_factory=list)
    updated_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    first_response_at: datetime | None = None
    first_response_due: datetime | None = None
    next_response_due: datetime | None = None
    sla_deadline: datetime | None = None
    warn_at: dict[str, datetime] = field(default_factory=dict)  # window -> its 80% point
    breaches: dict[str, datetime] = field(default_factory=dict)  # window -> when it was breached
    warned: list[str] = field(default_factory=list)  # window keys already warned
    escalated: list[str] = field(default_factory=list)  # window keys already escalated
    sla_paused_at: datetime | None = None
    paused_seconds: int = 0  # wall-clock time spent waiting for the learner
    paused_minutes: float = 0.0  # the same in SLA (business) minutes, left out of resolution time
    escalation_level: int = 0
    reopened_count: int = 0
    version: int = 1
    parent_id: int | None = None
    satisfaction_rating: int | None = None
    satisfaction_comment: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    first_response_minutes: float | None = None
    resolution_minutes: float | None = None
    updates: list[TicketUpdate] = field(default_factory=list, repr=False)  # new ones, to be stored

    @property
    def code(self) -> str:
        return ticket_code(self.id)

    # --- SLA --------------------------------------------------------------------------------
    def start_clocks(self, policy: SlaPolicy) -> None:
        t = policy.targets[self.priority]
        self.first_response_due = policy.due(self.priority, self.created_at, t.first_response)
        self.sla_deadline = policy.due(self.priority, self.created_at, t.resolution)
        self.warn_at = {
            FIRST: policy.warn(self.priority, self.created_at, t.first_response),
            RESOLUTION: policy.warn(self.priority, self.created_at, t.resolution),
        }

    def windows(self) -> dict[str, datetime]:
        """The SLA windows running now (none while paused, resolved or closed): key -> due."""
        if self.status not in ACTIVE or self.sla_paused_at is not None:
            return {}
        out: dict[str, datetime] = {}
        if self.first_response_at is None and self.first_response_due:
            out[FIRST] = self.first_response_due
        if self.next_response_due:
            out[self.next_key()] = self.next_response_due
        if self.sla_deadline:
            out[RESOLUTION] = self.sla_deadline
        return out

    def next_key(self) -> str:
        return f"{NEXT}@{self.next_response_due.isoformat() if self.next_response_due else ''}"

    @property
    def sla_next_due(self) -> datetime | None:
        """The nearest running deadline: the queue's default order."""
        due = self.windows().values()
        return min(due) if due else None

    @property
    def next_trigger_at(self) -> datetime | None:
        """When the sweep next has something to do for this ticket (a warning or a breach)."""
        moments = []
        for key, due in self.windows().items():
            if key not in self.escalated:
                moments.append(due)
            warn = self.warn_at.get(key.split("@")[0]) if not key.startswith(NEXT) else self.warn_at.get(NEXT)
            if warn and key not in self.warned and key not in self.escalated:
                moments.append(warn)
        return min(moments) if moments else None

    def sla_state(self, now: datetime) -> str:
        running = self.windows()
        if self.breaches or any(due <= now for due in running.values()):
            return "breached"
        for key in running:
            warn = self.warn_at.get(NEXT if key.startswith(NEXT) else key)
            if warn and warn <= now:
                return "at_risk"
        return "ok"

    def _pause(self, at: datetime) -> None:
        if self.sla_paused_at is None:
            self.sla_paused_at = at

    def _resume(self, at: datetime, policy: SlaPolicy) -> None:
        began = self.sla_paused_at
        if began is None:
            return

        def shift(moment: datetime | None) -> datetime | None:
            return policy.shift(self.priority, moment, began, at)

        self.sla_deadline = shift(self.sla_deadline)
        self.next_response_due = shift(self.next_response_due)
        if self.first_response_at is None:
            self.first_response_due = shift(self.first_response_due)
        self.warn_at = {k: v for k, v in ((k, shift(v)) for k, v in self.warn_at.items()) if v is not None}
        self.paused_seconds += int((at - began).total_seconds())
        self.paused_minutes += policy.calendar(self.priority).between(began, at)
        self.sla_paused_at = None

    # --- status -----------------------------------------------------------------------------
    def move(self, target: Status, at: datetime, policy: SlaPolicy) -> Status:
        source = self.status
        if target is source:
            return source
        if target not in TRANSITIONS[source]:
            raise Conflict(
                f"A ticket cannot go from {source.value} to {target.value}.",
                code="invalid_ticket_transition",
                details={
                    "from": source.value,
                    "to": target.value,
                    "allowed": sorted(s.value for s in TRANSITIONS[source]),
                },
            )
        # the clock stops while waiting for the learner and while resolved; a reopen resumes it
        if source in (S.PENDING_USER, S.RESOLVED) and target is not S.CLOSED:
            self._resume(at, policy)
        if target is S.RESOLVED and self.sla_deadline and at > self.sla_deadline:
            self.breaches.setdefault(RESOLUTION, self.sla_deadline)  # deadlines were shifted by every pause
        if target in (S.PENDING_USER, S.RESOLVED):
            self._pause(at)
        if target is S.RESOLVED:
            self.resolved_at = at
            worked = policy.calendar(self.priority).between(self.created_at, at)
            self.resolution_minutes = round(max(0.0, worked - self.paused_minutes), 2)
            self.next_response_due = None
        if target is S.CLOSED:
            self.closed_at = at
        if source is S.RESOLVED and target in ACTIVE:
            self.reopened_count += 1
            self.resolved_at = None
            self.resolution_minutes = None
        self.status = target
        return source

    def staff_replied(self, at: datetime, policy: SlaPolicy) -> None:
        """A public answer from staff: the first response, or the next one owed. Late ones are breaches."""
        if self.first_response_at is None and self.first_response_due and at > self.first_response_due:
            self.breaches.setdefault(FIRST, self.first_response_due)
        if self.next_response_due and at > self.next_response_due:
            self.breaches.setdefault(NEXT, self.next_response_due)
        if self.first_response_at is None:
            self.first_response_at = at
            self.first_response_minutes = policy.calendar(self.priority).between(self.created_at, at)
        self.next_response_due = None

    def learner_replied(self, at: datetime, policy: SlaPolicy) -> None:
        """The learner answered: the clock resumes and staff owe the next response."""
        if self.status is S.PENDING_USER:
            self.move(S.IN_PROGRESS if self.assigned_to else S.OPEN, at, policy)
        if self.first_response_at is not None and self.next_response_due is None:
            t = policy.targets[self.priority]
            self.next_response_due = policy.due(self.priority, at, t.next_response)
            self.warn_at[NEXT] = policy.warn(self.priority, at, t.next_response)

    def can_reopen(self, at: datetime) -> bool:
        return self.status is S.RESOLVED and self.resolved_at is not None and at - self.resolved_at <= REOPEN_WINDOW

    def note(self, kind: UpdateType, content: str, actor: int | None, at: datetime, **data: Any) -> TicketUpdate:
        update = TicketUpdate(self.id, kind, content, kind is UpdateType.INTERNAL_NOTE, actor, at, dict(data))
        self.updates.append(update)
        self.updated_at = at
        return update

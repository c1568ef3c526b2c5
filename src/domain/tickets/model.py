"""Support tickets: the status machine, SLA windows that pause, and every change a ticket makes to itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from domain.shared.errors import Conflict, InvalidInput

from .commands import Diff, TicketChange, clean_category, clean_tags, clean_text
from .sla import Priority, SlaPolicy, SlaState, Window, WindowKind, sla_state
from .status import ACTIVE, OPEN_STATES, TRANSITIONS, TicketStatus, UpdateType

S = TicketStatus

REOPEN_WINDOW = timedelta(days=7)
FIRST, NEXT, RESOLUTION = WindowKind.FIRST_RESPONSE, WindowKind.NEXT_RESPONSE, WindowKind.RESOLUTION


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
    status: TicketStatus = S.OPEN
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
    # opened by a staff member acting as the learner: left out of support analytics (it is not the learner's)
    opened_under_impersonation: bool = False
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

    def windows(self) -> list[Window]:
        """The SLA windows running now (none while paused, resolved or closed)."""
        if self.status not in ACTIVE or self.sla_paused_at is not None:
            return []
        out = []
        if self.first_response_at is None and self.first_response_due:
            out.append(Window(FIRST, self.first_response_due, self.warn_at.get(FIRST)))
        if self.next_response_due:
            out.append(Window(NEXT, self.next_response_due, self.warn_at.get(NEXT)))
        if self.sla_deadline:
            out.append(Window(RESOLUTION, self.sla_deadline, self.warn_at.get(RESOLUTION)))
        return out

    @property
    def sla_next_due(self) -> datetime | None:
        """The nearest running deadline: the queue's default order."""
        return min((w.due for w in self.windows()), default=None)

    @property
    def sla_warn_at(self) -> datetime | None:
        """The nearest warning point of a running window."""
        return min((w.warn for w in self.windows() if w.warn), default=None)

    @property
    def next_trigger_at(self) -> datetime | None:
        """When the sweep next has something to do for this ticket (a warning or a breach)."""
        moments = []
        for w in self.windows():
            if w.key not in self.escalated:
                moments.append(w.due)
                if w.warn and w.key not in self.warned:
                    moments.append(w.warn)
        return min(moments) if moments else None

    def sla_state(self, now: datetime) -> SlaState:
        return sla_state(bool(self.breaches), self.sla_next_due, self.sla_warn_at, now)

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
    def move(self, target: TicketStatus, at: datetime, policy: SlaPolicy) -> TicketStatus:
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

    # --- changes ----------------------------------------------------------------------------
    def apply(
        self, change: TicketChange, actor_id: int, at: datetime, policy: SlaPolicy, categories: Sequence[str]
    ) -> Diff:
        """Staff's partial change (the caller checked the version and that a new assignee is an agent): what
        changed, [before, after] per field. Nothing to change is refused."""
        diff: Diff = {}
        if change.category is not None and change.category != self.category:
            diff["category"] = [self.category, clean_category(change.category, categories)]
            self.category = change.category
        if change.tags is not None:
            tags = clean_tags(change.tags)
            diff["tags"], self.tags = [self.tags, tags], tags
        if change.priority is not None and change.priority is not self.priority:
            diff["priority"] = [self.priority.value, change.priority.value]
            self.priority = change.priority
        if change.team is not None and change.team != self.team:
            diff["team"], self.team = [self.team, change.team], change.team
        if change.assign and change.assigned_to != self.assigned_to:
            diff["assigned_to"] = [self.assigned_to, change.assigned_to]
            self.assign(change.assigned_to, actor_id, at, change.note or "assigned by hand")
        if change.status is not None and change.status is not self.status:
            source = self.move(change.status, at, policy)
            note = change.note or f"{source.value} -> {change.status.value}"
            self.note(UpdateType.STATUS_CHANGE, note, actor_id, at, **{"from": source.value, "to": change.status.value})
            diff["status"] = [source.value, change.status.value]
        if not diff:
            raise InvalidInput("Nothing to change.", code="empty_update")
        self.updated_at = at
        return diff

    def assign(self, agent_id: int | None, actor_id: int | None, at: datetime, reason: str) -> None:
        previous, self.assigned_to = self.assigned_to, agent_id
        action = "unassigned" if agent_id is None else ("handed off" if previous else "assigned")
        self.note(UpdateType.ASSIGNMENT, reason, actor_id, at, action=action, **{"from": previous, "to": agent_id})

    def escalate(self, reason: str, actor_id: int | None, at: datetime, window: Window | None = None) -> bool:
        """One level up, at a higher priority: by hand, or by the sweep for a breached window (once a window:
        False when that window was escalated already)."""
        if not reason.strip():
            raise InvalidInput("A reason is required to escalate.", code="reason_required")
        if self.status not in OPEN_STATES:
            raise Conflict("Only open tickets escalate.", code="ticket_not_open")
        if window is not None:
            if window.key in self.escalated:
                return False
            self.escalated.append(window.key)
            self.breaches.setdefault(window.kind, window.due)
        self.priority = self.priority.raised()
        self.escalation_level += 1
        level, priority = self.escalation_level, self.priority.value
        self.note(UpdateType.ESCALATION, reason.strip(), actor_id, at, level=level, priority=priority)
        return True

    def post(self, kind: UpdateType, content: str, actor_id: int, at: datetime, policy: SlaPolicy) -> TicketUpdate:
        """Staff post a comment (the answer owed to the learner) or an internal note."""
        if kind not in (UpdateType.COMMENT, UpdateType.INTERNAL_NOTE):
            raise InvalidInput("Staff post comments or internal notes.", code="invalid_update_type")
        if self.status is S.CLOSED:
            raise Conflict("The ticket is closed.", code="ticket_closed")
        update = self.note(kind, clean_text(content), actor_id, at)
        if kind is UpdateType.COMMENT:
            self.staff_replied(at, policy)
        return update

    def takes_replies(self, at: datetime) -> bool:
        """False once closed or resolved longer than REOPEN_WINDOW: a learner's reply then opens a follow-up."""
        return self.status is not S.CLOSED and (self.status is not S.RESOLVED or self.can_reopen(at))

    def reply(self, content: str, learner_id: int, at: datetime, policy: SlaPolicy) -> TicketUpdate:
        """The learner answers (see takes_replies): a resolved ticket reopens, and staff owe the next response."""
        content = clean_text(content)
        if self.status is S.RESOLVED:
            self.move(S.IN_PROGRESS if self.assigned_to else S.OPEN, at, policy)
            note = "reopened by the learner's reply"
            self.note(UpdateType.STATUS_CHANGE, note, learner_id, at, **{"from": "resolved", "to": self.status.value})
        update = self.note(UpdateType.COMMENT, content, learner_id, at, by="learner")
        self.learner_replied(at, policy)
        return update

    def rate(self, rating: int, comment: str) -> None:
        if not 1 <= rating <= 5 or len(comment) > 2000:
            raise InvalidInput("rating is 1-5, comment up to 2,000 characters", code="invalid_rating")
        if self.status not in (S.RESOLVED, S.CLOSED):
            raise Conflict("Rate a ticket once it is resolved.", code="ticket_not_resolved")
        self.satisfaction_rating, self.satisfaction_comment = rating, comment.strip()

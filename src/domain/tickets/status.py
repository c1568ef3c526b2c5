"""A ticket's states, the moves between them, and the kinds of update a ticket records."""

from __future__ import annotations

from enum import StrEnum


class TicketStatus(StrEnum):
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


S = TicketStatus
TRANSITIONS: dict[TicketStatus, frozenset[TicketStatus]] = {
    S.OPEN: frozenset({S.IN_PROGRESS, S.PENDING_USER, S.RESOLVED}),
    S.IN_PROGRESS: frozenset({S.OPEN, S.PENDING_USER, S.RESOLVED}),
    S.PENDING_USER: frozenset({S.OPEN, S.IN_PROGRESS, S.RESOLVED}),
    S.RESOLVED: frozenset({S.CLOSED, S.OPEN, S.IN_PROGRESS}),
    S.CLOSED: frozenset(),
}
ACTIVE = frozenset({S.OPEN, S.IN_PROGRESS})  # the SLA clocks run
OPEN_STATES = ACTIVE | {S.PENDING_USER}  # the ticket is still being worked on: it loads its assignee


def allowed_targets(source: TicketStatus, may_work: bool) -> tuple[TicketStatus, ...]:
    """The statuses a person may move a ticket to from `source`: the machine's moves, none for someone who may not
    work tickets (the console offers exactly these), in the workflow's order."""
    if not may_work:
        return ()
    return tuple(s for s in TicketStatus if s in TRANSITIONS[source])

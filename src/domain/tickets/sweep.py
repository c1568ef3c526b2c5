"""The SLA sweep (every minute, and `manage.py sla_sweep`): warns at 80% of a window, escalates on breach (once a
window), closes tickets resolved longer than the reopen window."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime

from domain.shared.errors import Conflict
from domain.shared.events import TOPIC_SLA_WARNING, Notification

from .desk import DeskService
from .events import SlaWarning, TicketUpdated, head
from .model import REOPEN_WINDOW
from .sla import Window
from .status import TicketStatus, UpdateType
from .steps import Steps

BATCH = 500


@dataclass(frozen=True)
class SweepReport:
    warned: int
    escalated: int
    closed: int


class SlaSweep:
    def __init__(self, steps: Steps, desk: DeskService):
        self.steps, self.desk = steps, desk
        self.tickets, self.uow = steps.tickets, steps.uow

    def run(self, *, dry_run: bool = False) -> SweepReport:
        """Sweep as of the clock's now (give the sweep a clock set to another time to sweep as of then: every
        write and audit entry then carries that time). `dry_run` counts what would happen and writes nothing."""
        now = self.steps.clock.now()
        warned = escalated = closed = 0
        for ticket_id in self.tickets.due_for_sweep(now, BATCH):
            w, e = self._check(ticket_id, now, dry_run)
            warned, escalated = warned + w, escalated + e
        for ticket_id in self.tickets.resolved_before(now - REOPEN_WINDOW, BATCH):
            closed += self._close(ticket_id, now, dry_run)
        return SweepReport(warned, escalated, closed)

    def _check(self, ticket_id: int, now: datetime, dry_run: bool) -> tuple[int, int]:
        with self.uow:
            ticket = self.tickets.get(ticket_id, for_update=True)
            if ticket is None:
                return 0, 0
            breached: list[Window] = []
            warned = 0
            for window in ticket.windows():
                if window.due <= now and window.key not in ticket.escalated:
                    breached.append(window)
                elif window.warn is not None and window.warn <= now and window.key not in ticket.warned:
                    ticket.warned.append(window.key)
                    warned += 1
                    self._warn(ticket.id, ticket.code, ticket.title, ticket.assigned_to, window)
            if warned:
                self.steps.save(ticket, ticket.version)
            if dry_run:
                return warned, len(breached)  # leaving the block without commit() undoes it all
            self.uow.commit()
        escalated = 0
        for window in breached:
            with suppress(Conflict):  # closed meanwhile
                escalated += self.desk.escalate_breach(ticket_id, window, now)
        return warned, escalated

    def _warn(self, ticket_id: int, code: str, title: str, assignee: int | None, window: Window) -> None:
        self.uow.publish(SlaWarning(ticket_id, code, window.kind, window.due))
        agent = self.steps.agents.get(assignee) if assignee else None
        if agent is not None and agent.email:
            subject = f"[{code}] {window.label} due {window.due:%Y-%m-%d %H:%M} UTC"
            body = f"{title}\n\n80% of the {window.label} window has passed."
            self.uow.notify(Notification(agent.email, subject, body, topic=TOPIC_SLA_WARNING))

    def _close(self, ticket_id: int, now: datetime, dry_run: bool) -> int:
        with self.uow:
            ticket = self.tickets.get(ticket_id, for_update=True)
            if ticket is None or ticket.status is not TicketStatus.RESOLVED:
                return 0
            if dry_run:
                return 1
            ticket.move(TicketStatus.CLOSED, now, self.steps.policy)
            note = "closed: resolved for seven days"
            ticket.note(UpdateType.STATUS_CHANGE, note, None, now, **{"from": "resolved", "to": "closed"})
            self.steps.save(ticket, ticket.version)
            self.uow.publish(TicketUpdated(*head(ticket), ("status",)))
            self.uow.commit()
        return 1

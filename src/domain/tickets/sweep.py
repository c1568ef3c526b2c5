"""The SLA sweep (every minute, and `manage.py sla_sweep`): warns at 80% of a window, escalates
on breach (once per window), closes tickets resolved more than seven days ago."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.shared.clock import Clock
from domain.shared.errors import Conflict
from domain.shared.events import Notification
from domain.shared.uow import UnitOfWork

from .events import SlaWarning, TicketUpdated, head
from .model import NEXT, REOPEN_WINDOW, Status, UpdateType
from .ports import AgentDirectory, TicketRepository
from .service import SupportService, store
from .sla import WindowKind

BATCH = 500


@dataclass(frozen=True)
class SweepReport:
    warned: int
    escalated: int
    closed: int


class SlaSweep:
    def __init__(
        self, tickets: TicketRepository, support: SupportService, agents: AgentDirectory, uow: UnitOfWork, clock: Clock
    ):
        self.tickets, self.support, self.agents, self.uow, self.clock = tickets, support, agents, uow, clock

    def run(self, *, dry_run: bool = False) -> SweepReport:
        """Sweep as of the clock's now (give the sweep a clock set to another time to sweep as of then: every
        write and audit entry then carries that time). `dry_run` counts what would happen and writes nothing."""
        now = self.clock.now()
        warned = escalated = closed = 0
        for ticket_id in self.tickets.due_for_sweep(now, BATCH):
            w, e = self._check(ticket_id, now, dry_run)
            warned, escalated = warned + w, escalated + e
        for ticket_id in self.tickets.resolved_before(now - REOPEN_WINDOW, BATCH):
            closed += self._close(ticket_id, now, dry_run)
        return SweepReport(warned, escalated, closed)

    def _check(self, ticket_id: int, now: datetime, dry_run: bool) -> tuple[int, int]:
        warned = escalated = 0
        with self.uow:
            ticket = self.tickets.get(ticket_id, for_update=True)
            if ticket is None:
                return 0, 0
            breached = {k: due for k, due in ticket.windows().items() if due <= now and k not in ticket.escalated}
            for key, due in ticket.windows().items():
                warn = ticket.warn_at.get(NEXT if key.startswith(NEXT) else key)
                if key in breached or key in ticket.warned or warn is None or warn > now:
                    continue
                ticket.warned.append(key)
                warned += 1
                self.uow.publish(SlaWarning(ticket.id, ticket.code, WindowKind(key.split("@")[0]), due))
                agent = self.agents.get(ticket.assigned_to) if ticket.assigned_to else None
                if agent is not None and agent.email:
                    window = key.split("@")[0].replace("_", " ")
                    subject = f"[{ticket.code}] {window} due {due:%Y-%m-%d %H:%M} UTC"
                    body = f"{ticket.title}\n\n80% of the {window} window has passed."
                    self.uow.notify(Notification(agent.email, subject, body))
            if warned:
                store(self.tickets, ticket, ticket.version)
            if dry_run:
                return warned, len(breached)  # leaving the block without commit() undoes it all
            self.uow.commit()
        for key, due in breached.items():
            window = key.split("@")[0].replace("_", " ")
            reason = f"SLA breached: {window} was due {due:%Y-%m-%d %H:%M} UTC"
            try:
                self.support.escalate(None, ticket_id, reason, window=key, at=now)
                escalated += 1
            except Conflict:
                pass  # closed meanwhile
        return warned, escalated

    def _close(self, ticket_id: int, now: datetime, dry_run: bool) -> int:
        with self.uow:
            ticket = self.tickets.get(ticket_id, for_update=True)
            if ticket is None or ticket.status is not Status.RESOLVED:
                return 0
            if dry_run:
                return 1
            ticket.move(Status.CLOSED, now, self.support.policy)
            ticket.note(
                UpdateType.STATUS_CHANGE,
                "closed: resolved for seven days",
                None,
                now,
                **{"from": "resolved", "to": "closed"},
            )
            store(self.tickets, ticket, ticket.version)
            self.uow.publish(TicketUpdated(*head(ticket), ("status",)))
            self.uow.commit()
        return 1

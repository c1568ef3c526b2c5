"""Where monitoring meets other modules: the support desk (through its use cases). Recording consent is the privacy
module's `session_recording` check (domain.privacy.module.ConsentRecording, wired by the composition root)."""

from __future__ import annotations

from datetime import datetime

from domain.shared.principal import SYSTEM, Principal
from domain.tickets.commands import NewTicket
from domain.tickets.queries import Grouping
from domain.tickets.service import Support


class SupportDesk:
    """TicketDesk over the tickets module's use cases: a ticket opened here is routed like any other."""

    def __init__(self, support: Support):
        self.support = support

    def open(self, actor: Principal, user_id: int, title: str, description: str, tags: tuple[str, ...]) -> int:
        return self.support.desk.create(actor, NewTicket(title, description, user_id, tags=tags)).ticket.id

    def opened(self, start: datetime, end: datetime) -> int:
        return self.support.analytics.report(SYSTEM, start, end, Grouping.DAY).total

"""Where monitoring meets other modules: the support desk (through its use cases) and recording consent."""

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


class NoSessionRecordingConsent:
    """The seam `recording_allowed(user_id)` until the consent module (issue 13) lands. The profile's consent
    fields do not fit: `data_consent_date` is the general data-processing consent and `marketing_consent` is about
    e-mail, neither is consent to have a session recorded. So no replay is stored today: every replay_chunk is
    refused per item with `consent_required`. Wire the consent module's `session_recording` check here."""

    def recording_allowed(self, user_id: int) -> bool:
        return False

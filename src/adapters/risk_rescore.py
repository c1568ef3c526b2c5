"""The support desk's TicketWatcher, answered by analytics: a learner's ticket opened, escalated, rated or resolved
moves the open-ticket, escalation and satisfaction indicators of their at-risk score, so the score is recomputed
after the change commits (the analytics.rescore task, as ingestion does for security and learning events)."""

from __future__ import annotations

from domain.analytics.service import RESCORE_TASK
from domain.shared.uow import UnitOfWork


class RescoreOnTicketChange:
    def __init__(self, uow: UnitOfWork):
        self.uow = uow

    def ticket_changed(self, user_id: int) -> None:
        self.uow.enqueue(RESCORE_TASK, user_ids=[user_id])

"""Support analytics for managers: volumes, response and resolution times, SLA compliance, satisfaction."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.shared.clock import Clock
from domain.shared.errors import InvalidInput
from domain.shared.permissions import Permission
from domain.shared.principal import Principal

from .ports import TicketQueries
from .queries import AnalyticsReport, Grouping

DEFAULT_SPAN = timedelta(days=30)
MAX_SPAN = timedelta(days=366)


class AnalyticsService:
    def __init__(self, queries: TicketQueries, clock: Clock):
        self.queries, self.clock = queries, clock

    def report(
        self, actor: Principal, start: datetime | None, end: datetime | None, group_by: Grouping
    ) -> AnalyticsReport:
        """From `start` (default: 30 days before `end`) to `end` (default: now), at most 366 days."""
        actor.require(Permission.SUPPORT_ANALYTICS)
        end = end or self.clock.now()
        start = start or end - DEFAULT_SPAN
        if start >= end or end - start > MAX_SPAN:
            raise InvalidInput("from must precede to, at most 366 days apart", code="invalid_range")
        return self.queries.analytics(start, end, group_by)

"""The monitoring read side on the database: keyset pages, rollups, percentiles in SQL on PostgreSQL. One class
for the MonitoringQueries port, put together from one part per view."""

from __future__ import annotations

from .group_queries import GroupQueries
from .live_queries import SessionQueries
from .rollup_queries import RollupQueries


class DjangoMonitoringQueries(SessionQueries, GroupQueries, RollupQueries):
    """MonitoringQueries on the Django ORM."""

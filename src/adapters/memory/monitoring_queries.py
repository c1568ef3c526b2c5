"""The monitoring query port over the in-memory store (the same answers as the SQL, checked by one contract), put
together from one part per view."""

from __future__ import annotations

from .monitoring import InMemoryMonitoring
from .monitoring_group_queries import GroupQueries
from .monitoring_live_queries import SessionQueries
from .monitoring_rollup_queries import RollupQueries


class InMemoryMonitoringQueries(SessionQueries, GroupQueries, RollupQueries):
    def __init__(self, store: InMemoryMonitoring):
        self.s = store

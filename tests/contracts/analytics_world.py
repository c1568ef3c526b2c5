"""The analytics ports as one world, on the in-memory fake (the harness container) or on the Django adapters
(build_container; SQLite in the main pass, PostgreSQL in the PostgreSQL pass), loaded with the hand-checked week of
tests/unit/analytics/data.py through ingestion (which calls the ActivityObserver)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from domain.accounts.ingest_service import ActivityIngestion
from domain.accounts.ports import ActivityObserver
from domain.analytics.days import Calendar
from domain.analytics.ports import AnalyticsQueries, RiskStore, RollupStore
from domain.shared.clock import FixedClock
from domain.shared.uow import UnitOfWork
from tests.unit.analytics.data import NOW, SERVICE, events


@dataclass
class World:
    rollups: RollupStore
    queries: AnalyticsQueries
    risk: RiskStore
    observer: ActivityObserver  # the AnalyticsService, as accounts' ActivityIngestion calls it
    ingestion: ActivityIngestion
    uow: UnitOfWork
    calendar: Calendar
    clock: FixedClock
    add: Callable[[str, datetime], int]  # a new learner (username, joined) -> user id
    profile_risk: Callable[[int], float | None]  # the profile's risk_score
    set_status: Callable[[int, str], None]  # a learner's account status, set as an admin would
    ids: dict[str, int]

    def ingest(self, items: list[dict[str, Any]]) -> None:
        result = self.ingestion.ingest(SERVICE, items)
        assert result.accepted == len(items), result


def memory_world() -> World:
    from adapters.memory.accounts import Person
    from entrypoints.harness import build_test_container

    c = build_test_container()
    c.clock.set(NOW)

    def add(name: str, joined: datetime) -> int:
        return c.people.add(Person(name, f"{name}@example.com", date_joined=joined)).user_id

    def profile_risk(uid: int) -> float | None:
        return c.people.profiles[uid].risk_score

    def set_status(uid: int, status: str) -> None:
        from domain.accounts.model import AccountStatus

        c.people.profiles[uid].account_status = AccountStatus(status)

    store = c.analytics_store
    return World(
        store,
        store,
        store,
        c.analytics,
        c.ingestion,
        c.analytics.uow,
        c.analytics.calendar,
        c.clock,
        add,
        profile_risk,
        set_status,
        {},
    )


def django_world() -> World:
    from django.test import override_settings

    from adapters.orm.accounts.models import UserProfile
    from adapters.orm.accounts.repository import DjangoProfileRepository
    from domain.accounts.model import AccountStatus, PlatformRole, SupportPriority
    from domain.accounts.ports import NewLearner
    from entrypoints.bootstrap import build_container

    clock = FixedClock(NOW)
    with override_settings(ANALYTICS_TIMEZONE="Europe/Berlin"):  # the data set's local days
        c = build_container(clock)
    a = c.analytics

    def add(name: str, joined: datetime) -> int:
        new = NewLearner(
            name,
            f"{name}@example.com",
            "",
            "",
            AccountStatus.ACTIVE,
            PlatformRole.LEARNER,
            SupportPriority.NORMAL,
            False,
            None,
        )
        return DjangoProfileRepository().create(new, joined).user_id

    def profile_risk(uid: int) -> float | None:
        value: float | None = UserProfile.objects.get(user_id=uid).risk_score
        return value

    def set_status(uid: int, status: str) -> None:
        UserProfile.objects.filter(user_id=uid).update(account_status=status)

    return World(
        a.rollups, a.queries, a.risk, a, c.ingestion, a.uow, a.calendar, clock, add, profile_risk, set_status, {}
    )


@pytest.fixture(params=["memory", "django"])
def world(request: pytest.FixtureRequest) -> World:
    """The week loaded: learners A, B, C, D (data.py) and their eight activities."""
    w = django_world() if request.param == "django" else memory_world()
    w.ids = {
        "A": w.add("alice", datetime(2025, 12, 1, 9, tzinfo=NOW.tzinfo)),
        "B": w.add("bruno", datetime(2025, 12, 1, 9, tzinfo=NOW.tzinfo)),
        "C": w.add("chen", datetime(2026, 1, 6, 9, tzinfo=NOW.tzinfo)),
        "D": w.add("dara", datetime(2025, 11, 1, 9, tzinfo=NOW.tzinfo)),
    }
    w.ingest(events(w.ids))
    return w

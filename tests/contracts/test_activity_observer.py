"""ActivityObserver as accounts' ActivityIngestion calls it: the AnalyticsService of the harness container and of
build_container (SQLite here, PostgreSQL in the PostgreSQL pass) keeps its rollups with the stored items, inside the
ingestion's unit of work."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.unit.analytics.data import NOW, login, utc

from . import analytics_world
from .analytics_world import World

world = analytics_world.world
pytestmark = pytest.mark.django_db
JAN8 = date(2026, 1, 8)


def learners(w: World, day: date) -> set[int]:
    found = w.rollups.summaries("all", "", day, day, NOW).get(day)
    return set(found.learners) if found else set()


def test_ingestion_hands_the_stored_items_to_the_observer(world: World) -> None:
    d = world.ids["D"]
    world.ingest([login(d, utc(2026, 1, 8, 11))])
    assert learners(world, JAN8) == {d}


def test_record_inside_a_committed_unit_of_work(world: World) -> None:
    c = world.ids["C"]
    with world.uow:
        world.observer.record([(c, datetime(2026, 1, 8, 11, tzinfo=UTC), "login", {})])
        world.uow.commit()
    assert learners(world, JAN8) == {c}


def test_record_is_undone_with_its_unit_of_work(world: World) -> None:
    c = world.ids["C"]
    with world.uow:
        world.observer.record([(c, datetime(2026, 1, 8, 11, tzinfo=UTC), "login", {})])
    assert learners(world, JAN8) == set()


def test_nothing_counted_records_nothing(world: World) -> None:
    with world.uow:
        world.observer.record([])
        world.uow.commit()
    assert learners(world, JAN8) == set()


def test_forget_learner_takes_the_learner_out_of_every_rollup(world: World) -> None:
    """privacy's LearnerAnalytics seam (analytics consent withdrawn, or the person erased)."""
    c, d = world.ids["C"], world.ids["D"]
    world.ingest([login(d, utc(2026, 1, 8, 11)), login(c, utc(2026, 1, 8, 12))])
    with world.uow:
        world.observer.forget_learner(d)
        world.uow.commit()
    assert learners(world, JAN8) == {c}

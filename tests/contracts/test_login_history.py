"""LoginHistory, held by the in-memory fake and the Django adapter alike (SQLite here, PostgreSQL in the PostgreSQL
pass): one lookup per person since a time, an upsert that keeps the first sighting and the latest, and the purge."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from adapters.memory.security import InMemoryLoginHistory
from adapters.orm.security.repository import DjangoLoginHistory
from domain.security.detection.facts import Mark, MarkKind
from domain.security.ports import LoginHistory

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it


@pytest.fixture(params=["memory", "django"])
def world(request: pytest.FixtureRequest) -> tuple[LoginHistory, Callable[[], int]]:
    if request.param == "django":
        counter = iter(range(1, 1000))
        return DjangoLoginHistory(), lambda: int(User.objects.create_user(f"u{next(counter)}").pk)
    ids = iter(range(1, 1000))
    return InMemoryLoginHistory(), lambda: next(ids)


def mark(kind: MarkKind, value: str, first: datetime, last: datetime | None = None) -> Mark:
    return Mark(kind, value, first, last or first)


def as_set(history: LoginHistory, user_id: int, since: datetime) -> set[tuple[str, str, datetime, datetime]]:
    return {(m.kind.value, m.value, m.first_seen, m.last_seen) for m in history.known(user_id, since).marks}


def test_nothing_is_known_of_a_new_person(world: tuple[LoginHistory, Callable[[], int]]) -> None:
    history, make = world
    assert history.known(make(), T0).marks == ()


def test_remember_keeps_the_first_sighting_and_the_latest(world: tuple[LoginHistory, Callable[[], int]]) -> None:
    history, make = world
    ana, bo = make(), make()
    history.remember(ana, [mark(MarkKind.DEVICE, "Chrome/Windows", T0), mark(MarkKind.NETWORK, "198.51.100.0/24", T0)])
    later = T0 + timedelta(days=2)
    history.remember(ana, [mark(MarkKind.DEVICE, "Chrome/Windows", later)])
    history.remember(ana, [mark(MarkKind.DEVICE, "Chrome/Windows", T0 + timedelta(days=1))])  # late: changes nothing
    history.remember(ana, [mark(MarkKind.DEVICE, "Chrome/Windows", T0 - timedelta(days=1), T0)])  # earlier first
    history.remember(bo, [mark(MarkKind.PASSWORD_RESET, "", T0)])
    assert as_set(history, ana, T0 - timedelta(days=90)) == {
        ("device", "Chrome/Windows", T0 - timedelta(days=1), later),
        ("network", "198.51.100.0/24", T0, T0),
    }
    assert as_set(history, bo, T0 - timedelta(days=90)) == {("password_reset", "", T0, T0)}


def test_the_same_key_twice_in_one_call_keeps_the_latest(world: tuple[LoginHistory, Callable[[], int]]) -> None:
    history, make = world
    ana = make()
    later = T0 + timedelta(hours=1)
    history.remember(ana, [mark(MarkKind.MFA_RESET, "", later), mark(MarkKind.MFA_RESET, "", T0)])
    assert {(m.kind, m.last_seen) for m in history.known(ana, T0).marks} == {(MarkKind.MFA_RESET, later)}
    history.remember(ana, [])


def test_known_since_is_inclusive_and_values_are_exact(world: tuple[LoginHistory, Callable[[], int]]) -> None:
    history, make = world
    ana = make()
    history.remember(
        ana, [mark(MarkKind.NETWORK, "2001:db8:1::/48", T0), mark(MarkKind.NETWORK, "2001:DB8:1::/48", T0)]
    )
    assert len(history.known(ana, T0).marks) == 2  # values are stored as given (the rules normalise them)
    assert history.known(ana, T0 + timedelta(microseconds=1)).marks == ()


def test_forget_before_drops_only_what_was_last_seen_earlier(world: tuple[LoginHistory, Callable[[], int]]) -> None:
    history, make = world
    ana, bo = make(), make()
    history.remember(ana, [mark(MarkKind.DEVICE, "old", T0), mark(MarkKind.DEVICE, "new", T0 + timedelta(days=1))])
    history.remember(bo, [mark(MarkKind.DEVICE, "old", T0 - timedelta(seconds=1))])
    assert history.forget_before(T0) == 1
    assert {m.value for m in history.known(ana, T0 - timedelta(days=1)).marks} == {"old", "new"}
    assert history.forget_before(T0 + timedelta(hours=1)) == 1
    assert {m.value for m in history.known(ana, T0 - timedelta(days=1)).marks} == {"new"}


def test_django_known_and_remember_are_one_statement_each() -> None:
    history, ana = DjangoLoginHistory(), int(User.objects.create_user("ana").pk)
    marks = [mark(MarkKind.DEVICE, "Chrome/Windows", T0), mark(MarkKind.NETWORK, "198.51.100.0/24", T0)]
    with CaptureQueriesContext(connection) as queries:
        history.remember(ana, marks)
        history.known(ana, T0)
    assert len(queries.captured_queries) == 2

"""The SecurityLog port (identity raises events through it, implemented by the security module) stores the same
event on the harness and on Django: type, severity, rule, facts, person and network, unresolved."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.security.model import EventFilter, NewSecurityEvent, Severity
from domain.shared.clock import FixedClock
from domain.shared.pagination import PageRequest

from .conftest import AT

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it


@pytest.fixture(params=["memory", "django"])
def container(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    from entrypoints.bootstrap import build_container
    from entrypoints.harness import build_test_container

    if request.param == "memory":
        fake = build_test_container()
        fake.clock.set(AT)
        return fake
    return build_container(FixedClock(AT))


def test_a_raised_event_is_stored_as_given(container) -> None:  # type: ignore[no-untyped-def]
    new = NewSecurityEvent(
        "sessions_ended",
        Severity.MEDIUM,
        "admin_ended_sessions",
        AT,
        None,
        "3 sessions ended",
        {"ended": 3},
        "10.0.0.1",
    )
    with container.uow:
        container.security.raise_event(new)
        container.uow.commit()
    (found,) = container.security.store.search(EventFilter(event_type="sessions_ended"), PageRequest()).items
    assert (found.event_type, found.severity, found.rule, found.ip, found.resolved) == (
        "sessions_ended",
        Severity.MEDIUM,
        "admin_ended_sessions",
        "10.0.0.1",
        False,
    )
    assert dict(found.facts) == {"ended": 3} and found.description == "3 sessions ended"
    assert found.timestamp == AT


def test_an_event_raised_in_a_block_that_does_not_commit_is_not_kept(container) -> None:  # type: ignore[no-untyped-def]
    new = NewSecurityEvent("password_refused", Severity.LOW, "policy", AT + timedelta(minutes=1))
    with container.uow:
        container.security.raise_event(new)
    assert container.security.store.search(EventFilter(event_type="password_refused"), PageRequest()).items == []

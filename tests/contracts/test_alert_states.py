"""The AlertStore's states (acknowledged, muted, listed by state) on the in-memory fake and on Django."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.monitoring.model import AlertRule, AlertSeverity, AlertState, Finding
from domain.monitoring.ports import AlertStore
from domain.shared.pagination import PageRequest

AT = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it


@pytest.fixture(params=["memory", "django"])
def store(request: pytest.FixtureRequest) -> AlertStore:
    if request.param == "django":
        from adapters.orm.monitoring.state import DjangoAlertStore

        return DjangoAlertStore()
    from adapters.memory.monitoring import InMemoryMonitoring
    from adapters.memory.monitoring_state import InMemoryAlertStore

    return InMemoryAlertStore(InMemoryMonitoring())


def _finding(subject: str) -> Finding:
    return Finding(AlertRule.SPIKE, subject, AlertSeverity.WARNING, "40 events", {"last_hour": 40})


def test_an_alert_is_found_by_id_and_marks_keep_through_firings(store: AlertStore) -> None:
    a = store.add(_finding("group:1"), AT, False, None)
    assert store.get(a.id) == a and store.get(a.id + 100) is None
    assert (a.acknowledged_at, a.acknowledged_by, a.muted_until, a.mute_until_resolved) == (None, None, None, False)
    acked = store.mark(a.id, (AT, 9), AT + timedelta(hours=1), False)
    assert (acked.acknowledged_at, acked.acknowledged_by, acked.muted_until) == (AT, 9, AT + timedelta(hours=1))
    muted = store.mark(a.id, None, None, True)  # the acknowledgement stays
    assert (muted.acknowledged_by, muted.muted_until, muted.mute_until_resolved) == (9, None, True)
    again = store.repeat(a.id, _finding("group:1"), AT + timedelta(minutes=5), True, None)
    assert (again.acknowledged_by, again.mute_until_resolved, again.occurrences) == (9, True, 2)
    assert store.get(a.id) == again


def test_alerts_are_listed_by_their_state_at_a_moment(store: AlertStore) -> None:
    acked = store.add(_finding("group:1"), AT, False, None)
    store.mark(acked.id, (AT, 9), None, False)
    fresh = store.add(_finding("group:2"), AT + timedelta(minutes=10), False, None)
    now = AT + timedelta(minutes=20)

    def ids(state: AlertState, at: datetime) -> list[int]:
        return [x.id for x in store.alerts(PageRequest(), state, at).items]

    assert (ids(AlertState.OPEN, now), ids(AlertState.ACKNOWLEDGED, now), ids(AlertState.RESOLVED, now)) == (
        [fresh.id],
        [acked.id],
        [],
    )
    later = AT + timedelta(minutes=30)  # 30 minutes after its last firing the acknowledged one is over
    assert (ids(AlertState.ACKNOWLEDGED, later), ids(AlertState.RESOLVED, later)) == ([], [acked.id])
    assert [x.id for x in store.alerts(PageRequest()).items] == [fresh.id, acked.id]

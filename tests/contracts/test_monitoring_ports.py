"""The monitoring storage and query ports, on the in-memory fake and on Django (SQLite, and PostgreSQL in its pass)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from domain.monitoring.grouping import Frame
from domain.monitoring.model import AlertRule, AlertSeverity, ErrorSource, Finding, GroupStatus, Session
from domain.monitoring.ports import AlertStore, ErrorStore, MonitoringQueries, PulseStore, TelemetryStore
from domain.monitoring.queries import GroupFilter, GroupSort, SessionFilter
from domain.monitoring.records import ErrorEventRow, GroupDelta, NewGroup, ReplayRow
from domain.shared.errors import InvalidInput
from domain.shared.pagination import PageRequest

AT = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it


@dataclass
class Ports:
    telemetry: TelemetryStore
    errors: ErrorStore
    queries: MonitoringQueries
    alerts: AlertStore
    pulse: PulseStore


@pytest.fixture(params=["memory", "django"])
def ports(request: pytest.FixtureRequest) -> Ports:
    if request.param == "django":
        from adapters.orm.monitoring.errors import DjangoErrorStore
        from adapters.orm.monitoring.queries import DjangoMonitoringQueries
        from adapters.orm.monitoring.state import DjangoAlertStore, DjangoPulseStore
        from adapters.orm.monitoring.telemetry import DjangoTelemetryStore

        return Ports(
            DjangoTelemetryStore(),
            DjangoErrorStore(),
            DjangoMonitoringQueries(),
            DjangoAlertStore(),
            DjangoPulseStore(),
        )
    from adapters.memory.monitoring import InMemoryMonitoring
    from entrypoints.harness import memory_stores

    s = memory_stores(InMemoryMonitoring())
    return Ports(s.telemetry, s.errors, s.queries, s.alerts, s.pulse)


def session(key: str, user: int, at: datetime, beat: datetime | None = None) -> Session:
    return Session(None, key, user, at, at, beat, "https://x/courses", "Courses", changed=True)


def test_sessions_are_saved_found_by_key_and_listed_online_first(ports: Ports) -> None:
    a, b = session("a", 1, AT, AT), session("b", 2, AT - timedelta(minutes=5), AT - timedelta(minutes=5))
    ports.telemetry.save_sessions([a, b])
    assert a.id and b.id and a.id != b.id
    latest = ports.telemetry.latest_sessions({"a", "zz"})
    assert list(latest) == ["a"] and latest["a"].id == a.id
    latest["a"].errors, latest["a"].changed = 3, True
    ports.telemetry.save_sessions([latest["a"]])
    now = AT + timedelta(seconds=10)
    page = ports.queries.sessions(SessionFilter(online=True), PageRequest(), now)
    assert [(s.id, s.errors, s.online) for s in page.items] == [(a.id, 3, True)]
    assert ports.queries.online(now) == 1 and ports.queries.online(AT + timedelta(seconds=31)) == 0
    everyone = ports.queries.sessions(SessionFilter(), PageRequest(limit=1), now)
    assert everyone.items[0].id == a.id and everyone.next_cursor
    rest = ports.queries.sessions(SessionFilter(), PageRequest(limit=1, cursor=everyone.next_cursor), now)
    assert [s.id for s in rest.items] == [b.id] and rest.next_cursor is None
    assert [s.id for s in ports.queries.sessions(SessionFilter(has_errors=True), PageRequest(), now).items] == [a.id]


def test_a_persons_replays_are_deleted_and_only_theirs(ports: Ports) -> None:
    a, b = session("a", 1, AT), session("b", 2, AT)
    ports.telemetry.save_sessions([a, b])
    assert a.id and b.id
    ports.telemetry.add_replay([ReplayRow(a.id, n, AT, "{}", False) for n in range(3)])
    ports.telemetry.add_replay([ReplayRow(b.id, 0, AT, "{}", False)])
    assert ports.telemetry.delete_replays(1) == 3
    assert ports.telemetry.delete_replays(1) == 0 and ports.telemetry.delete_replays(99) == 0
    assert ports.telemetry.purge_replays(AT + timedelta(days=1)) == 1  # the other person's chunk was kept


def test_an_invalid_cursor_is_refused(ports: Ports) -> None:
    with pytest.raises(InvalidInput):
        ports.queries.sessions(SessionFilter(), PageRequest(cursor="bogus"), AT)
    with pytest.raises(InvalidInput):
        ports.queries.groups(GroupFilter(sort=GroupSort.COUNT), PageRequest(cursor="bogus"), AT)


def _event(group_id: int, at: datetime, user: int) -> ErrorEventRow:
    return ErrorEventRow(
        group_id,
        at,
        ErrorSource.CLIENT,
        user,
        7,
        "boom",
        "TypeError",
        (Frame("app.js", "f", 1, True),),
        "https://x/courses",
        "web@1",
        "Firefox",
        (),
        "/courses",
    )


def test_groups_count_events_regress_and_merges_steer_fingerprints(ports: Ports) -> None:
    one = ports.errors.create_group(
        NewGroup("fp-1", ErrorSource.CLIENT, "TypeError: boom", "f (app.js)", "TypeError", AT)
    )
    two = ports.errors.create_group(
        NewGroup("fp-2", ErrorSource.CLIENT, "TypeError: bang", "g (app.js)", "TypeError", AT)
    )
    assert ports.errors.create_group(NewGroup("fp-1", ErrorSource.CLIENT, "x", "", "", AT)).id == one.id
    ports.errors.record(
        [_event(one.id, AT, 5), _event(one.id, AT, 6)], [GroupDelta(one.id, 2, AT, frozenset({5, 6}), None, ((AT, 2),))]
    )
    one = ports.errors.get(one.id) or one
    assert (one.count, one.users) == (2, 2)
    one.set_status(GroupStatus.RESOLVED, AT)
    ports.errors.save(one)
    later = AT + timedelta(hours=1)
    ports.errors.record(
        [_event(one.id, later, 5)], [GroupDelta(one.id, 1, later, frozenset({5}), later, ((later, 1),))]
    )
    got = ports.errors.get(one.id)
    assert got is not None and (got.status, got.count, got.users, got.last_seen) == (GroupStatus.REGRESSED, 3, 2, later)
    ports.errors.merge(got, ports.errors.get(two.id) or two, later)
    assert ports.errors.groups_for({"fp-2"})["fp-2"].id == one.id
    listed = ports.queries.groups(GroupFilter(), PageRequest(), later).items
    assert [g.id for g in listed] == [one.id]
    detail = ports.queries.group(one.id, later)
    assert detail is not None and detail.releases[0].name == "web@1" and sum(h.count for h in detail.histogram) == 3
    assert ports.queries.group_users(one.id, 10) == [5, 6]
    found = ports.queries.detection_input(later + timedelta(minutes=1), AT - timedelta(minutes=1), 2, later, 1)
    assert [g.id for g in found.regressed] == [one.id]


def test_a_group_is_new_for_its_first_3_days_then_ongoing_whatever_its_status(ports: Ports) -> None:
    old = ports.errors.create_group(NewGroup("fp-old", ErrorSource.CLIENT, "old", "", "E", AT))
    young = ports.errors.create_group(
        NewGroup("fp-young", ErrorSource.CLIENT, "young", "", "E", AT + timedelta(days=2))
    )
    young.set_status(GroupStatus.RESOLVED, AT + timedelta(days=2))
    ports.errors.save(young)
    now = AT + timedelta(days=3)  # `old` is exactly 3 days old: ongoing

    def listed(new: bool | None) -> list[tuple[int, bool]]:
        return [(g.id, g.is_new) for g in ports.queries.groups(GroupFilter(new=new), PageRequest(), now).items]

    assert listed(None) == [(young.id, True), (old.id, False)]
    assert listed(True) == [(young.id, True)] and listed(False) == [(old.id, False)]
    resolved = ports.queries.groups(GroupFilter(status=GroupStatus.RESOLVED, new=True), PageRequest(), now).items
    assert [g.id for g in resolved] == [young.id]
    detail = ports.queries.group(old.id, AT + timedelta(days=3) - timedelta(seconds=1))
    assert detail is not None and detail.summary.is_new is True


def test_detection_input_counts_distinct_learners_per_group_in_the_users_window(ports: Ports) -> None:
    hit = ports.errors.create_group(NewGroup("fp-u", ErrorSource.CLIENT, "hit", "", "E", AT))
    quiet = ports.errors.create_group(NewGroup("fp-q", ErrorSource.CLIENT, "quiet", "", "E", AT))
    start = AT + timedelta(minutes=10)
    events = [
        _event(hit.id, start - timedelta(seconds=1), 1),  # before the window: not counted
        _event(hit.id, start, 2),  # on the edge: counted
        _event(hit.id, start + timedelta(minutes=5), 3),
        _event(hit.id, start + timedelta(minutes=6), 3),  # the same learner again: once
        _event(quiet.id, start + timedelta(minutes=5), 4),
    ]
    anonymous = ErrorEventRow(hit.id, start, ErrorSource.SERVER, None, None, "boom", "E", (), "", "", "")
    ports.errors.record([*events, anonymous], [])
    now = start + timedelta(minutes=10)
    found = ports.queries.detection_input(now, now - timedelta(minutes=1), 3, start, 2)
    assert found.group_users == {hit.id: 2}
    assert found.group_titles[hit.id] == "hit"
    assert ports.queries.detection_input(now, now, 3, start, 3).group_users == {}
    assert ports.queries.detection_input(now, now, 3, AT, 1).group_users == {hit.id: 3, quiet.id: 1}


def test_an_alert_counts_its_firings_and_keeps_its_first_moment(ports: Ports) -> None:
    f = Finding(AlertRule.SPIKE, "group:1", AlertSeverity.WARNING, "40 events", {"last_hour": 40})
    assert ports.alerts.latest("spike", "group:1") is None
    first = ports.alerts.add(f, AT, True, None)
    assert (first.occurrences, first.last_seen_at, first.emailed_at, first.emailed) == (1, AT, AT, True)
    louder = Finding(AlertRule.SPIKE, "group:1", AlertSeverity.CRITICAL, "90 events", {"last_hour": 90})
    later = AT + timedelta(minutes=5)
    again = ports.alerts.repeat(first.id, louder, later, False, 77)
    assert (again.id, again.occurrences, again.created_at, again.last_seen_at) == (first.id, 2, AT, later)
    assert (again.severity, again.message, again.evidence) == (AlertSeverity.CRITICAL, "90 events", {"last_hour": 90})
    assert (again.emailed_at, again.ticket_id) == (AT, 77)
    third = ports.alerts.repeat(first.id, louder, later + timedelta(minutes=1), True, None)
    assert (third.occurrences, third.emailed_at, third.ticket_id) == (3, later + timedelta(minutes=1), 77)
    newer = ports.alerts.add(f, AT + timedelta(hours=1), False, None)
    assert ports.alerts.latest("spike", "group:1") == newer and newer.emailed is False
    assert ports.alerts.latest("spike", "group:2") is None
    assert [a.id for a in ports.alerts.alerts(PageRequest()).items] == [newer.id, first.id]


def test_the_detection_minute_and_the_pulse_are_claimed_once(ports: Ports) -> None:
    assert ports.alerts.claim_run(AT) == AT
    assert ports.alerts.claim_run(AT) is None
    assert ports.alerts.claim_run(AT + timedelta(minutes=1)) == AT
    last, waiting = ports.pulse.last_pulse()
    assert (last, waiting) == (None, False)
    assert ports.pulse.claim(None, AT) is True and ports.pulse.claim(None, AT) is False
    assert ports.pulse.set_waiting(True) is True and ports.pulse.set_waiting(True) is False
    assert ports.pulse.last_pulse() == (AT, True)

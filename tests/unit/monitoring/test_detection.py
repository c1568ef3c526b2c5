from __future__ import annotations

from datetime import timedelta

from domain.monitoring.detection import Thresholds, spike_threshold, spikes, users_affected
from domain.monitoring.model import AlertRule, is_new_group, new_since
from domain.shared.permissions import Role

from .conftest import NOW, World, error


def test_a_spike_is_judged_against_the_7_day_hourly_baseline() -> None:
    steady = [20] * 166
    assert spikes({5: [*steady, 55]}, {5: "x"}, Thresholds()) == []  # under 3x the mean
    assert [f.rule for f in spikes({5: [*steady, 61]}, {5: "x"}, Thresholds())] == [AlertRule.SPIKE]
    noisy = [0, 40] * 83  # mean 20, sd 20: mean + 3 sd = 80
    assert spike_threshold(noisy, 3.0, 3.0, 10) == 80
    assert spikes({5: [0] * 166 + [9]}, {}, Thresholds()) == []  # a quiet group needs at least 10


def test_three_hits_of_one_error_in_a_session_open_a_proactive_ticket(world: World) -> None:
    c = world.c
    c.staff_contacts.people[7] = ("cs@example.com", frozenset({Role.CUSTOMER_SUCCESS}))
    world.send(world.lea, error("s1", NOW), error("s1", NOW + timedelta(seconds=5)))
    c.clock.advance(timedelta(minutes=1))
    c.monitoring.detection.run()
    assert not [a for a in c.monitor.alert_rows if a.rule is AlertRule.REPEATED_ERROR]
    world.send(world.lea, error("s1", c.clock.now()))
    c.clock.advance(timedelta(minutes=1))
    c.monitoring.detection.run()
    [alert] = [a for a in c.monitor.alert_rows if a.rule is AlertRule.REPEATED_ERROR]
    ticket = c.tickets.get(alert.ticket_id or 0)
    assert ticket is not None and ticket.user_id == 100 and "proactive" in ticket.tags
    assert alert.evidence["session"] == "/api/monitoring/sessions/1" and alert.evidence["told"] == "customer_success"
    assert any(n.to == "cs@example.com" for n in c.notifier.sent)
    assert any(p.type == "monitoring.alert" for p in c.publisher.on("monitoring"))
    world.send(world.lea, error("s1", c.clock.now()))
    c.clock.advance(timedelta(minutes=1))
    c.monitoring.detection.run()  # the same session and error: no second ticket, no second alert within 30 min
    assert len([a for a in c.monitor.alert_rows if a.rule is AlertRule.REPEATED_ERROR]) == 1
    assert len(c.monitor.proactive) == 1


def test_without_customer_success_staff_the_support_admins_are_told_and_the_alert_says_so(world: World) -> None:
    for i in range(3):
        world.send(world.lea, error("s1", NOW + timedelta(seconds=i)))
    world.c.clock.advance(timedelta(minutes=1))
    world.c.monitoring.detection.run()
    [alert] = [a for a in world.c.monitor.alert_rows if a.rule is AlertRule.REPEATED_ERROR]
    assert alert.evidence["told"] == "support_admin" and "customer_success" in str(alert.evidence["told_because"])
    assert any(n.to == "sally@example.com" for n in world.c.notifier.sent)


def test_detection_runs_once_a_minute_and_alerts_once_per_30_minutes(world: World) -> None:
    world.send(world.lea, error("s1", NOW))
    world.c.clock.advance(timedelta(seconds=30))
    first = world.c.monitoring.detection.run()
    assert world.c.monitoring.detection.run() == []  # the minute is claimed
    assert [a.rule for a in world.c.monitor.alert_rows if a.id in first] == [AlertRule.NEW_GROUP]


def test_users_affected_fires_when_a_group_reaches_n_distinct_learners() -> None:
    t = Thresholds(users=10, users_minutes=60)
    [found] = users_affected({7: 10}, {7: "TypeError: boom"}, t)  # exactly N: fires
    assert (found.rule, found.subject, found.group_id) == (AlertRule.USERS_AFFECTED, "group:7", 7)
    assert found.evidence == {"group": "/api/monitoring/errors/7", "users": 10, "threshold": 10, "minutes": 60}
    assert "10 learners" in found.message and "60 minutes" in found.message
    assert users_affected({7: 9}, {7: "x"}, t) == []  # one short: nothing
    assert users_affected({}, {}, t) == []
    assert [f.group_id for f in users_affected({3: 40, 2: 1, 1: 12}, {}, t)] == [1, 3]  # each group on its own
    assert users_affected({7: 1}, {}, Thresholds(users=1))[0].evidence["users"] == 1  # a threshold of one


def test_a_group_is_new_for_3_days_then_ongoing() -> None:
    assert is_new_group(NOW - timedelta(days=3) + timedelta(seconds=1), NOW)
    assert not is_new_group(NOW - timedelta(days=3), NOW)  # the third day is over
    assert is_new_group(NOW, NOW) and new_since(NOW) == NOW - timedelta(days=3)


def test_detection_raises_users_affected_from_the_learners_in_the_window(world: World) -> None:
    c = world.c
    c.monitoring.rules.base = Thresholds(users=2, users_minutes=10)
    world.send(world.lea, error("s1", NOW), error("s1", NOW + timedelta(seconds=1)))
    c.clock.advance(timedelta(minutes=1))
    c.monitoring.detection.run()
    assert not [a for a in c.monitor.alert_rows if a.rule is AlertRule.USERS_AFFECTED]  # one learner, twice
    c.clock.advance(timedelta(minutes=10))  # lea's events leave the 10-minute window
    world.send(world.max, error("s2", c.clock.now()))
    c.clock.advance(timedelta(minutes=1))
    c.monitoring.detection.run()
    assert not [a for a in c.monitor.alert_rows if a.rule is AlertRule.USERS_AFFECTED]
    world.send(world.lea, error("s1", c.clock.now()))
    c.clock.advance(timedelta(minutes=1))
    c.monitoring.detection.run()
    [alert] = [a for a in c.monitor.alert_rows if a.rule is AlertRule.USERS_AFFECTED]
    assert alert.evidence["users"] == 2 and alert.subject.startswith("group:")

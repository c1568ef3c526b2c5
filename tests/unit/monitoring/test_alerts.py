"""Alert de-duplication: every firing is stored and published, on the open alert of its rule and subject; only
the e-mail is held to one per 30 minutes."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from domain.monitoring.model import AlertRule, AlertSeverity, Finding

from .conftest import NOW, World

SPIKE = Finding(AlertRule.SPIKE, "group:1", AlertSeverity.WARNING, "40 events", {"last_hour": 40})
OPS = "ops@example.com"


def _mails(world: World) -> list[str]:
    return [n.subject for n in world.c.notifier.sent if n.to == OPS]


def _published(world: World) -> list[dict[str, object]]:
    return [dict(p.data) for p in world.c.publisher.on("monitoring") if p.type == "monitoring.alert"]


def test_an_alert_that_keeps_firing_is_counted_published_each_time_and_emailed_once(world: World) -> None:
    d = world.c.monitoring.detection
    d.rulebook.emails = (OPS,)
    first = d.raise_alert(SPIKE, NOW)
    again = d.raise_alert(replace(SPIKE, message="55 events", evidence={"last_hour": 55}), NOW + timedelta(minutes=29))
    assert again == first and len(_mails(world)) == 1
    [alert] = world.c.monitor.alert_rows
    assert (alert.occurrences, alert.created_at, alert.last_seen_at) == (2, NOW, NOW + timedelta(minutes=29))
    assert (alert.message, alert.evidence, alert.emailed_at) == ("55 events", {"last_hour": 55}, NOW)
    assert [(p["id"], p["occurrences"]) for p in _published(world)] == [(first, 1), (first, 2)]


def test_the_open_alert_is_emailed_again_after_30_minutes_of_firing(world: World) -> None:
    d = world.c.monitoring.detection
    d.rulebook.emails = (OPS,)
    first = d.raise_alert(SPIKE, NOW)
    d.raise_alert(SPIKE, NOW + timedelta(minutes=20))
    assert d.raise_alert(SPIKE, NOW + timedelta(minutes=30)) == first  # open (fired 10 min ago), e-mail due again
    assert len(_mails(world)) == 2 and "still firing (3 times since 09:00 UTC)" in _mails(world)[1]
    d.raise_alert(SPIKE, NOW + timedelta(minutes=45))  # 15 minutes after the last e-mail: none
    [alert] = world.c.monitor.alert_rows
    assert (alert.occurrences, alert.emailed_at, len(_mails(world))) == (4, NOW + timedelta(minutes=30), 2)


def test_after_30_quiet_minutes_the_rule_opens_a_new_alert(world: World) -> None:
    d = world.c.monitoring.detection
    d.rulebook.emails = (OPS,)
    first = d.raise_alert(SPIKE, NOW)
    just_open = d.raise_alert(SPIKE, NOW + timedelta(minutes=29, seconds=59))
    reopened = d.raise_alert(SPIKE, NOW + timedelta(minutes=59, seconds=59))  # exactly 30 min after the last firing
    assert just_open == first and reopened != first
    assert [(a.id, a.occurrences) for a in world.c.monitor.alert_rows] == [(first, 2), (reopened, 1)]
    assert len(_mails(world)) == 2  # the new alert is e-mailed: 30 min and more since the last e-mail


def test_each_rule_and_subject_has_its_own_alert_and_e_mail(world: World) -> None:
    d = world.c.monitoring.detection
    d.rulebook.emails = (OPS,)
    ids = {
        d.raise_alert(SPIKE, NOW),
        d.raise_alert(replace(SPIKE, subject="group:2"), NOW),
        d.raise_alert(replace(SPIKE, rule=AlertRule.USERS_AFFECTED), NOW),
    }
    assert len(ids) == 3 and len(_mails(world)) == 3


def test_without_alert_emails_alerts_are_still_stored_and_counted(world: World) -> None:
    d = world.c.monitoring.detection
    first = d.raise_alert(SPIKE, NOW)
    d.raise_alert(SPIKE, NOW + timedelta(minutes=1))
    [alert] = world.c.monitor.alert_rows
    assert (alert.id, alert.occurrences, alert.emailed, _mails(world)) == (first, 2, False, [])

"""Alert rules at run time: detection reads the stored rules (the environment's defaults otherwise), a rule off
finds nothing, quiet hours hold deliveries but keep the alert; edits are checked, audited and need monitoring.manage."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from domain.monitoring.alert_rules import RuleConfig
from domain.monitoring.detection import Thresholds
from domain.monitoring.model import AlertRule, AlertSeverity, Finding
from domain.shared.errors import PermissionDenied, Unprocessable

from .conftest import ADMIN, AGENT, NOW, World, error

HOOK = "https://hooks.slack.example.com/services/T0/B0/x"
SPIKE = Finding(AlertRule.SPIKE, "group:1", AlertSeverity.WARNING, "40 events", {"last_hour": 40})


def _users_rule(users: int, **kw: object) -> RuleConfig:
    base = RuleConfig(
        AlertRule.USERS_AFFECTED, True, {"users": users, "users_minutes": 60}, ("ops@example.com",), ("email",)
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def _two_learners_hit_one_error(world: World) -> list[int]:
    world.send(world.lea, error("s1", NOW))
    world.send(world.max, error("s2", NOW))
    world.c.clock.advance(timedelta(minutes=1))
    world.c.monitoring.detection.run()
    return [a.id for a in world.c.monitor.alert_rows if a.rule is AlertRule.USERS_AFFECTED]


def test_an_unedited_rule_reads_the_environment_s_defaults(world: World) -> None:
    world.c.monitoring.rules.base = Thresholds(users=7, users_minutes=15)
    world.c.monitoring.rules.emails = ("env@example.com",)
    rules = {r.rule: r for r in world.c.monitoring.rules.rules(ADMIN)}
    assert len(rules) == len(AlertRule)
    users = rules[AlertRule.USERS_AFFECTED]
    assert (users.thresholds, users.recipients, users.channels, users.edited) == (
        {"users": 7, "users_minutes": 15},
        ("env@example.com",),
        ("email",),
        False,
    )


def test_an_edited_threshold_decides_whether_the_alert_fires(world: World) -> None:
    world.c.monitoring.rules.update(ADMIN, _users_rule(2))
    assert len(_two_learners_hit_one_error(world)) == 1  # the default (10 learners) would not fire


def test_a_raised_threshold_holds_the_alert_back(world: World) -> None:
    world.c.monitoring.rules.base = Thresholds(users=2)
    world.c.monitoring.rules.update(ADMIN, _users_rule(3))
    assert _two_learners_hit_one_error(world) == []


def test_a_rule_switched_off_fires_nothing(world: World) -> None:
    world.c.monitoring.rules.update(ADMIN, _users_rule(2, enabled=False))
    assert _two_learners_hit_one_error(world) == []
    assert [a.rule for a in world.c.monitor.alert_rows] == [AlertRule.NEW_GROUP]  # the other rules still run


def test_quiet_hours_hold_e_mail_and_webhook_but_record_the_alert(world: World) -> None:
    rules, d = world.c.monitoring.rules, world.c.monitoring.detection
    spike = RuleConfig(
        AlertRule.SPIKE,
        True,
        {"spike_factor": 3, "spike_sigmas": 3, "spike_min": 10},
        ("ops@example.com",),
        ("email", "webhook"),
        HOOK,
        quiet_from=22,
        quiet_until=10,  # NOW is 09:00 UTC: inside the quiet hours, which wrap past midnight
    )
    rules.update(ADMIN, spike)
    held = d.raise_alert(SPIKE, NOW)
    [alert] = world.c.monitor.alert_rows
    assert (alert.id, alert.emailed, alert.evidence["held"]) == (held, False, "quiet hours")
    assert world.c.notifier.sent == []
    d.raise_alert(SPIKE, NOW + timedelta(hours=1))  # 10:00: quiet hours over, the open alert is delivered
    sent = [(n.to, n.channel) for n in world.c.notifier.sent]
    assert sent == [("ops@example.com", "email"), (HOOK, "slack")]


def test_a_bad_rule_is_refused_field_by_field(world: World) -> None:
    bad = RuleConfig(
        AlertRule.USERS_AFFECTED,
        True,
        {"users": 0, "users_minutes": 1.5, "spike_min": 3},
        ("not-an-address",),
        ("email", "webhook", "pager"),
        "http://insecure.example.com",
        quiet_from=25,
    )
    with pytest.raises(Unprocessable) as refused:
        world.c.monitoring.rules.update(ADMIN, bad)
    locs = {".".join(f["loc"][1:]) for f in refused.value.details["fields"]}
    assert locs == {
        "thresholds.users",
        "thresholds.users_minutes",
        "thresholds.spike_min",
        "recipients.0",
        "channels.2",
        "webhook_url",
        "quiet_from",
        "quiet_until",
    }
    assert world.c.monitoring.rules.store.saved() == {}
    with pytest.raises(Unprocessable) as missing:
        world.c.monitoring.rules.update(ADMIN, replace(_users_rule(2), thresholds={"users": 2}))
    assert [f["loc"] for f in missing.value.details["fields"]] == [["body", "thresholds", "users_minutes"]]


def test_edits_are_audited_with_before_and_after_and_need_monitoring_manage(world: World) -> None:
    rules = world.c.monitoring.rules
    with pytest.raises(PermissionDenied):
        rules.update(AGENT, _users_rule(2))
    with pytest.raises(PermissionDenied):
        rules.rules(AGENT)
    saved = rules.update(ADMIN, _users_rule(2, webhook_url=HOOK))
    assert (saved.updated_at, saved.updated_by, saved.edited) == (NOW, ADMIN.user_id, True)
    [entry] = [e.record for e in world.c.audit_log.entries if e.record.action == "monitoring.alert_rule_update"]
    assert (entry.actor_id, entry.target_type, entry.target_id) == (ADMIN.user_id, "alert_rule", "users_affected")
    assert entry.details["before"]["thresholds"] == {"users": 10, "users_minutes": 60}
    assert entry.details["after"]["thresholds"] == {"users": 2, "users_minutes": 60}
    assert entry.details["after"]["webhook_set"] is True and HOOK not in str(entry.details)

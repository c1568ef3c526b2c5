"""The AlertRuleStore port on the in-memory fake and on Django (SQLite, and PostgreSQL in its pass)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from domain.monitoring.alert_rules import RuleConfig
from domain.monitoring.model import AlertRule
from domain.monitoring.ports import AlertRuleStore

AT = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it

SPIKE = RuleConfig(
    AlertRule.SPIKE,
    True,
    {"spike_factor": 2.5, "spike_sigmas": 3.0, "spike_min": 12},
    ("ops@example.com", "lead@example.com"),
    ("email", "webhook"),
    "https://hooks.slack.example.com/services/x",
    22,
    6,
    AT,
    9,
)


@pytest.fixture(params=["memory", "django"])
def store(request: pytest.FixtureRequest) -> AlertRuleStore:
    if request.param == "django":
        from adapters.orm.monitoring.rules import DjangoAlertRuleStore

        return DjangoAlertRuleStore()
    from adapters.memory.monitoring_rules import InMemoryAlertRuleStore

    return InMemoryAlertRuleStore()


def test_nothing_is_saved_until_a_rule_is_edited(store: AlertRuleStore) -> None:
    assert store.saved() == {}


def test_a_saved_rule_comes_back_whole(store: AlertRuleStore) -> None:
    store.save(SPIKE)
    assert store.saved() == {AlertRule.SPIKE: SPIKE}


def test_saving_again_replaces_the_rule_and_leaves_the_others(store: AlertRuleStore) -> None:
    users = RuleConfig(AlertRule.USERS_AFFECTED, False, {"users": 3, "users_minutes": 10}, (), ())
    store.save(SPIKE)
    store.save(replace(users, updated_at=AT))
    quiet = replace(SPIKE, enabled=False, channels=("email",), webhook_url=None, quiet_from=None, quiet_until=None)
    store.save(quiet)
    assert store.saved() == {AlertRule.SPIKE: quiet, AlertRule.USERS_AFFECTED: replace(users, updated_at=AT)}


def test_what_the_caller_holds_does_not_change_the_store(store: AlertRuleStore) -> None:
    store.save(SPIKE)
    store.saved()[AlertRule.SPIKE].thresholds["spike_min"] = 1
    assert store.saved()[AlertRule.SPIKE].thresholds["spike_min"] == 12

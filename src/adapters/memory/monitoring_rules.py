"""Alert rules edited at run time, in memory for the harness."""

from __future__ import annotations

from dataclasses import replace

from domain.monitoring.alert_rules import RuleConfig
from domain.monitoring.model import AlertRule


class InMemoryAlertRuleStore:
    def __init__(self) -> None:
        self.rows: dict[AlertRule, RuleConfig] = {}

    def saved(self) -> dict[AlertRule, RuleConfig]:
        return {r: replace(c, thresholds=dict(c.thresholds)) for r, c in self.rows.items()}

    def save(self, config: RuleConfig) -> None:
        self.rows[config.rule] = replace(config, thresholds=dict(config.thresholds))

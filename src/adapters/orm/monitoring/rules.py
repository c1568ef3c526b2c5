"""Alert rules edited at run time, on Django."""

from __future__ import annotations

from domain.monitoring.alert_rules import RuleConfig
from domain.monitoring.model import AlertRule

from .models import AlertRuleRow


class DjangoAlertRuleStore:
    def saved(self) -> dict[AlertRule, RuleConfig]:
        known = {r.value for r in AlertRule}
        return {AlertRule(row.rule): _config(row) for row in AlertRuleRow.objects.all() if row.rule in known}

    def save(self, config: RuleConfig) -> None:
        AlertRuleRow.objects.update_or_create(
            rule=config.rule.value,
            defaults={
                "enabled": config.enabled,
                "thresholds": dict(config.thresholds),
                "recipients": list(config.recipients),
                "channels": list(config.channels),
                "webhook_url": config.webhook_url or "",
                "quiet_from": config.quiet_from,
                "quiet_until": config.quiet_until,
                "updated_at": config.updated_at,
                "updated_by": config.updated_by,
            },
        )


def _config(row: AlertRuleRow) -> RuleConfig:
    return RuleConfig(
        AlertRule(row.rule),
        row.enabled,
        dict(row.thresholds),
        tuple(row.recipients),
        tuple(row.channels),
        row.webhook_url or None,
        row.quiet_from,
        row.quiet_until,
        row.updated_at,
        row.updated_by,
    )

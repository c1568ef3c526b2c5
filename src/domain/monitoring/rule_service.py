"""The alert rules' use cases: support admins list and edit them; detection reads them with the env defaults."""

from __future__ import annotations

from dataclasses import replace

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import NotFound
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .alert_rules import RuleConfig, checked, default_rule
from .detection import Thresholds
from .model import AlertRule
from .ports import AlertRuleStore


class AlertRules:
    def __init__(
        self,
        store: AlertRuleStore,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        base: Thresholds,
        emails: tuple[str, ...] = (),
    ):
        self.store, self.audit, self.uow, self.clock = store, audit, uow, clock
        self.base, self.emails = base, emails

    def effective(self) -> dict[AlertRule, RuleConfig]:
        """Every rule as detection applies it: the stored one, or the environment's defaults."""
        saved = self.store.saved()
        return {r: saved.get(r) or default_rule(r, self.base, self.emails) for r in AlertRule}

    def rules(self, actor: Principal) -> list[RuleConfig]:
        actor.require(Permission.MONITORING_MANAGE)
        return list(self.effective().values())

    def update(self, actor: Principal, config: RuleConfig) -> RuleConfig:
        """Replace a rule whole; audited with what it was and what it is now."""
        actor.require(Permission.MONITORING_MANAGE)
        before = self.effective()[config.rule]
        valid = replace(checked(config), updated_at=self.clock.now(), updated_by=actor.user_id)
        with self.uow:
            self.store.save(valid)
            self.audit.record(
                actor,
                "monitoring.alert_rule_update",
                "alert_rule",
                config.rule.value,
                {"before": before.audit_view(), "after": valid.audit_view()},
            )
            self.uow.commit()
        return valid


def rule_named(name: str) -> AlertRule:
    try:
        return AlertRule(name)
    except ValueError:
        raise NotFound("No such alert rule.", code="alert_rule_not_found") from None

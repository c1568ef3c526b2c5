"""Alert rules over HTTP: what a support admin reads and sends."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from domain.monitoring.model import AlertRule, AlertState
from entrypoints.api.schemas import PageQuery, ReadModelOut


class AlertRuleIn(Schema):
    enabled: bool = Field(description="off: the rule finds nothing and raises no alert")
    thresholds: dict[str, float] = Field(
        description="every threshold the rule reads, by name (the rule's own names: see `GET .../alert-rules/`)"
    )
    recipients: list[str] = Field(max_length=50, description="e-mail addresses alerted (the email channel)")
    channels: list[str] = Field(max_length=5, description="`email` and/or `webhook` (Slack-compatible)")
    webhook_url: str | None = Field(None, max_length=2000, description="https:// URL of a Slack-compatible webhook")
    quiet_from: int | None = Field(
        None, description="hour of day (UTC) deliveries are held from; alerts still recorded"
    )
    quiet_until: int | None = Field(None, description="hour of day (UTC) deliveries resume")


class AlertQuery(PageQuery):
    state: AlertState | None = Field(None, description="only the alerts in this state now")


class AlertMuteIn(Schema):
    minutes: int | None = Field(
        None, description="hold deliveries this many minutes (0 unmutes); left out: until the alert is resolved"
    )


class AlertRuleOut(ReadModelOut):
    rule: AlertRule
    enabled: bool
    thresholds: dict[str, float]
    recipients: list[str]
    channels: list[str]
    webhook_url: str | None
    quiet_from: int | None
    quiet_until: int | None
    edited: bool = Field(description="false: the environment's defaults (MONITORING_ALERT_*), never edited")
    updated_at: datetime | None
    updated_by: int | None


class AlertRuleListOut(ReadModelOut):
    items: list[AlertRuleOut]

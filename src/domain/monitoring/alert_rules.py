"""Alert rules at run time: each detection rule's thresholds, recipients, channels, quiet hours and on/off.

A rule nobody has edited reads the defaults the environment gives (MONITORING_ALERT_* and the built-in
thresholds); an edited one is stored whole, so a later change of the environment no longer moves it."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from domain.shared.errors import Unprocessable

from .detection import Thresholds
from .model import AlertRule

# The thresholds each rule reads (fields of Thresholds); a window is one of them (users_minutes).
KNOBS: dict[AlertRule, tuple[str, ...]] = {
    AlertRule.NEW_GROUP: (),
    AlertRule.REGRESSION: (),
    AlertRule.SPIKE: ("spike_factor", "spike_sigmas", "spike_min"),
    AlertRule.SERVER_ERROR_RATE: ("server_error_rate", "error_rate_factor", "min_requests"),
    AlertRule.ROUTE_LATENCY: ("route_p95_ms", "route_p95_factor", "min_requests"),
    AlertRule.REPEATED_ERROR: ("repeats",),
    AlertRule.USERS_AFFECTED: ("users", "users_minutes"),
    AlertRule.PAGE_EXITS: ("page_factor", "spike_sigmas", "page_min"),
    AlertRule.RAGE_CLICKS: ("page_factor", "spike_sigmas", "page_min"),
}
CHANNELS = ("email", "webhook")
MAX_RECIPIENTS = 20
MAX_VALUE = 1_000_000.0
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_INTS = {f.name for f in fields(Thresholds) if f.type in ("int", int)}


@dataclass(frozen=True)
class RuleConfig:
    rule: AlertRule
    enabled: bool
    thresholds: dict[str, float]
    recipients: tuple[str, ...]
    channels: tuple[str, ...]
    webhook_url: str | None = None
    quiet_from: int | None = None  # hour of day, UTC: deliveries are held from this hour ...
    quiet_until: int | None = None  # ... to this one (it may wrap past midnight)
    updated_at: datetime | None = None  # None: never edited, the environment's defaults
    updated_by: int | None = None

    @property
    def edited(self) -> bool:
        return self.updated_at is not None

    def limits(self, base: Thresholds) -> Thresholds:
        """The base thresholds with this rule's own in place."""
        own: dict[str, Any] = {k: int(v) if k in _INTS else float(v) for k, v in self.thresholds.items()}
        return replace(base, **own)

    def quiet_at(self, at: datetime) -> bool:
        if self.quiet_from is None or self.quiet_until is None:
            return False
        h, start, end = at.hour, self.quiet_from, self.quiet_until
        return start <= h < end if start < end else h >= start or h < end

    def audit_view(self) -> dict[str, Any]:
        """What the audit trail keeps of it (the webhook URL is a secret: only whether one is set)."""
        return {
            "enabled": self.enabled,
            "thresholds": dict(self.thresholds),
            "recipients": list(self.recipients),
            "channels": list(self.channels),
            "webhook_set": self.webhook_url is not None,
            "quiet_from": self.quiet_from,
            "quiet_until": self.quiet_until,
        }


def default_rule(rule: AlertRule, base: Thresholds, emails: tuple[str, ...]) -> RuleConfig:
    return RuleConfig(
        rule,
        True,
        {k: getattr(base, k) for k in KNOBS[rule]},
        tuple(emails),
        ("email",) if emails else (),  # no MONITORING_ALERT_EMAILS: nothing to send, the rule still records
    )


def _field(loc: str, msg: str) -> dict[str, Any]:
    return {"loc": ["body", *loc.split(".")], "msg": msg, "type": "value_error"}


def checked(cfg: RuleConfig) -> RuleConfig:
    """The rule if it holds together, else a 422 naming each bad field in `details.fields`."""
    problems: list[dict[str, Any]] = []
    knobs = KNOBS[cfg.rule]
    for k, v in cfg.thresholds.items():
        if k not in knobs:
            problems.append(_field(f"thresholds.{k}", f"not a threshold of this rule (it has: {', '.join(knobs)})"))
        elif isinstance(v, bool) or not isinstance(v, int | float) or not 0 < v <= MAX_VALUE:
            problems.append(_field(f"thresholds.{k}", f"a number above 0 and at most {MAX_VALUE:.0f}"))
        elif k in _INTS and v != int(v):
            problems.append(_field(f"thresholds.{k}", "a whole number"))
        elif k == "server_error_rate" and v > 1:
            problems.append(_field(f"thresholds.{k}", "a share of requests, above 0 and at most 1"))
    if len(cfg.recipients) > MAX_RECIPIENTS:
        problems.append(_field("recipients", f"at most {MAX_RECIPIENTS} addresses"))
    for i, to in enumerate(cfg.recipients):
        if not EMAIL.fullmatch(to) or len(to) > 254:
            problems.append(_field(f"recipients.{i}", "an e-mail address"))
    for i, c in enumerate(cfg.channels):
        if c not in CHANNELS:
            problems.append(_field(f"channels.{i}", "email or webhook"))
    url = cfg.webhook_url
    if url is not None and (not url.startswith("https://") or len(url) > 500 or len(url) < 12):
        problems.append(_field("webhook_url", "an https:// URL of at most 500 characters"))
    if "webhook" in cfg.channels and url is None:
        problems.append(_field("webhook_url", "the webhook channel needs a webhook URL"))
    if "email" in cfg.channels and not cfg.recipients:
        problems.append(_field("recipients", "the email channel needs at least one address"))
    for name in ("quiet_from", "quiet_until"):
        hour = getattr(cfg, name)
        if hour is not None and not 0 <= hour <= 23:
            problems.append(_field(name, "an hour of the day, 0 to 23 (UTC)"))
    if (cfg.quiet_from is None) != (cfg.quiet_until is None):
        problems.append(_field("quiet_until", "quiet hours need both a start and an end"))
    elif cfg.quiet_from is not None and cfg.quiet_from == cfg.quiet_until:
        problems.append(_field("quiet_until", "quiet hours end at another hour than they start"))
    if problems:
        raise Unprocessable("This alert rule does not hold together.", details={"fields": problems})
    full = {k: cfg.thresholds.get(k) for k in knobs}
    missing = [k for k, v in full.items() if v is None]
    if missing:
        raise Unprocessable(
            "Give every threshold of the rule.",
            details={"fields": [_field(f"thresholds.{k}", "required") for k in missing]},
        )
    return replace(cfg, recipients=tuple(dict.fromkeys(cfg.recipients)), channels=tuple(dict.fromkeys(cfg.channels)))

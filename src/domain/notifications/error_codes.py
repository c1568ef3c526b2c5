"""Notifications' error codes, each with its HTTP status and what it means (assembled into docs/errors.md)."""

from __future__ import annotations

CODES: dict[str, tuple[int, str]] = {
    "invalid_notification_preferences": (
        400,
        "Notification preferences that do not hold together: a phone number not in E.164 form, a webhook URL that is "
        "not https to a public host, SMS or Slack chosen without one, or a topic that does not reach you "
        "(`details.problems` names each field).",
    ),
}

"""What notifications need from the outside world: where preferences are kept, and one sender per channel kind
(e-mail goes through the shared `Notifier`)."""

from __future__ import annotations

from typing import Protocol

from .model import Preferences


class DeliveryRefused(Exception):
    """The provider refused the message for good (a 4xx): retrying would not help, so the outbox marks it failed.
    Any other exception from a sender is transient (5xx, timeout, refused connection): the outbox retries it."""


class PreferenceStore(Protocol):
    def get(self, user_id: int) -> Preferences | None:
        """The person's stored preferences, or None when they never chose."""
        ...

    def save(self, user_id: int, prefs: Preferences) -> None:
        """Store (replace) the person's preferences."""
        ...

    def for_address(self, email: str) -> Preferences | None:
        """The preferences of the active person whose account has this e-mail address (case ignored), or None."""
        ...


class SmsSender(Protocol):
    def send_sms(self, to: str, body: str, key: str) -> None:
        """Send one text to an E.164 number. `key` is the delivery key: the same key is sent at most once by the
        provider where it honours an idempotency header. Raises DeliveryRefused on a 4xx, anything else on a
        transient failure; never puts the credentials in what it raises."""
        ...


class WebhookSender(Protocol):
    def post(self, url: str, text: str, key: str) -> None:
        """Post `{"text": text}` to a Slack-compatible webhook, with `key` as the idempotency key. Raises as
        SmsSender does; never puts the URL (a secret) in what it raises."""
        ...

"""The outbox's notifier: each message goes out on its own channel (e-mail, SMS or a Slack-compatible webhook)."""

from __future__ import annotations

from typing import Any

from domain.notifications.model import Channel
from domain.notifications.ports import DeliveryRefused, SmsSender, WebhookSender
from domain.shared.events import Notification, Notifier


class ChannelNotifier:
    def __init__(self, email: Notifier, sms: SmsSender, webhook: WebhookSender):
        self.email, self.sms, self.webhook = email, sms, webhook

    def send(self, notification: Notification) -> None:
        if notification.channel == Channel.SMS:
            self.sms.send_sms(notification.to, notification.body, notification.key)
        elif notification.channel == Channel.SLACK:
            self.webhook.post(notification.to, notification.body, notification.key)
        elif notification.channel == Channel.EMAIL:
            self.email.send(notification)
        else:
            raise DeliveryRefused(f"unknown channel {notification.channel[:20]!r}")


def channel_notifier(settings: Any, email: Notifier) -> ChannelNotifier:
    """On Django's settings (SMS_* and NOTIFY_HTTP_TIMEOUT)."""
    from .http import SlackWebhook, TwilioSms

    timeout = float(settings.NOTIFY_HTTP_TIMEOUT)
    sms = TwilioSms(settings.SMS_API_URL, settings.SMS_ACCOUNT_SID, settings.SMS_AUTH_TOKEN, settings.SMS_FROM, timeout)
    return ChannelNotifier(email, sms, SlackWebhook(timeout))

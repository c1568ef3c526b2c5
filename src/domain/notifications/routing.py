"""The one rule of who is told of what on which channel: a notification with a topic is fanned out, when it is
written to the outbox, into one message per channel its recipient chose. Each is its own outbox row, so one
channel's outage delays only that channel, and a message delivered once is never sent again by a retry of
another."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from domain.shared.events import Notification

from .model import Channel, Topic, defaults
from .ports import PreferenceStore

SMS_LENGTH = 320  # two SMS segments: the subject and the start of the body


class NotificationRouting:
    def __init__(self, preferences: PreferenceStore):
        self.preferences = preferences

    def __call__(self, notes: Sequence[Notification]) -> list[Notification]:
        out: list[Notification] = []
        for note in notes:
            out.extend(self.fan_out(note))
        return out

    def fan_out(self, note: Notification) -> list[Notification]:
        """The messages one notification becomes. Without a topic (a password reset, an invitation) or on a
        channel other than e-mail, it goes as it is: those are never muted."""
        if not note.topic or note.channel != Channel.EMAIL.value:
            return [note]
        prefs = self.preferences.for_address(note.to) or defaults()
        chosen = prefs.on(Topic(note.topic))
        out = [note] if Channel.EMAIL in chosen else []
        if Channel.SMS in chosen and prefs.phone:
            text = f"{note.subject}\n{note.body}"[:SMS_LENGTH]
            out.append(replace(note, to=prefs.phone, body=text, channel=Channel.SMS.value))
        if Channel.SLACK in chosen and prefs.webhook_url:
            text = f"*{note.subject}*\n{note.body}"
            out.append(replace(note, to=prefs.webhook_url, body=text, channel=Channel.SLACK.value))
        return out

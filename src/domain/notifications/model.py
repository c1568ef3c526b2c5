"""Who is told of what, on which channel: a person's notification preferences and the rules that check them."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlsplit

from domain.shared import events
from domain.shared.errors import InvalidInput
from domain.shared.permissions import Role


class Topic(StrEnum):
    """What a notification is about (the call site that sends it names its topic)."""

    TICKET_REPLY = events.TOPIC_TICKET_REPLY  # learners: an agent answered their ticket
    TICKET_ASSIGNED = events.TOPIC_TICKET_ASSIGNED  # agents: a ticket was handed (or escalated) to them
    SLA_WARNING = events.TOPIC_SLA_WARNING  # agents: 80% of a ticket's SLA window has passed
    SECURITY_CRITICAL = events.TOPIC_SECURITY_CRITICAL  # admins: a high or critical security event


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    SLACK = "slack"


# which topics reach whom: learners their tickets' replies, agents their tickets, admins security
AUDIENCE: Mapping[Topic, frozenset[Role]] = {
    Topic.TICKET_REPLY: frozenset({Role.LEARNER}),
    Topic.TICKET_ASSIGNED: frozenset({Role.SUPPORT_AGENT, Role.SUPPORT_ADMIN}),
    Topic.SLA_WARNING: frozenset({Role.SUPPORT_AGENT, Role.SUPPORT_ADMIN}),
    Topic.SECURITY_CRITICAL: frozenset({Role.PLATFORM_ADMIN, Role.SUPPORT_ADMIN}),
}

E164 = re.compile(r"\+[1-9][0-9]{6,14}")
MAX_URL = 500


@dataclass(frozen=True)
class Preferences:
    """A person's choice: for each topic, the channels it goes out on (an empty set mutes it), and the phone
    number (E.164) and Slack-compatible webhook (https) that SMS and Slack need. E-mail goes to the address of
    their account. Unstored preferences are `defaults()`: every topic by e-mail, SMS and Slack off."""

    channels: Mapping[Topic, frozenset[Channel]] = field(default_factory=dict)
    phone: str | None = None
    webhook_url: str | None = None

    def on(self, topic: Topic) -> frozenset[Channel]:
        return self.channels.get(topic, frozenset({Channel.EMAIL}))


def defaults() -> Preferences:
    return Preferences({t: frozenset({Channel.EMAIL}) for t in Topic})


def topics_for(roles: Collection[Role], is_superuser: bool = False) -> tuple[Topic, ...]:
    """The topics a person with these roles can be told of (a person with no staff role is a learner)."""
    have = set(roles) or {Role.LEARNER}
    return tuple(t for t in Topic if (is_superuser and t is not Topic.TICKET_REPLY) or have & AUDIENCE[t])


def checked(prefs: Preferences, allowed: Collection[Topic]) -> Preferences:
    """The preferences if they hold together, else InvalidInput naming each problem by field."""
    problems: dict[str, str] = {}
    phone = (prefs.phone or "").strip() or None
    url = (prefs.webhook_url or "").strip() or None
    if phone is not None and not E164.fullmatch(phone):
        problems["phone"] = "an international number in E.164 form, such as +447700900123"
    if url is not None and not _https(url):
        problems["webhook_url"] = "an https:// URL of at most 500 characters"
    for topic, chans in prefs.channels.items():
        if topic not in allowed:
            problems[f"channels.{topic.value}"] = "this topic does not reach you"
        if Channel.SMS in chans and phone is None:
            problems[f"channels.{topic.value}"] = "SMS needs a phone number"
        if Channel.SLACK in chans and url is None:
            problems[f"channels.{topic.value}"] = "Slack needs a webhook URL"
    if problems:
        raise InvalidInput(
            "These notification preferences do not hold together.",
            code="invalid_notification_preferences",
            details={"problems": problems},
        )
    return Preferences({t: frozenset(c) for t, c in prefs.channels.items()}, phone, url)


def _https(url: str) -> bool:
    if len(url) > MAX_URL or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises on a port that is no number)
    except ValueError:  # "https://[::1" and the like
        return False
    host = parts.hostname or ""
    return parts.scheme == "https" and _public(host) and not parts.username and not parts.password


def _public(host: str) -> bool:
    """Not this machine or its private network by name or address (the worker posts to it)."""
    if not host or host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return False
    try:
        return ipaddress.ip_address(host).is_global
    except ValueError:
        return "." in host  # a name; a bare word is a name on the local network

"""Who is told of what, on which channel: the tickets' and security's notifications through each person's
preferences, on the harness."""

from __future__ import annotations

import pytest

from adapters.memory.notifications import InMemoryPreferences
from domain.notifications.model import Channel, Preferences, Topic, topics_for
from domain.notifications.routing import NotificationRouting
from domain.shared.errors import InvalidInput
from domain.shared.events import Notification
from domain.shared.permissions import Role
from domain.tickets.commands import TicketChange
from domain.tickets.status import UpdateType
from entrypoints.harness import TestContainer
from entrypoints.modules import NOTIFICATIONS
from tests.unit.tickets.conftest import Desk, build_desk
from tests.unit.tickets.test_tickets import open_ticket

PHONE = "+447700900123"
HOOK = "https://hooks.example.com/services/T000/B000/XXXX"
EMAIL, SMS, SLACK = Channel.EMAIL, Channel.SMS, Channel.SLACK


@pytest.fixture
def desk(harness: TestContainer) -> Desk:
    return build_desk(harness)


def sent(desk: Desk) -> list[tuple[str, str, str]]:
    return [(n.channel, n.to, n.topic) for n in desk.c.notifier.sent]


def test_a_learner_hears_of_a_reply_by_email_until_they_choose(desk: Desk) -> None:
    tid = open_ticket(desk)
    desk.support.desk.post(desk.agent, tid, UpdateType.COMMENT, "We are on it.")
    assert sent(desk) == [("email", "lea@example.com", "ticket_reply")]


def test_a_learner_who_chose_sms_gets_a_text_as_well(desk: Desk) -> None:
    prefs = desk.c[NOTIFICATIONS].service
    prefs.change(desk.learner, {Topic.TICKET_REPLY: frozenset({EMAIL, SMS})}, phone=PHONE)
    tid = open_ticket(desk)
    desk.support.desk.post(desk.agent, tid, UpdateType.COMMENT, "We are on it.")
    assert sorted(sent(desk)) == [("email", "lea@example.com", "ticket_reply"), ("sms", PHONE, "ticket_reply")]
    text = next(n for n in desk.c.notifier.sent if n.channel == "sms")
    assert "We are on it." in text.body and len(text.body) <= 320


def test_a_muted_topic_reaches_nobody_and_notes_never_do(desk: Desk) -> None:
    desk.c[NOTIFICATIONS].service.change(desk.learner, {Topic.TICKET_REPLY: frozenset()})
    tid = open_ticket(desk)
    desk.support.desk.post(desk.agent, tid, UpdateType.COMMENT, "We are on it.")
    desk.support.desk.post(desk.agent, tid, UpdateType.INTERNAL_NOTE, "internal")
    assert sent(desk) == []


def test_an_agent_handed_a_ticket_by_someone_else_is_told_on_their_channels(desk: Desk) -> None:
    store = desk.c.fakes_of(NOTIFICATIONS).preferences
    assert isinstance(store, InMemoryPreferences)
    store.emails[2] = "bob@example.com"
    desk.c[NOTIFICATIONS].service.change(desk.agent2, {Topic.TICKET_ASSIGNED: frozenset({SLACK})}, webhook_url=HOOK)
    tid = open_ticket(desk)
    ticket = desk.store.get(tid)
    assert ticket is not None
    desk.support.desk.change(desk.agent, tid, TicketChange(version=ticket.version, assign=True, assigned_to=2))
    assert sent(desk) == [("slack", HOOK, "ticket_assigned")]


def test_an_agent_assigning_themselves_is_not_told(desk: Desk) -> None:
    tid = open_ticket(desk)
    ticket = desk.store.get(tid)
    assert ticket is not None
    desk.support.desk.change(desk.agent2, tid, TicketChange(version=ticket.version, assign=True, assigned_to=2))
    assert [s for s in sent(desk) if s[2] == "ticket_assigned"] == []


def test_security_alerts_reach_admins_on_each_chosen_channel() -> None:
    store = InMemoryPreferences()
    store.emails[7] = "Root@Example.com"
    store.save(7, Preferences({Topic.SECURITY_CRITICAL: frozenset({EMAIL, SMS, SLACK})}, PHONE, HOOK))
    note = Notification("root@example.com", "[security] critical", "details", topic="security_critical")
    out = NotificationRouting(store)([note])
    assert [(n.channel, n.to) for n in out] == [("email", "root@example.com"), ("sms", PHONE), ("slack", HOOK)]


def test_untagged_mail_is_never_muted_or_copied() -> None:
    store = InMemoryPreferences()
    store.emails[7] = "a@example.com"
    store.save(7, Preferences({t: frozenset() for t in Topic}, PHONE, HOOK))
    reset = Notification("a@example.com", "Reset your password", "link")
    assert NotificationRouting(store)([reset]) == [reset]


def test_who_can_be_told_of_what() -> None:
    assert topics_for(frozenset()) == (Topic.TICKET_REPLY,)
    assert topics_for({Role.SUPPORT_AGENT}) == (Topic.TICKET_ASSIGNED, Topic.SLA_WARNING)
    assert topics_for({Role.PLATFORM_ADMIN}) == (Topic.SECURITY_CRITICAL,)
    assert Topic.SECURITY_CRITICAL in topics_for({Role.SUPPORT_ADMIN})


@pytest.mark.parametrize(
    ("channels", "phone", "url", "field"),
    [
        ({}, "07700 900123", None, "phone"),
        ({}, None, "http://hooks.example.com/x", "webhook_url"),
        ({}, None, "https://user:pw@hooks.example.com/x", "webhook_url"),
        ({}, None, "https://[::1/x", "webhook_url"),
        ({}, None, "https://169.254.169.254/latest/meta-data", "webhook_url"),
        ({}, None, "https://10.0.0.5/hook", "webhook_url"),
        ({}, None, "https://localhost/hook", "webhook_url"),
        ({}, None, "https://metadata.internal/hook", "webhook_url"),
        ({}, None, "https://hooks.example.com:99999/x", "webhook_url"),
        ({}, None, "https://hooks.example.com/\x00", "webhook_url"),
        ({}, "+44\u0667700900123", None, "phone"),
        ({Topic.TICKET_REPLY: frozenset({SMS})}, None, None, "channels.ticket_reply"),
        ({Topic.TICKET_REPLY: frozenset({SLACK})}, None, None, "channels.ticket_reply"),
        ({Topic.SECURITY_CRITICAL: frozenset({EMAIL})}, None, None, "channels.security_critical"),
    ],
)
def test_preferences_that_do_not_hold_together_are_refused_by_field(
    desk: Desk, channels: dict[Topic, frozenset[Channel]], phone: str | None, url: str | None, field: str
) -> None:
    with pytest.raises(InvalidInput) as err:
        desk.c[NOTIFICATIONS].service.change(desk.learner, channels, phone=phone, webhook_url=url)
    assert err.value.code == "invalid_notification_preferences"
    assert field in err.value.details["problems"]
    assert all(given not in str(err.value.details) for given in (phone, url) if given)  # never echoed


def test_a_change_is_audited_without_the_number_or_url(desk: Desk) -> None:
    service = desk.c[NOTIFICATIONS].service
    view = service.change(desk.learner, {Topic.TICKET_REPLY: frozenset({SMS})}, phone=PHONE, webhook_url=HOOK)
    assert view.prefs.on(Topic.TICKET_REPLY) == {SMS}
    entry = desk.c.audit_log.entries[-1]
    assert entry.record.action == "notifications.preferences"
    assert PHONE not in str(entry.record.details) and HOOK not in str(entry.record.details)
    kept = service.change(desk.learner, {})  # None keeps the stored number and URL
    assert kept.prefs.phone == PHONE and kept.prefs.on(Topic.TICKET_REPLY) == {EMAIL}
    assert service.change(desk.learner, {}, phone="").prefs.phone is None

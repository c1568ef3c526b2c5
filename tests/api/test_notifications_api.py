"""GET/PUT /api/me/notification-preferences, and a ticket reply reaching the learner by SMS through the outbox: the
real relay and the real Twilio-compatible adapter against a local stub server (delivered once; a 5xx retried; a 4xx
recorded as failed, never retried)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from adapters.orm.outbox.models import OutboxMessage
from domain.shared.permissions import Role
from entrypoints.bootstrap import build_container, use_container
from tests.contracts.stub_provider import Stub, stub_provider

from .conftest import Api, Staff
from .test_tickets_api import make_learner

pytestmark = pytest.mark.django_db
URL = "/api/me/notification-preferences"
PHONE = "+447700900123"
TOKEN = "sms-token-not-for-logs"


@pytest.fixture
def stub(settings: Any) -> Iterator[Stub]:
    with stub_provider() as s:
        settings.SMS_API_URL, settings.SMS_ACCOUNT_SID, settings.SMS_AUTH_TOKEN = s.url, "AC9", TOKEN
        settings.SMS_FROM, settings.NOTIFY_HTTP_TIMEOUT = "+15005550006", 0.5
        use_container(build_container())
        yield s
        use_container(None)


def test_a_learner_reads_and_changes_their_preferences(api: Api) -> None:
    lea = make_learner(api, "lea")
    mine = api.call("GET", URL, lea)
    assert mine.status_code == 200, mine.content
    assert mine.json() == {
        "topics": [{"topic": "ticket_reply", "channels": ["email"]}],
        "phone": None,
        "webhook_host": None,
    }
    body = {
        "topics": [{"topic": "ticket_reply", "channels": ["email", "sms", "slack"]}],
        "phone": PHONE,
        "webhook_url": "https://hooks.example.com/services/SECRET",
    }
    changed = api.call("PUT", URL, lea, body)
    assert changed.status_code == 200, changed.content
    assert changed.json()["webhook_host"] == "hooks.example.com" and "SECRET" not in changed.content.decode()
    assert api.call("GET", URL, lea).json()["topics"][0]["channels"] == ["email", "sms", "slack"]


def test_staff_see_their_own_topics(api: Api, make_staff: Callable[..., Staff]) -> None:
    agent = api.call("GET", URL, make_staff(Role.SUPPORT_AGENT)).json()
    assert [t["topic"] for t in agent["topics"]] == ["ticket_assigned", "sla_warning"]
    admin = api.call("GET", URL, make_staff(Role.PLATFORM_ADMIN)).json()
    assert [t["topic"] for t in admin["topics"]] == ["security_critical"]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"topics": [], "phone": "12345"}, 400, "phone"),
        ({"topics": [], "webhook_url": "http://hooks.example.com/x"}, 400, "webhook_url"),
        ({"topics": [{"topic": "ticket_reply", "channels": ["sms"]}]}, 400, "channels.ticket_reply"),
        ({"topics": [{"topic": "security_critical", "channels": []}]}, 400, "channels.security_critical"),
        ({"topics": [{"topic": "ticket_reply", "channels": []}] * 2}, 400, "topics"),
        ({"topics": [{"topic": "nope", "channels": []}]}, 422, None),
        ({"topics": [{"topic": "ticket_reply", "channels": ["fax"]}]}, 422, None),
    ],
)
def test_wrong_preferences_are_4xx_with_the_one_error_body(
    api: Api, body: dict[str, Any], status: int, field: str | None
) -> None:
    response = api.call("PUT", URL, make_learner(api, "lea"), body)
    assert response.status_code == status, response.content
    error = response.json()["error"]
    if field is not None:
        assert error["code"] == "invalid_notification_preferences" and field in error["details"]["problems"]


def test_anonymous_callers_are_refused(api: Api) -> None:
    assert api.call("GET", URL).status_code == 401


def test_a_reply_reaches_the_learner_by_sms_through_the_outbox_once(
    api: Api, stub: Stub, make_staff: Callable[..., Staff]
) -> None:
    lea, agent = make_learner(api, "lea"), make_staff(Role.SUPPORT_AGENT)
    body = {"topics": [{"topic": "ticket_reply", "channels": ["sms"]}], "phone": PHONE}
    assert api.call("PUT", URL, lea, body).status_code == 200
    ticket = api.call("POST", "/api/support/my-tickets/", lea, {"title": "Quiz", "description": "It is empty."})
    tid = ticket.json()["id"]
    stub.answer = 503  # the provider is down: the message waits in the outbox
    reply = {"update_type": "comment", "content": "Fixed, try again"}
    assert api.call("POST", f"/api/support/tickets/{tid}/updates/", agent, reply).status_code == 201
    (row,) = OutboxMessage.objects.filter(kind="notification")
    assert row.payload["channel"] == "sms" and row.payload["to"] == PHONE  # no e-mail: she chose SMS only
    from entrypoints.bootstrap import container

    assert container().relay_outbox() == 0
    row.refresh_from_db()
    assert row.attempts == 1 and row.delivered_at is None and row.failed_at is None and TOKEN not in row.last_error
    stub.answer = 200
    OutboxMessage.objects.filter(pk=row.pk).update(available_at=row.created_at)  # the back-off has passed
    assert container().relay_outbox() == 1
    assert container().relay_outbox() == 0  # delivered: never sent twice
    sent = stub.received[-1]
    assert sent.headers["i-twilio-idempotency-token"] == f"outbox-{row.pk}" and b"Fixed%2C+try+again" in sent.body
    assert len(stub.received) == 2  # the failed attempt and the delivery


def test_a_refused_text_is_recorded_and_never_retried(api: Api, stub: Stub, make_staff: Callable[..., Staff]) -> None:
    lea, agent = make_learner(api, "lea"), make_staff(Role.SUPPORT_AGENT)
    body = {"topics": [{"topic": "ticket_reply", "channels": ["sms"]}], "phone": PHONE}
    api.call("PUT", URL, lea, body)
    tid = api.call("POST", "/api/support/my-tickets/", lea, {"title": "Quiz", "description": "x"}).json()["id"]
    stub.answer = 400
    api.call("POST", f"/api/support/tickets/{tid}/updates/", agent, {"update_type": "comment", "content": "Hi"})
    from entrypoints.bootstrap import container

    assert container().relay_outbox() == 0
    (row,) = OutboxMessage.objects.filter(kind="notification")
    assert row.failed_at is not None and "HTTP 400" in row.last_error and TOKEN not in row.last_error
    OutboxMessage.objects.filter(pk=row.pk).update(available_at=row.created_at)
    container().relay_outbox()
    assert len(stub.received) == 1


def test_erasure_forgets_the_number_the_webhook_and_the_texts_sent_to_them(api: Api) -> None:
    from adapters.orm.notifications.models import NotificationPreference
    from adapters.orm.privacy.anonymiser import DjangoAnonymiser
    from domain.shared.events import Notification
    from entrypoints.bootstrap import container

    lea = make_learner(api, "lea")
    body = {"topics": [{"topic": "ticket_reply", "channels": ["sms"]}], "phone": PHONE}
    assert api.call("PUT", URL, lea, body).status_code == 200
    with container().uow as uow:
        uow.notify(Notification("lea@example.com", "[SUP-1] Quiz", "Hi", topic="ticket_reply"))
        uow.commit()
    assert OutboxMessage.objects.filter(payload__to=PHONE).count() == 1
    counts = DjangoAnonymiser().anonymise(lea.user.id, "erased-1")
    assert counts["notification_preferences"] == 1
    assert not NotificationPreference.objects.filter(user_id=lea.user.id).exists()
    assert not OutboxMessage.objects.filter(payload__to=PHONE).exists()

"""SmsSender and WebhookSender: the fake and the real HTTP adapters (against a local stub server) answer the same
way to a provider's 200, 4xx, 5xx and silence; the real ones send the delivery key and keep secrets out of errors."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs

import pytest

from adapters.memory.notifications import RecordingSender
from adapters.notify.http import ProviderUnavailable, SlackWebhook, TwilioSms
from domain.notifications.ports import DeliveryRefused

from .stub_provider import Stub, stub_provider

TOKEN = "tok-secret-123"
PHONE = "+447700900123"


@dataclass
class Channel:
    send: Callable[[str], None]  # the message's delivery key
    answer: Callable[[int], None]  # 200, 400, 503 or 0 (hang)
    sent: Callable[[], int]  # how many reached the provider with a 2xx
    secrets: tuple[str, ...]
    stub: Stub | None = None


def fake(kind: str) -> Channel:
    sender = RecordingSender()
    modes = {200: "ok", 400: "refuse", 503: "fail", 0: "fail"}

    def send(key: str) -> None:
        if kind == "sms":
            sender.send_sms(PHONE, "hello", key)
        else:
            sender.post("https://hooks.example.com/x", "hello", key)

    return Channel(send, lambda code: setattr(sender, "answer", modes[code]), lambda: len(sender.sent), ())


def real(kind: str, stub: Stub) -> Channel:
    ok: list[int] = []
    hook = f"{stub.url}/services/T0/B0/hook-secret"
    sms = TwilioSms(stub.url, "AC123", TOKEN, "+15005550006", timeout=0.5)
    slack = SlackWebhook(timeout=0.5, allow_http=True)

    def send(key: str) -> None:
        sms.send_sms(PHONE, "hello", key) if kind == "sms" else slack.post(hook, "hello", key)
        ok.append(1)

    return Channel(
        send, lambda code: setattr(stub, "answer", code), lambda: len(ok), (TOKEN, hook, "hook-secret"), stub
    )


@pytest.fixture(params=["memory-sms", "memory-slack", "http-sms", "http-slack"])
def channel(request: pytest.FixtureRequest) -> Iterator[Channel]:
    impl, kind = request.param.split("-")
    if impl == "memory":
        yield fake(kind)
        return
    with stub_provider() as stub:
        yield real(kind, stub)


def test_a_message_is_delivered(channel: Channel) -> None:
    channel.send("outbox-1")
    assert channel.sent() == 1


@pytest.mark.parametrize(("code", "error"), [(400, DeliveryRefused), (503, Exception), (0, Exception)])
def test_provider_failures_are_refusals_or_retryable(channel: Channel, code: int, error: type[Exception]) -> None:
    channel.answer(code)
    with pytest.raises(error) as err:
        channel.send("outbox-2")
    if code != 400:
        assert not isinstance(err.value, DeliveryRefused)  # 5xx and timeouts: the outbox retries
    assert channel.sent() == 0
    assert all(s not in str(err.value) and s not in repr(err.value) for s in channel.secrets)


def test_the_http_adapters_speak_the_providers_apis_with_the_delivery_key(channel: Channel) -> None:
    if channel.stub is None:
        pytest.skip("what goes over the wire: the HTTP adapters only")
    channel.send("outbox-7")
    (got,) = channel.stub.received
    if got.path.startswith("/2010-04-01/"):
        assert got.path == "/2010-04-01/Accounts/AC123/Messages.json"
        assert got.headers["authorization"] == "Basic " + base64.b64encode(f"AC123:{TOKEN}".encode()).decode()
        assert got.headers["i-twilio-idempotency-token"] == "outbox-7"
        form = parse_qs(got.body.decode())
        assert form == {"To": [PHONE], "From": ["+15005550006"], "Body": ["hello"]}
    else:
        assert got.path == "/services/T0/B0/hook-secret"
        assert got.headers["idempotency-key"] == "outbox-7"
        assert json.loads(got.body) == {"text": "hello"}


def test_a_webhook_must_be_https_and_sms_needs_its_settings() -> None:
    with pytest.raises(DeliveryRefused):
        SlackWebhook().post("http://hooks.example.com/x", "hello", "k")
    with pytest.raises(ProviderUnavailable) as err:
        TwilioSms("https://api.example.com", "AC1", "", "+15005550006").send_sms(PHONE, "hi", "k")
    assert "SMS_AUTH_TOKEN" in str(err.value)
    assert TOKEN not in repr(TwilioSms("https://api.example.com", "AC1", TOKEN, "+1"))

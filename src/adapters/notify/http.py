"""SMS through a Twilio-compatible HTTP API and posts to Slack-compatible webhooks, on the standard library.

A provider's 4xx is DeliveryRefused (the outbox records it and never retries); a 5xx, a timeout or a refused
connection is a plain ProviderUnavailable, which the outbox retries with back-off. Neither ever carries the
account's token or the webhook's URL: both are secrets."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping

from domain.notifications.ports import DeliveryRefused

TIMEOUT = 5.0  # seconds: a provider that hangs longer is retried later by the outbox


class ProviderUnavailable(Exception):
    """A transient failure: the outbox tries again after a back-off."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a provider that redirects is answered as its 3xx: never follow credentials elsewhere


_opener = urllib.request.build_opener(_NoRedirect)


def post(url: str, body: bytes, headers: Mapping[str, str], timeout: float, what: str) -> int:
    """POST and return the status; `what` names the provider in errors (never the URL)."""
    if urllib.parse.urlsplit(url).scheme not in ("https", "http"):
        raise DeliveryRefused(f"{what}: not an http(s) URL")
    request = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")  # noqa: S310
    try:
        with _opener.open(request, timeout=timeout) as response:
            status: int = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
        exc.close()
    except TimeoutError:
        raise ProviderUnavailable(f"{what}: timed out after {timeout:g} s") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ProviderUnavailable(f"{what}: {type(reason).__name__}") from None
    if 400 <= status < 500 and status not in (408, 429):
        raise DeliveryRefused(f"{what}: refused with HTTP {status}")
    if status >= 300:
        raise ProviderUnavailable(f"{what}: HTTP {status}")
    return status


class TwilioSms:
    """SmsSender on a Twilio-compatible API: a form POST to {base}/2010-04-01/Accounts/{sid}/Messages.json with
    basic auth, and the delivery key as `I-Twilio-Idempotency-Token`."""

    def __init__(self, base_url: str, account_sid: str, auth_token: str, sender: str, timeout: float = TIMEOUT):
        self.base_url = base_url.rstrip("/")
        self.account_sid, self._token, self.sender, self.timeout = account_sid, auth_token, sender, timeout

    def __repr__(self) -> str:  # the token stays out of logs and tracebacks
        return f"TwilioSms({self.base_url!r}, {self.account_sid!r})"

    def send_sms(self, to: str, body: str, key: str) -> None:
        if not (self.base_url and self.account_sid and self._token and self.sender):
            raise ProviderUnavailable("sms: SMS_API_URL, SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM are not all set")
        sid = urllib.parse.quote(self.account_sid, safe="")
        url = f"{self.base_url}/2010-04-01/Accounts/{sid}/Messages.json"
        form = urllib.parse.urlencode({"To": to, "From": self.sender, "Body": body}).encode()
        auth = base64.b64encode(f"{self.account_sid}:{self._token}".encode()).decode()
        headers = {
            "Authorization": f"Basic {auth}",
            "Content-Type": "application/x-www-form-urlencoded",
            "I-Twilio-Idempotency-Token": key,
        }
        post(url, form, headers, self.timeout, "sms")


class SlackWebhook:
    """WebhookSender: `{"text": ...}` as JSON, with the delivery key as `Idempotency-Key`."""

    def __init__(self, timeout: float = TIMEOUT, *, allow_http: bool = False):
        self.timeout, self.allow_http = timeout, allow_http  # plain http only for a local stub in tests

    def post(self, url: str, text: str, key: str) -> None:
        if not url.startswith("https://") and not (self.allow_http and url.startswith("http://")):
            raise DeliveryRefused("slack: the webhook URL is not https")
        body = json.dumps({"text": text}).encode()
        headers = {"Content-Type": "application/json", "Idempotency-Key": key}
        post(url, body, headers, self.timeout, "slack")

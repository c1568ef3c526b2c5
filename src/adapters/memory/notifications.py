"""In-memory notification preferences (PreferenceStore) and channel senders, for the harness and the contracts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from domain.notifications.model import Preferences
from domain.notifications.module import NotificationStores
from domain.notifications.ports import DeliveryRefused


class InMemoryPreferences:
    """Preferences by person; `accounts` answers the active accounts' e-mail addresses by user id (the harness's
    learners and staff), `emails` adds to them (the contract suite's)."""

    def __init__(self, accounts: Callable[[], Mapping[int, str]] = dict) -> None:
        self.prefs: dict[int, Preferences] = {}
        self.emails: dict[int, str] = {}
        self.accounts = accounts

    def get(self, user_id: int) -> Preferences | None:
        return self.prefs.get(user_id)

    def save(self, user_id: int, prefs: Preferences) -> None:
        self.prefs[user_id] = prefs

    def for_address(self, email: str) -> Preferences | None:
        wanted = email.strip().casefold()
        for user_id, address in sorted({**self.accounts(), **self.emails}.items()):
            if address.casefold() == wanted and user_id in self.prefs:
                return self.prefs[user_id]
        return None


@dataclass
class RecordingSender:
    """SmsSender and WebhookSender at once: keeps what went out, each delivery key once; `answer` makes it fail
    as a provider would ("refuse" a 4xx, "fail" a 5xx or a timeout)."""

    sent: list[tuple[str, str, str]] = field(default_factory=list)
    answer: str = "ok"

    def send_sms(self, to: str, body: str, key: str) -> None:
        self._take(to, body, key)

    def post(self, url: str, text: str, key: str) -> None:
        self._take(url, text, key)

    def _take(self, to: str, body: str, key: str) -> None:
        if self.answer == "refuse":
            raise DeliveryRefused("refused with HTTP 400")
        if self.answer == "fail":
            raise ConnectionError("provider unavailable")
        if all(k != key for _, _, k in self.sent):
            self.sent.append((to, body, key))


def account_addresses(people: Any, directory: Any) -> dict[int, str]:
    """The harness's active accounts' e-mail addresses by user id: learners' (InMemoryAccounts) and staff's
    (InMemoryIdentityDirectory)."""
    found = {i: p.email for i, p in people.people.items() if p.is_active and p.email}
    return found | {i.id: i.email for i in directory.identities.values() if i.is_active and i.email}


def notifications_fakes(container: Any) -> NotificationStores:
    """The harness's preferences: the very store its unit of work routes notifications with."""
    preferences = getattr(getattr(container.uow, "route", None), "preferences", None)
    return NotificationStores(preferences if isinstance(preferences, InMemoryPreferences) else InMemoryPreferences())

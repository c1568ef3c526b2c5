"""PasswordHistory and PasswordAccounts, held by the in-memory fakes and the Django adapters alike (SQLite here,
PostgreSQL in the PostgreSQL pass): storage and hashing only, every rule is the domain's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User

from adapters.memory.identity import InMemoryIdentityDirectory
from adapters.memory.security import InMemoryPasswordHistory
from adapters.orm.identity.repository import DjangoIdentityDirectory
from adapters.orm.security.models import PasswordHistoryEntry
from adapters.orm.security.repository import DjangoPasswordHistory
from domain.security.ports import Account, PasswordAccounts, PasswordHistory
from domain.shared.permissions import Role

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it

Make = Callable[..., int]  # (username, email, password, active=True, name="") -> user id


@pytest.fixture(params=["memory", "django"])
def world(request: pytest.FixtureRequest) -> tuple[PasswordAccounts, PasswordHistory, Make]:
    if request.param == "django":

        def make_django(username: str, email: str, password: str, active: bool = True, name: str = "") -> int:
            first, _, last = name.partition(" ")
            user = User.objects.create_user(username, email, password, first_name=first, last_name=last)
            if not active:
                User.objects.filter(pk=user.pk).update(is_active=False)
            return int(user.pk)

        return DjangoIdentityDirectory(), DjangoPasswordHistory(), make_django
    directory = InMemoryIdentityDirectory()

    def make_memory(username: str, email: str, password: str, active: bool = True, name: str = "") -> int:
        uid = directory.add(username, password, frozenset({Role.LEARNER}), email=email, is_active=active).id
        if name:
            directory.names[uid] = name
        return uid

    return directory, InMemoryPasswordHistory(), make_memory


def test_history_holds_the_newest_kept_per_person(world: tuple[PasswordAccounts, PasswordHistory, Make]) -> None:
    _, history, make = world
    sam, tina = make("sam", "s@example.com", "x"), make("tina", "t@example.com", "x")
    for i in range(7):
        history.add(sam, f"password {i}", T0 + timedelta(minutes=i), keep=5)
    history.add(tina, "password 0", T0, keep=5)
    assert [history.contains(sam, f"password {i}", last=5) for i in range(7)] == [False, False] + [True] * 5
    assert history.contains(sam, "password 6", last=1) and not history.contains(sam, "password 5", last=1)
    assert not history.contains(sam, "password 6", last=0)
    assert history.contains(tina, "password 0", last=5) and not history.contains(tina, "password 6", last=5)
    assert not history.contains(make("ula", "u@example.com", "x"), "password 0", last=5)


def test_history_is_case_and_form_exact(world: tuple[PasswordAccounts, PasswordHistory, Make]) -> None:
    _, history, make = world
    sam = make("sam", "s@example.com", "x")
    history.add(sam, "Mixed Case Passphrase", T0, keep=5)
    assert history.contains(sam, "Mixed Case Passphrase", last=5)
    assert not history.contains(sam, "mixed case passphrase", last=5)


def test_django_keeps_only_hashes() -> None:
    sam = User.objects.create_user("sam", "s@example.com").pk
    DjangoPasswordHistory().add(sam, "a secret passphrase", T0, keep=5)
    stored = PasswordHistoryEntry.objects.get(user_id=sam).password_hash
    assert "a secret passphrase" not in stored and stored.count("$") >= 2


def test_accounts_by_id_and_by_login(world: tuple[PasswordAccounts, PasswordHistory, Make]) -> None:
    accounts, _, make = world
    sam = make("sam", "Sam@example.com", "pw one", name="Sam Jones")
    gone = make("gone", "gone@example.com", "pw two", active=False)
    make("twin1", "twin@example.com", "pw")
    make("twin2", "TWIN@example.com", "pw")
    assert accounts.account(sam) == Account(sam, "sam", "Sam@example.com", "Sam Jones")
    assert accounts.account(gone) is None and accounts.account(987_654) is None
    assert accounts.find("sam") == accounts.account(sam) == accounts.find("sam@example.COM")
    assert accounts.find("SAM") is None  # a username matches exactly, as login does
    assert accounts.find("gone") is None and accounts.find("gone@example.com") is None
    assert accounts.find("twin@example.com") is None  # an address two accounts share names nobody
    assert accounts.find("") is None and accounts.find("nobody") is None


def test_accounts_verify_and_set_passwords(world: tuple[PasswordAccounts, PasswordHistory, Make]) -> None:
    accounts, _, make = world
    sam = make("sam", "s@example.com", "the first passphrase")
    assert accounts.verify(sam, "the first passphrase") and not accounts.verify(sam, "the First passphrase")
    accounts.set_password(sam, "the second passphrase")
    assert accounts.verify(sam, "the second passphrase") and not accounts.verify(sam, "the first passphrase")
    assert not accounts.verify(987_654, "the second passphrase")

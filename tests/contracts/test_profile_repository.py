"""The ProfileRepository contract, on the in-memory fake and the Django adapter: what is created and saved is
what is read back (through the repository and through ProfileQueries), and the login account follows the status."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from domain.accounts.model import AccountStatus, PlatformRole, SupportPriority
from domain.accounts.queries import StatusHistoryEntry

from .conftest import AT, Accounts, learner

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it


def test_create_stores_the_person_and_the_profile(accounts: Accounts) -> None:
    new = learner(
        "noor",
        AccountStatus.PENDING,
        platform_role=PlatformRole.INSTRUCTOR,
        support_priority=SupportPriority.HIGH,
        marketing_consent=True,
        data_consent_date=AT,
    )
    made = accounts.profiles.create(new, AT)
    stored = accounts.profiles.get_for_update(made.user_id)
    assert stored == made and made.user_id > 0
    assert (stored.account_status, stored.platform_role, stored.support_priority) == (
        AccountStatus.PENDING,
        PlatformRole.INSTRUCTOR,
        SupportPriority.HIGH,
    )
    assert stored.marketing_consent and stored.data_consent_date == AT and stored.last_activity is None
    detail = accounts.queries.detail(made.user_id)
    assert detail is not None
    s = detail.summary
    assert (s.username, s.email, s.first_name, s.last_name, s.date_joined) == (
        "noor",
        "noor@example.com",
        "Noor",
        "Ng",
        AT,
    )
    assert not accounts.login_active(made.user_id)  # pending: no login yet
    assert accounts.login_active(accounts.add("lea"))


def test_taken_is_case_insensitive_and_says_which(accounts: Accounts) -> None:
    accounts.add("lea")
    assert accounts.profiles.taken("LEA", "other@example.com") == ["username"]
    assert accounts.profiles.taken("other", "Lea@Example.COM") == ["email"]
    assert accounts.profiles.taken("Lea", "LEA@example.com") == ["username", "email"]
    assert accounts.profiles.taken("other", "other@example.com") == []


def test_an_unknown_person_is_none(accounts: Accounts) -> None:
    assert accounts.profiles.get_for_update(987654) is None
    assert accounts.queries.detail(987654) is None and not accounts.queries.exists(987654)


def test_save_stores_the_profile_its_status_history_and_the_login(accounts: Accounts) -> None:
    uid = accounts.add("lea")
    profile = accounts.profiles.get_for_update(uid)
    assert profile is not None
    profile.change_status(AccountStatus.SUSPENDED, "chargeback", 7, AT)
    profile.support_priority = SupportPriority.URGENT
    accounts.profiles.save(profile)
    assert profile.changes == []  # saved changes are not saved twice
    stored = accounts.profiles.get_for_update(uid)
    assert stored is not None
    assert (stored.account_status, stored.status_reason, stored.support_priority) == (
        AccountStatus.SUSPENDED,
        "chargeback",
        SupportPriority.URGENT,
    )
    assert not accounts.login_active(uid)
    stored.change_status(AccountStatus.ACTIVE, "paid", None, AT + timedelta(hours=1))
    accounts.profiles.save(stored)
    assert accounts.login_active(uid)
    detail = accounts.queries.detail(uid)
    assert detail is not None and detail.status_reason == "paid"
    assert list(detail.status_history) == [  # newest first
        StatusHistoryEntry(AccountStatus.SUSPENDED, AccountStatus.ACTIVE, "paid", None, AT + timedelta(hours=1)),
        StatusHistoryEntry(AccountStatus.ACTIVE, AccountStatus.SUSPENDED, "chargeback", 7, AT),
    ]


def test_what_is_read_for_update_is_stored_only_by_save(accounts: Accounts) -> None:
    uid = accounts.add("lea")
    profile = accounts.profiles.get_for_update(uid)
    assert profile is not None
    before = replace(profile, changes=[])
    profile.risk_score, profile.support_priority = 99.0, SupportPriority.LOW
    profile.change_status(AccountStatus.DISABLED, "spam", 7, AT)
    assert accounts.profiles.get_for_update(uid) == before
    detail = accounts.queries.detail(uid)
    assert detail is not None and detail.status_history == [] and accounts.login_active(uid)

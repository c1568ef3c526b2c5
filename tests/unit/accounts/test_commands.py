"""Every command returns what it produced: the profile it answers with is read in the command's own transaction,
and the command costs one commit and one audit entry."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from adapters.memory.accounts import Person
from domain.accounts.model import AccountStatus, PlatformRole, SupportPriority
from domain.accounts.ports import NewLearner
from domain.accounts.queries import ProfileDetail
from domain.accounts.service import ProfileUpdate
from domain.shared.permissions import Role
from domain.shared.principal import Principal
from entrypoints.harness import TestContainer

ADMIN = Principal(3, "admin", frozenset({Role.SUPPORT_ADMIN}))


@pytest.fixture
def reads(harness: TestContainer, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many blocks of the unit of work were open at each profile read."""
    depths: list[int] = []
    read: Callable[[int], ProfileDetail | None] = harness.people.detail

    def spy(user_id: int) -> ProfileDetail | None:
        depths.append(harness.uow.open_blocks)
        return read(user_id)

    monkeypatch.setattr(harness.people, "detail", spy)
    return depths


def test_update_answers_from_its_own_transaction(harness: TestContainer, reads: list[int]) -> None:
    uid = harness.people.add(Person("lea", "lea@example.com")).user_id
    commits, entries = harness.uow.commits, len(harness.audit_log.entries)
    change = ProfileUpdate(AccountStatus.SUSPENDED, "chargeback", SupportPriority.HIGH)
    detail = harness.accounts.update(ADMIN, uid, change)
    assert reads == [1]
    assert (detail.summary.account_status, detail.summary.support_priority) == (
        AccountStatus.SUSPENDED,
        SupportPriority.HIGH,
    )
    assert detail.status_history[0].reason == "chargeback"
    assert harness.uow.commits == commits + 1
    assert [e.record.action for e in harness.audit_log.entries[entries:]] == ["profile.update"]


def test_create_answers_from_its_own_transaction(harness: TestContainer, reads: list[int]) -> None:
    new = NewLearner(
        "noor",
        "noor@example.com",
        "Noor",
        "Haddad",
        AccountStatus.PENDING,
        PlatformRole.LEARNER,
        SupportPriority.NORMAL,
        False,
        None,
    )
    commits = harness.uow.commits
    detail = harness.accounts.create(ADMIN, new)
    assert reads == [1]
    assert (detail.summary.username, detail.summary.account_status) == ("noor", AccountStatus.PENDING)
    assert harness.uow.commits == commits + 1
    assert [e.record.action for e in harness.audit_log.entries] == ["profile.create"]


def test_an_update_that_changes_nothing_still_answers_and_audits_nothing(harness: TestContainer) -> None:
    uid = harness.people.add(Person("lea", "lea@example.com")).user_id
    detail = harness.accounts.update(ADMIN, uid, ProfileUpdate(support_priority=SupportPriority.NORMAL))
    assert detail.summary.id == uid and harness.audit_log.entries == []


def test_create_trims_what_a_form_leaves_around_names(harness: TestContainer) -> None:
    new = NewLearner(
        "  noor ",
        "noor@example.com ",
        " Noor",
        "Haddad  ",
        AccountStatus.ACTIVE,
        PlatformRole.LEARNER,
        SupportPriority.NORMAL,
        False,
        None,
    )
    s = harness.accounts.create(ADMIN, new).summary
    assert (s.username, s.email, s.first_name, s.last_name) == ("noor", "noor@example.com", "Noor", "Haddad")


def test_the_profile_says_which_moves_its_reader_may_make(harness: TestContainer) -> None:
    S = AccountStatus
    uid = harness.people.add(Person("rae", "rae@example.com")).user_id
    platform = Principal(4, "platform", frozenset({Role.PLATFORM_ADMIN}))
    compliance = Principal(5, "compliance", frozenset({Role.COMPLIANCE_OFFICER}))
    assert harness.accounts.detail(ADMIN, uid).allowed_transitions == (S.ARCHIVED, S.DISABLED, S.SUSPENDED)
    assert harness.accounts.detail(compliance, uid).allowed_transitions == ()  # reads, never changes
    archived = harness.accounts.update(ADMIN, uid, ProfileUpdate(S.ARCHIVED, "left the platform", None))
    assert archived.allowed_transitions == ()  # archived -> active is a restore: platform admins only
    assert harness.accounts.detail(platform, uid).allowed_transitions == (S.ACTIVE,)

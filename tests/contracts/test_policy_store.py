"""PolicyStore: the in-memory fake and the Django adapter behave alike (versions guard every write)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory.policies import DEFAULTS, InMemoryPolicyStore
from domain.policies.ports import PolicyStore
from domain.policies.reader import PolicyReader
from domain.shared.clock import FixedClock

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it
AT = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
VALUES = {"min_length": 20, "min_length_with_mfa": 10, "history": 3}


@pytest.fixture(params=["memory", "django"])
def store(request: pytest.FixtureRequest) -> PolicyStore:
    if request.param == "memory":
        return InMemoryPolicyStore()
    from adapters.orm.policies.repository import DjangoPolicyStore

    return DjangoPolicyStore()


def test_a_group_never_written_is_absent(store: PolicyStore) -> None:
    assert store.all() == {}


def test_each_write_takes_the_next_version(store: PolicyStore) -> None:
    first = store.put("password", VALUES, 0, "root", AT)
    assert first is not None and (first.version, first.values, first.updated_by) == (1, VALUES, "root")
    second = store.put("password", {}, 1, "admin", AT)
    assert second is not None and (second.version, second.values) == (2, {})
    found = store.all()["password"]
    assert (found.group, found.version, found.values, found.updated_by, found.updated_at) == (
        "password",
        2,
        {},
        "admin",
        AT,
    )


def test_a_stale_version_changes_nothing(store: PolicyStore) -> None:
    assert store.put("password", VALUES, 0, "root", AT) is not None
    assert store.put("password", {"min_length": 9}, 0, "late", AT) is None  # the first write of the group
    assert store.put("password", {"min_length": 9}, 5, "late", AT) is None
    assert store.all()["password"].values == VALUES and store.all()["password"].version == 1


def test_groups_are_kept_apart(store: PolicyStore) -> None:
    store.put("password", VALUES, 0, "root", AT)
    store.put("network", {"overall": ["10.0.0.0/8"], "by_role": {}}, 0, "root", AT)
    assert {g: s.version for g, s in store.all().items()} == {"password": 1, "network": 1}
    assert store.all()["network"].values == {"overall": ["10.0.0.0/8"], "by_role": {}}


def test_a_second_process_on_the_same_store_sees_a_write_once_its_copy_is_max_age_old(store: PolicyStore) -> None:
    clock = FixedClock(AT)
    other = PolicyReader(store, lambda: DEFAULTS, clock, timedelta(seconds=2))  # another web or worker process
    assert other.current("password")["min_length"] == 15
    store.put("password", VALUES, 0, "root", AT)
    clock.advance(seconds=1)
    assert other.current("password")["min_length"] == 15
    clock.advance(seconds=1)
    assert other.current("password") == VALUES

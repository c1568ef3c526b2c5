"""The security module's storage ports, held by the in-memory fakes and the Django adapters alike (SQLite here,
PostgreSQL in the PostgreSQL pass): storage only, every rule is the domain's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group, User

from adapters.memory.identity import InMemoryIdentityDirectory
from adapters.memory.security import InMemorySecurityDirectory, InMemorySecurityEvents
from adapters.orm.security.repository import DjangoSecurityDirectory, DjangoSecurityEventStore
from domain.security.model import EventFilter, NewSecurityEvent, Severity
from domain.security.ports import SecurityDirectory, SecurityEventStore
from domain.shared.errors import InvalidInput
from domain.shared.pagination import Cursor, PageRequest
from domain.shared.permissions import Role

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it


@pytest.fixture(params=["memory", "django"])
def people(request: pytest.FixtureRequest) -> tuple[str, list[int]]:
    """Two people the events can be about, in the store under test's world."""
    if request.param == "django":
        return "django", [User.objects.create_user(f"p{i}", f"p{i}@example.com").pk for i in range(2)]
    return "memory", [101, 102]


@pytest.fixture
def store(people: tuple[str, list[int]]) -> SecurityEventStore:
    return DjangoSecurityEventStore() if people[0] == "django" else InMemorySecurityEvents()


def new(i: int, user_id: int | None, **kw: Any) -> NewSecurityEvent:
    base: dict[str, Any] = {
        "event_type": "login_throttled",
        "severity": Severity.MEDIUM,
        "rule": "stepped_delay",
        "timestamp": T0 + timedelta(minutes=i),
        "user_id": user_id,
        "description": f"event {i}",
        "facts": {"i": i, "nested": {"list": [1, 2]}},
        "ip": "192.0.2.1",
        "user_agent": "pytest",
    }
    base.update(kw)
    return NewSecurityEvent(**base)


def test_add_returns_the_stored_events_with_ids_in_order(store: SecurityEventStore, people: Any) -> None:
    a = people[1][0]
    stored = store.add([new(1, a), new(2, None, ip="2001:DB8::1", description="x" * 3000, user_agent="u" * 600)])
    assert [e.user_id for e in stored] == [a, None] and stored[0].id < stored[1].id
    first, second = stored
    assert (first.event_type, first.severity, first.rule, first.facts, first.ip) == (
        "login_throttled",
        Severity.MEDIUM,
        "stepped_delay",
        {"i": 1, "nested": {"list": [1, 2]}},
        "192.0.2.1",
    )
    assert (second.ip, len(second.description), len(second.user_agent)) == ("2001:db8::1", 2000, 512)
    assert not first.resolved and first.resolved_by is None and first.resolution_note == ""
    assert store.search(EventFilter(), PageRequest()).items == [second, first]
    assert store.add([]) == []


def test_an_address_that_is_not_an_ip_is_stored_as_none(store: SecurityEventStore, people: Any) -> None:
    (e,) = store.add([new(1, people[1][0], ip="unix:/run/socket")])
    assert e.ip is None and store.search(EventFilter(), PageRequest()).items[0].ip is None


def test_search_filters(store: SecurityEventStore, people: Any) -> None:
    a, b = people[1]
    store.add(
        [
            new(1, a, severity=Severity.LOW, event_type="login_failed"),
            new(2, b, ip="198.51.100.7"),
            new(3, a, severity=Severity.HIGH),
            new(4, None, event_type="credential_stuffing"),
        ]
    )

    def descriptions(flt: EventFilter) -> list[str]:
        return [e.description for e in store.search(flt, PageRequest()).items]

    assert descriptions(EventFilter()) == ["event 4", "event 3", "event 2", "event 1"]
    assert descriptions(EventFilter(user_id=a)) == ["event 3", "event 1"]
    assert descriptions(EventFilter(event_type="credential_stuffing")) == ["event 4"]
    assert descriptions(EventFilter(severity=Severity.HIGH)) == ["event 3"]
    assert descriptions(EventFilter(ip="198.51.100.7")) == ["event 2"]
    assert descriptions(EventFilter(since=T0 + timedelta(minutes=2), until=T0 + timedelta(minutes=4))) == [
        "event 3",
        "event 2",
    ]
    assert descriptions(EventFilter(resolved=False, user_id=b)) == ["event 2"]
    assert descriptions(EventFilter(resolved=True)) == []


def test_pages_are_newest_first_with_ties_broken_by_id(store: SecurityEventStore, people: Any) -> None:
    a = people[1][0]
    store.add([new(1, a), new(2, a), new(2, a, description="tie"), new(3, a)])
    seen, cursor = [], None
    while True:
        page = store.search(EventFilter(user_id=a), PageRequest(limit=1, cursor=cursor))
        seen += [(e.timestamp, e.id) for e in page.items]
        if (cursor := page.next_cursor) is None:
            break
    assert seen == sorted(seen, reverse=True) and len(set(seen)) == 4


def test_a_cursor_from_elsewhere_is_refused(store: SecurityEventStore) -> None:
    foreign = Cursor("audit", (int,)).encode([5])
    for cursor in (foreign, "not-a-cursor", "x" * 600):
        with pytest.raises(InvalidInput) as err:
            store.search(EventFilter(), PageRequest(cursor=cursor))
        assert err.value.code == "invalid_cursor"


def test_resolution_is_saved(store: SecurityEventStore, people: Any) -> None:
    (event,) = store.add([new(1, people[1][0])])
    loaded = store.get_for_update(event.id)
    assert loaded == event and store.get_for_update(event.id + 1000) is None
    done = event.resolve(42, T0 + timedelta(hours=1), "It was the learner on a train.")
    store.save(done)
    assert store.get_for_update(event.id) == done
    assert store.search(EventFilter(resolved=True), PageRequest()).items == [done]


def test_an_alert_is_claimed_once_per_key_and_window(store: SecurityEventStore) -> None:
    window = timedelta(minutes=30)
    assert store.claim_alert("rule|user:1", T0, T0 - window) is True
    assert store.claim_alert("rule|user:1", T0 + timedelta(minutes=29), T0 + timedelta(minutes=29) - window) is False
    assert store.claim_alert("rule|user:2", T0, T0 - window) is True
    later = T0 + window
    assert store.claim_alert("rule|user:1", later, later - window) is True  # 30 minutes after the last one
    assert store.claim_alert("rule|user:1", later, later - window) is False


# -- the directory ------------------------------------------------------------------------------------------------
@pytest.fixture(params=["memory", "django"])
def directory(request: pytest.FixtureRequest) -> tuple[SecurityDirectory, dict[str, int]]:
    rows = [  # username, email, role, active
        ("Alice", "alice@example.com", Role.SUPPORT_ADMIN, True),
        ("bob", "bob@example.com", Role.PLATFORM_ADMIN, True),
        ("carol", "", Role.SUPPORT_ADMIN, True),
        ("dave", "dave@example.com", Role.SUPPORT_ADMIN, False),
        ("erin", "erin@example.com", Role.SUPPORT_AGENT, True),
        ("frank", "alice@example.com", Role.PLATFORM_ADMIN, True),
    ]
    ids: dict[str, int] = {}
    if request.param == "django":
        for name, email, role, active in rows:
            user = User.objects.create_user(name, email, is_active=active, is_staff=True)
            user.groups.add(Group.objects.get_or_create(name=role.value)[0])
            ids[name] = user.pk
        return DjangoSecurityDirectory(), ids
    identities = InMemoryIdentityDirectory()
    for name, email, role, active in rows:
        ids[name] = identities.add(name, "pw", frozenset({role}), email=email, is_active=active).id
    return InMemorySecurityDirectory(identities), ids


def test_directory_lookups(directory: tuple[SecurityDirectory, dict[str, int]]) -> None:
    d, ids = directory
    alice = d.by_login("Alice")
    assert alice is not None and (alice.id, alice.username, alice.email) == (ids["Alice"], "Alice", "alice@example.com")
    assert d.by_login("nobody") is None and d.by_login(" Alice") is None
    dave = d.by_login("dave")
    assert dave is not None and dave.id == ids["dave"]  # whatever its status
    assert d.get(ids["bob"]) == d.by_login("bob") and d.get(999_999) is None


def test_alert_recipients_are_active_holders_of_the_roles(directory: tuple[SecurityDirectory, dict[str, int]]) -> None:
    d, _ = directory
    assert d.emails_of([Role.SUPPORT_ADMIN, Role.PLATFORM_ADMIN]) == ["alice@example.com", "bob@example.com"]
    assert d.emails_of([Role.SUPPORT_AGENT]) == ["erin@example.com"]
    assert d.emails_of([]) == []

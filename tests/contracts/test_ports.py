"""One suite per port, run against the in-memory fake and the Django adapter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group, User

from adapters.memory.identity import InMemoryIdentityDirectory, InMemoryTokenStore
from adapters.orm.identity.repository import DjangoTokenStore
from domain.identity.ports import TokenStore
from domain.identity.sessions import SessionKind
from domain.shared.errors import InvalidInput
from domain.shared.pagination import Cursor, PageRequest
from domain.shared.permissions import Role

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


# every parameter may touch the database; the memory ones simply do not
pytestmark = pytest.mark.django_db


@pytest.fixture(params=["memory", "django"])
def token_store(request: pytest.FixtureRequest) -> tuple[TokenStore, int]:
    if request.param == "django":
        user = User.objects.create_user("owner", "owner@example.com", is_staff=True)
        user.groups.add(Group.objects.get_or_create(name="support_agent")[0])
        return DjangoTokenStore(), user.pk
    directory = InMemoryIdentityDirectory()
    directory.add("owner", roles=frozenset({Role.SUPPORT_AGENT}), email="owner@example.com")
    return InMemoryTokenStore(directory), 1


IDLE = timedelta(hours=2)
LATER = T0 + timedelta(hours=12)


def since(now: datetime) -> datetime:
    return now - IDLE


class TestTokenStoreContract:
    def test_live_expired_and_revoked(self, token_store: tuple[TokenStore, int]) -> None:
        store, user_id = token_store
        store.save("h1", user_id, T0, T0 + timedelta(hours=1))
        assert store.user_for("h1", T0) == user_id
        assert store.user_for("h1", T0 + timedelta(hours=1)) is None
        assert store.user_for("nope", T0) is None
        assert store.revoke("h1", T0) is True
        assert store.revoke("h1", T0) is False
        assert store.user_for("h1", T0) is None

    def test_owner_is_the_identity_behind_a_live_token(self, token_store: tuple[TokenStore, int]) -> None:
        store, user_id = token_store
        session_id = store.save("h1", user_id, T0, T0 + timedelta(hours=1))
        owner = store.owner("h1", T0, since(T0))
        assert owner is not None and owner.session_id == session_id and owner.last_used_at == T0
        who = owner.identity
        assert (who.id, who.username, who.email) == (user_id, "owner", "owner@example.com")
        assert who.roles == frozenset({Role.SUPPORT_AGENT}) and who.is_active
        end = T0 + timedelta(hours=1)
        assert store.owner("h1", end, since(end)) is None and store.owner("nope", T0, since(T0)) is None
        store.revoke("h1", T0)
        assert store.owner("h1", T0, since(T0)) is None

    def test_idle_until_touched(self, token_store: tuple[TokenStore, int]) -> None:
        store, user_id = token_store
        session_id = store.save("h1", user_id, T0, LATER)
        at = T0 + IDLE
        assert store.owner("h1", at, since(at)) is None  # last used exactly IDLE ago: over
        store.touch(session_id, T0 + timedelta(hours=1))
        owner = store.owner("h1", at, since(at))
        assert owner is not None and owner.last_used_at == T0 + timedelta(hours=1)

    def test_live_sessions_newest_first_in_pages(self, token_store: tuple[TokenStore, int]) -> None:
        store, user_id = token_store
        ids = [
            store.save(
                f"h{i}",
                user_id,
                T0,
                LATER,
                kind=SessionKind.COOKIE if i == 2 else SessionKind.BEARER,
                ip="192.0.2.7",
                user_agent="curl/8.0",
                session_key="k" * 32 if i == 2 else None,
            )
            for i in range(4)
        ]
        store.revoke("h0", T0)
        first = store.live(user_id, T0, since(T0), PageRequest(limit=2))
        assert [s.id for s in first.items] == [ids[3], ids[2]] and first.next_cursor
        cookie = first.items[1]
        assert (cookie.kind, cookie.ip, cookie.user_agent, cookie.user_id) == (
            SessionKind.COOKIE,
            "192.0.2.7",
            "curl/8.0",
            user_id,
        )
        assert (cookie.created_at, cookie.last_used_at, cookie.expires_at) == (T0, T0, LATER)
        rest = store.live(user_id, T0, since(T0), PageRequest(limit=2, cursor=first.next_cursor))
        assert [s.id for s in rest.items] == [ids[1]] and rest.next_cursor is None
        assert store.live(user_id + 1000, T0, since(T0), PageRequest()).items == []

    def test_a_foreign_cursor_is_refused(self, token_store: tuple[TokenStore, int]) -> None:
        store, user_id = token_store
        for cursor in ("not-a-cursor", Cursor("other", (int,)).encode([1])):
            with pytest.raises(InvalidInput) as err:
                store.live(user_id, T0, since(T0), PageRequest(cursor=cursor))
            assert err.value.code == "invalid_cursor"

    def test_revoke_session_only_ends_the_owners_live_one(self, token_store: tuple[TokenStore, int]) -> None:
        store, user_id = token_store
        session_id = store.save("h1", user_id, T0, LATER)
        assert store.revoke_session(user_id + 1000, session_id, T0, T0, since(T0)) is False
        assert store.owner("h1", T0, since(T0)) is not None
        assert store.revoke_session(user_id, session_id, T0, T0, since(T0)) is True
        assert store.revoke_session(user_id, session_id, T0, T0, since(T0)) is False
        assert store.owner("h1", T0, since(T0)) is None
        assert store.revoke_session(user_id, 10**9, T0, T0, since(T0)) is False

    def test_revoke_all(self, token_store: tuple[TokenStore, int]) -> None:
        store, user_id = token_store
        for h in ("a", "b"):
            store.save(h, user_id, T0, T0 + timedelta(hours=1))
        assert store.revoke_all(user_id, T0) == 2
        assert store.user_for("a", T0) is None and store.user_for("b", T0) is None
        assert store.revoke_all(user_id, T0) == 0

    def test_revoke_all_of_many_people(self, token_store: tuple[TokenStore, int]) -> None:
        store, user_id = token_store
        for h in ("a", "b"):
            store.save(h, user_id, T0, LATER)
        assert store.revoke_all_of([], T0) == 0
        assert store.revoke_all_of([user_id, user_id + 1000], T0) == 2
        assert store.user_for("a", T0) is None and store.user_for("b", T0) is None
        assert store.revoke_all_of([user_id], T0) == 0

    def test_purge_deletes_what_is_over_and_keeps_what_is_live(self, token_store: tuple[TokenStore, int]) -> None:
        store, user_id = token_store
        store.save("revoked", user_id, T0, LATER)
        store.revoke("revoked", T0)
        store.save("expired", user_id, T0 - timedelta(hours=12), T0)
        store.save("idle", user_id, T0 - IDLE, LATER)
        live = store.save("live", user_id, T0 - timedelta(minutes=5), LATER)
        assert store.purge(T0, since(T0)) == 3
        assert [s.id for s in store.live(user_id, T0, since(T0), PageRequest()).items] == [live]
        assert store.purge(T0, since(T0)) == 0

    def test_a_purged_session_id_is_never_given_again(self, token_store: tuple[TokenStore, int]) -> None:
        store, user_id = token_store
        old = store.save("old", user_id, T0 - timedelta(hours=12), T0)
        live = store.save("live", user_id, T0, LATER)
        assert store.purge(T0, since(T0)) == 1
        new = store.save("new", user_id, T0, LATER)
        assert new not in (old, live)
        assert sorted(s.id for s in store.live(user_id, T0, since(T0), PageRequest()).items) == sorted([live, new])

    def test_revoke_all_keeps_the_session_it_is_told_to(self, token_store: tuple[TokenStore, int]) -> None:
        store, user_id = token_store
        mine = store.save("mine", user_id, T0, LATER)
        store.save("other", user_id, T0, LATER)
        assert store.revoke_all(user_id, T0, keep=mine) == 1
        assert store.user_for("other", T0) is None and store.user_for("mine", T0) is not None

"""One suite per port, run against the in-memory fake and the Django adapter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group, User

from adapters.memory.identity import InMemoryIdentityDirectory, InMemoryTokenStore
from adapters.orm.identity.repository import DjangoTokenStore
from domain.identity.ports import TokenStore
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
        store.save("h1", user_id, T0, T0 + timedelta(hours=1))
        owner = store.owner("h1", T0)
        assert owner is not None and (owner.id, owner.username, owner.email) == (user_id, "owner", "owner@example.com")
        assert owner.roles == frozenset({Role.SUPPORT_AGENT}) and owner.is_active
        assert store.owner("h1", T0 + timedelta(hours=1)) is None and store.owner("nope", T0) is None
        store.revoke("h1", T0)
        assert store.owner("h1", T0) is None

    def test_revoke_all(self, token_store: tuple[TokenStore, int]) -> None:
        store, user_id = token_store
        for h in ("a", "b"):
            store.save(h, user_id, T0, T0 + timedelta(hours=1))
        assert store.revoke_all(user_id, T0) >= 2
        assert store.user_for("a", T0) is None and store.user_for("b", T0) is None

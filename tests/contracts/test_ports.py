"""One suite per port, run against the in-memory fake and the Django adapter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User

from adapters.memory.identity import InMemoryTokenStore
from adapters.orm.identity.repository import DjangoTokenStore
from domain.identity.ports import TokenStore

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


# every parameter may touch the database; the memory ones simply do not
pytestmark = pytest.mark.django_db


@pytest.fixture(params=["memory", "django"])
def token_store(request: pytest.FixtureRequest) -> tuple[TokenStore, int]:
    if request.param == "django":
        return DjangoTokenStore(), User.objects.create_user("owner").pk
    return InMemoryTokenStore(), 1


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

    def test_revoke_all(self, token_store: tuple[TokenStore, int]) -> None:
        store, user_id = token_store
        for h in ("a", "b"):
            store.save(h, user_id, T0, T0 + timedelta(hours=1))
        assert store.revoke_all(user_id, T0) >= 2
        assert store.user_for("a", T0) is None and store.user_for("b", T0) is None

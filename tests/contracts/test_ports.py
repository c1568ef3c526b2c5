"""One suite per port, run against the in-memory fake and the Django adapter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User

from adapters.memory.audit import InMemoryAuditLog
from adapters.memory.identity import InMemoryTokenStore
from adapters.orm.audit.repository import DjangoAuditLog
from adapters.orm.identity.repository import DjangoTokenStore
from domain.audit.model import GENESIS_HASH, AuditFilter, AuditRecord
from domain.audit.ports import AuditLog
from domain.identity.ports import TokenStore
from domain.shared.pagination import PageRequest

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


# every parameter may touch the database; the memory ones simply do not
pytestmark = pytest.mark.django_db


@pytest.fixture(params=["memory", "django"])
def audit_log(request: pytest.FixtureRequest) -> AuditLog:
    if request.param == "django":
        return DjangoAuditLog()
    return InMemoryAuditLog()


@pytest.fixture(params=["memory", "django"])
def token_store(request: pytest.FixtureRequest) -> tuple[TokenStore, int]:
    if request.param == "django":
        return DjangoTokenStore(), User.objects.create_user("owner").pk
    return InMemoryTokenStore(), 1


def rec(i: int, **kw: object) -> AuditRecord:
    base: dict[str, object] = {
        "actor_id": 1,
        "action": "profile.read",
        "target_type": "user",
        "target_id": str(i),
        "at": T0 + timedelta(minutes=i),
        "details": {"i": i},
    }
    base.update(kw)
    return AuditRecord(**base)  # type: ignore[arg-type]


class TestAuditLogContract:
    def test_append_links_entries(self, audit_log: AuditLog) -> None:
        a = audit_log.append(rec(1))
        b = audit_log.append(rec(2))
        assert a.prev_hash == GENESIS_HASH and b.prev_hash == a.hash and b.seq > a.seq
        assert [e.hash for e in audit_log.chain()] == [a.hash, b.hash]

    def test_stored_content_hashes_the_same(self, audit_log: AuditLog) -> None:
        audit_log.append(rec(1, ip="2001:db8::1", details={"nested": {"x": [1, 2]}, "f": 0.5}))
        (entry,) = list(audit_log.chain())
        assert entry.record.chain_hash(entry.prev_hash) == entry.hash

    def test_search_filters_and_pages(self, audit_log: AuditLog) -> None:
        for i in range(1, 6):
            audit_log.append(rec(i, actor_id=1 if i % 2 else 2, action="profile.read" if i < 5 else "profile.update"))
        assert [e.record.target_id for e in audit_log.search(AuditFilter(actor_id=2), PageRequest()).items] == [
            "4",
            "2",
        ]
        assert [
            e.record.target_id for e in audit_log.search(AuditFilter(action="profile.update"), PageRequest()).items
        ] == ["5"]
        window = AuditFilter(since=T0 + timedelta(minutes=2), until=T0 + timedelta(minutes=4))
        assert [e.record.target_id for e in audit_log.search(window, PageRequest()).items] == ["3", "2"]
        target = AuditFilter(target_type="user", target_id="3")
        assert len(audit_log.search(target, PageRequest()).items) == 1
        first = audit_log.search(AuditFilter(), PageRequest(limit=2))
        rest = audit_log.search(AuditFilter(), PageRequest(limit=10, cursor=first.next_cursor))
        assert [e.record.target_id for e in [*first.items, *rest.items]] == ["5", "4", "3", "2", "1"]


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

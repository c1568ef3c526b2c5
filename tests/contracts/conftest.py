"""The accounts ports as one world, on the in-memory fake or on the Django adapters (SQLite in the main pass,
PostgreSQL in the PostgreSQL pass)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from adapters.memory.accounts import InMemoryAccounts
from adapters.memory.security import InMemorySecurityEvents
from domain.accounts.model import AccountStatus, PlatformRole, SupportPriority
from domain.accounts.ports import IngestionStore, NewLearner, ProfileQueries, ProfileRepository
from domain.security.ports import SecurityEventStore

AT = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def learner(username: str, status: AccountStatus = AccountStatus.ACTIVE, **kw: object) -> NewLearner:
    values: dict[str, object] = {
        "username": username,
        "email": f"{username}@example.com",
        "first_name": username.title(),
        "last_name": "Ng",
        "account_status": status,
        "platform_role": PlatformRole.LEARNER,
        "support_priority": SupportPriority.NORMAL,
        "marketing_consent": False,
        "data_consent_date": None,
    }
    values.update(kw)
    return NewLearner(**values)  # type: ignore[arg-type]


@dataclass
class Accounts:
    profiles: ProfileRepository
    store: IngestionStore
    queries: ProfileQueries
    login_active: Callable[[int], bool]  # whether the person's login account is active
    security: SecurityEventStore  # where ingested security.* items go (the profile shows the newest)

    def add(self, username: str, status: AccountStatus = AccountStatus.ACTIVE) -> int:
        return self.profiles.create(learner(username, status), AT).user_id


@pytest.fixture(params=["memory", "django"])
def accounts(request: pytest.FixtureRequest) -> Accounts:
    if request.param == "django":
        from django.contrib.auth.models import User

        from adapters.orm.accounts.queries import DjangoProfileQueries
        from adapters.orm.accounts.repository import DjangoIngestionStore, DjangoProfileRepository
        from adapters.orm.security.repository import DjangoSecurityEventStore

        return Accounts(
            DjangoProfileRepository(),
            DjangoIngestionStore(),
            DjangoProfileQueries(),
            lambda uid: User.objects.get(pk=uid).is_active,
            DjangoSecurityEventStore(),
        )
    security = InMemorySecurityEvents()
    fake = InMemoryAccounts(security=security)
    return Accounts(fake, fake, fake, lambda uid: fake.people[uid].is_active, security)

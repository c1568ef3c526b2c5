"""The security app takes accounts' security-event table over as it is: rows written before the move are the
security module's afterwards, and the move goes back cleanly."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0003_security_severities"), ("security", None)]


def migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def latest() -> list[tuple[str, str | None]]:
    """Every app's latest migration: going back to BEFORE also unapplies what depends on accounts 0004 (analytics'
    funnel tables), which the tests after this one need."""
    return list(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_events_written_before_the_move_are_the_security_modules_after_it() -> None:
    at = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)
    try:
        old = migrate(BEFORE).loader.project_state([BEFORE[0]]).apps
        user = old.get_model("auth", "User").objects.create(username="moved", email="m@example.com")
        old.get_model("accounts", "UserSecurityEvent").objects.create(
            user_id=user.pk,
            event_type="mfa_disabled",
            severity="high",
            description="old row",
            additional_data={"k": "v"},
            timestamp=at,
        )
    finally:
        migrate(latest())
    from adapters.orm.security.repository import DjangoSecurityEventStore
    from domain.security.model import EventFilter
    from domain.shared.pagination import PageRequest

    (event,) = DjangoSecurityEventStore().search(EventFilter(), PageRequest()).items
    assert (event.event_type, event.severity, event.description, event.facts, event.timestamp) == (
        "mfa_disabled",
        "high",
        "old row",
        {"k": "v"},
        at,
    )
    assert (event.rule, event.resolved, event.resolution_note) == ("", False, "")
    assert "security_usersecurityevent" in connection.introspection.table_names()
    assert "accounts_usersecurityevent" not in connection.introspection.table_names()

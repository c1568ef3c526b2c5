from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from adapters.memory.accounts import Person
from domain.shared.permissions import Role
from domain.shared.principal import Principal
from entrypoints.harness import TestContainer, build_test_container

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
SERVICE = Principal(50, "platform", frozenset({Role.SERVICE}))
ADMIN = Principal(9, "sally", frozenset({Role.SUPPORT_ADMIN}))
AGENT = Principal(1, "alice", frozenset({Role.SUPPORT_AGENT}))


def iso(at: datetime) -> str:
    return at.isoformat()


def error(session: str, at: datetime, function: str = "loadCourse", **extra: Any) -> dict[str, Any]:
    item = {
        "kind": "client_error",
        "session_id": session,
        "at": iso(at),
        "message": "Cannot read 'id' of undefined",
        "type": "TypeError",
        "stack": [
            {"filename": "https://cdn.example.com/vendor.9f8e7d6c.js", "function": "r", "lineno": 1, "in_app": False},
            {
                "filename": "https://learn.example.com/static/app.3f9a1c2e.js",
                "function": function,
                "lineno": 88,
                "in_app": True,
            },
        ],
        "url": "https://learn.example.com/courses/42",
        "release": "web@1.4.0",
    }
    item.update(extra)
    return item


def beat(session: str, at: datetime, url: str = "https://learn.example.com/courses/42", **extra: Any) -> dict[str, Any]:
    return {"kind": "heartbeat", "session_id": session, "at": iso(at), "url": url, "title": "Course", **extra}


@dataclass
class World:
    c: TestContainer
    lea: Principal
    max: Principal

    def send(self, who: Principal, *items: dict[str, Any]) -> Any:
        return self.c.monitoring.telemetry.ingest(who, list(items))


@pytest.fixture
def world() -> World:
    c = build_test_container()
    c.clock.set(NOW)
    c.people.add(Person("lea", "lea@example.com", "Lea", "Ng"), user_id=100)
    c.people.add(Person("max", "max@example.com", "Max", "Ng"), user_id=101)
    c.agents.add(1, "alice", "general")
    c.staff_contacts.people[1] = ("alice@example.com", frozenset({Role.SUPPORT_AGENT}))
    c.staff_contacts.people[9] = ("sally@example.com", frozenset({Role.SUPPORT_ADMIN}))
    return World(c, Principal(100, "lea", frozenset({Role.LEARNER})), Principal(101, "max", frozenset({Role.LEARNER})))


def later(**kw: float) -> timedelta:
    return timedelta(**kw)

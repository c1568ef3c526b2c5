from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pytest

from adapters.memory.accounts import Person
from domain.accounts.learning import Course
from domain.accounts.model import AccountStatus, Profile
from domain.bulk.model import BulkOperation, OperationType
from domain.bulk.service import StartRequest
from domain.shared.permissions import Role
from domain.shared.principal import Principal
from entrypoints.harness import TestContainer

ADMIN = Principal(1, "ada", frozenset({Role.PLATFORM_ADMIN}))
SECOND = Principal(2, "bo", frozenset({Role.PLATFORM_ADMIN}))
SUPPORT = Principal(3, "cy", frozenset({Role.SUPPORT_ADMIN}))
COMPLIANCE = Principal(4, "di", frozenset({Role.COMPLIANCE_OFFICER}))
AGENT = Principal(5, "ed", frozenset({Role.SUPPORT_AGENT}))


@dataclass
class FileUpload:
    name: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    def chunks(self) -> Iterable[bytes]:
        yield self.data


@pytest.fixture
def h(harness: TestContainer) -> TestContainer:
    for actor in (ADMIN, SECOND, SUPPORT, COMPLIANCE, AGENT):
        made = harness.directory.add(actor.username, None, actor.roles, email=f"{actor.username}@staff.example.com")
        assert made.id == actor.user_id
    harness.people.courses_by_code["PY101"] = Course(1, "PY101", "Python")
    harness.people.courses_by_code["JS101"] = Course(2, "JS101", "JavaScript")
    return harness


def learner(h: TestContainer, name: str, status: AccountStatus = AccountStatus.ACTIVE, **profile: object) -> int:
    person = Person(name, f"{name}@example.com", name.title(), "Ng")
    return h.people.add(person, Profile(user_id=0, account_status=status, **profile)).user_id  # type: ignore[arg-type]


def run(h: TestContainer, actor: Principal, request: StartRequest) -> BulkOperation:
    op = h.bulk.start(actor, request)
    h.tasks.run_pending()
    return h.bulk.get(actor, op.id)


def start(kind: OperationType, params: object, dry_run: bool = False) -> StartRequest:
    return StartRequest(kind, dry_run, params)  # type: ignore[arg-type]

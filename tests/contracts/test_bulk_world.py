"""The ports bulk is given by other modules: the Revoker and Inviter (identity) and the ExportAlarm (security), as
the harness wires them (in-memory stores) and as bootstrap wires them (Django on SQLite, and PostgreSQL in its pass)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from domain.bulk.ports import ExportAlarm, Inviter, Revoker
from domain.security.model import EventFilter, Severity
from domain.security.ports import Account, SecurityEventStore
from domain.shared.clock import FixedClock
from domain.shared.pagination import PageRequest
from domain.shared.permissions import Role
from domain.shared.principal import Principal, RequestMeta
from domain.shared.uow import UnitOfWork
from entrypoints.container import Container

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it
T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
NEW_PASSWORD = "a much longer new passphrase 42"


@dataclass
class World:
    c: Container
    uow: UnitOfWork
    revoker: Revoker
    inviter: Inviter
    alarm: ExportAlarm
    events: SecurityEventStore
    person: Callable[[str, bool], int]  # a learner (logging in with PASSWORD, or with no usable password): the id
    mails: Callable[[], list[tuple[str, str, str]]]  # e-mails sent so far: (to, subject, body)

    def token(self, name: str, password: str = PASSWORD) -> str:
        issued = self.c.auth.login(name, password)
        assert hasattr(issued, "token")
        return str(issued.token)

    def holder(self, token: str) -> int | None:
        principal = self.c.auth.principal_for_token(token)
        return principal.user_id if principal else None


def memory_world() -> World:
    from entrypoints.harness import build_test_container

    c = build_test_container()
    c.clock.set(T0)

    def person(name: str, password: bool) -> int:
        pw = PASSWORD if password else None
        return c.directory.add(name, pw, frozenset({Role.LEARNER}), email=f"{name}@example.com").id

    def mails() -> list[tuple[str, str, str]]:
        return [(n.to, n.subject, n.body) for n in c.notifier.sent]

    return World(c, c.uow, c.bulk_runner.revoker, c.bulk_runner.inviter, c.bulk.alarm, c.security_events, person, mails)


def django_world() -> World:
    from django.contrib.auth.models import User
    from django.core import mail

    from adapters.orm.security.repository import DjangoSecurityEventStore
    from entrypoints.bootstrap import build_container

    c = build_container(FixedClock(T0))
    mail.outbox.clear()

    def person(name: str, password: bool) -> int:
        return int(User.objects.create_user(name, f"{name}@example.com", PASSWORD if password else None).pk)

    def mails() -> list[tuple[str, str, str]]:
        c.relay_outbox()
        return [(m.to[0], m.subject, str(m.body)) for m in mail.outbox]

    return World(
        c, c.uow, c.bulk_runner.revoker, c.bulk_runner.inviter, c.bulk.alarm, DjangoSecurityEventStore(), person, mails
    )


@pytest.fixture(params=["memory", "django"])
def world(request: pytest.FixtureRequest) -> Iterator[World]:
    yield memory_world() if request.param == "memory" else django_world()


def test_revoking_ends_every_token_of_the_people_at_once_and_no_one_elses(world: World) -> None:
    ana, bo, cy = world.person("ana", True), world.person("bo", True), world.person("cy", True)
    anas, bos, cys = [world.token("ana"), world.token("ana")], [world.token("bo")], [world.token("cy")]
    with world.uow:
        assert world.revoker.revoke_all_access_of([ana, bo, 987_654]) == 3
        world.uow.commit()
    assert [world.holder(t) for t in anas + bos + cys] == [None, None, None, cy]
    with world.uow:
        assert world.revoker.revoke_all_access_of([ana, bo]) == 0  # nothing left to end
        assert world.revoker.revoke_all_access_of([]) == 0
        world.uow.commit()
    assert world.holder(world.token("ana")) == ana  # the account stays open
    assert bo != cy


def test_a_revocation_in_a_block_that_does_not_commit_ends_nothing(world: World) -> None:
    ana = world.person("ana", True)
    token = world.token("ana")
    with world.uow:
        assert world.revoker.revoke_all_access_of([ana]) == 1
    assert world.holder(token) == ana


def test_invitations_carry_a_set_password_link_that_works_once(world: World) -> None:
    ana, bo = world.person("ana", False), world.person("bo", False)
    with world.uow:
        world.inviter.invite_all(
            [Account(ana, "ana", "ana@example.com", "Ána"), Account(bo, "bo", "bo@example.com", "")]
        )
        world.uow.commit()
    sent = world.mails()
    assert sorted(to for to, _, _ in sent) == ["ana@example.com", "bo@example.com"]
    bodies = {to: body for to, _, body in sent}
    assert (
        "Hello Ána," in bodies["ana@example.com"] and "Hello bo," in bodies["bo@example.com"]
    )  # first name, else login
    assert "username: ana" in bodies["ana@example.com"]
    tokens = {to: re.findall(r"[?&]token=([A-Za-z0-9_%-]+)", body) for to, body in bodies.items()}
    assert all(len(t) == 1 for t in tokens.values()) and tokens["ana@example.com"] != tokens["bo@example.com"]
    link = tokens["ana@example.com"][0]
    world.c.passwords.confirm_reset(link, NEW_PASSWORD, RequestMeta())
    assert world.holder(world.token("ana", NEW_PASSWORD)) == ana
    with pytest.raises(Exception) as refused:
        world.c.passwords.confirm_reset(link, NEW_PASSWORD + "!", RequestMeta())
    assert getattr(refused.value, "code", "") == "invalid_reset_token"


def test_invitations_in_a_block_that_does_not_commit_are_not_sent(world: World) -> None:
    ana = world.person("ana", False)
    with world.uow:
        world.inviter.invite_all([Account(ana, "ana", "ana@example.com", "Ána")])
    with world.uow:
        world.inviter.invite_all([])
        world.uow.commit()
    assert world.mails() == []


def exports(world: World) -> list[tuple[int | None, Severity, dict[str, Any]]]:
    page = world.events.search(EventFilter(event_type="personal_data_export"), PageRequest())
    return [(e.user_id, e.severity, dict(e.facts)) for e in page.items]


def admin(world: World) -> Principal:
    uid = world.person("sally", True)
    return Principal(uid, "sally", frozenset({Role.SUPPORT_ADMIN}), meta=RequestMeta("203.0.113.9", "pytest"))


def test_an_export_raises_personal_data_leaving_about_the_actor(world: World) -> None:
    sally = admin(world)
    with world.uow:
        world.alarm.personal_data_export(sally, 17, 1, ["email", "last_name"])
        world.uow.commit()
    with world.uow:
        world.alarm.personal_data_export(sally, 18, 10_000, ["email"])
        world.uow.commit()
    raised = sorted(exports(world), key=lambda e: int(e[2]["count"]))
    assert [(u, s, f["count"]) for u, s, f in raised] == [
        (sally.user_id, Severity.MEDIUM, 1),  # one person's data
        (sally.user_id, Severity.HIGH, 10_000),  # a bulk export
    ]
    assert "17" in raised[0][2]["what"] and "last_name" in raised[0][2]["what"]


def test_an_export_alarm_in_a_block_that_does_not_commit_raises_nothing(world: World) -> None:
    sally = admin(world)
    with world.uow:
        world.alarm.personal_data_export(sally, 17, 2, ["email"])
    assert exports(world) == []

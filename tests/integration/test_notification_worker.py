"""A ticket reply reaches the learner by SMS through the outbox and a real worker process (`manage.py run_worker`,
Huey on its SQLite file): the reply's transaction writes the text's row, the relay task queued after commit is run
by the worker, and the Twilio-compatible adapter posts it to a local stub server, once."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.contracts.stub_provider import Stub, stub_provider
from tests.integration.test_worker import wait_for
from tests.support.live import ROOT, prepare, server_env

pytestmark = pytest.mark.server

REPLY = """
from django.contrib.auth.models import User
from adapters.orm.notifications.models import NotificationPreference
from adapters.orm.tickets.models import Team, TeamMember
from domain.accounts.model import AccountStatus, PlatformRole, SupportPriority
from domain.accounts.ports import NewLearner
from domain.shared.permissions import Role
from domain.shared.principal import SYSTEM, Principal
from domain.tickets.commands import NewTicket
from domain.tickets.status import UpdateType
from entrypoints.bootstrap import container

agent = User.objects.get(username="alice")
TeamMember.objects.get_or_create(user=agent, team=Team.objects.get(code="general"))
new = NewLearner("lea", "lea@example.com", "Lea", "Ng", AccountStatus.ACTIVE, PlatformRole.LEARNER,
                 SupportPriority.NORMAL, True, None)
lea = User.objects.get(pk=container().accounts.create(SYSTEM, new).summary.id)
NotificationPreference.objects.create(user=lea, channels={"ticket_reply": ["sms"]}, phone="+447700900123")
desk = container().support.desk
actor = Principal(agent.pk, "alice", frozenset({Role.SUPPORT_AGENT}))
ticket = desk.create(actor, NewTicket("Quiz is empty", "No questions show.", user_id=lea.pk)).ticket
desk.post(actor, ticket.id, UpdateType.COMMENT, "Fixed, please try again")
"""


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Path, Stub, dict[str, str]]]:
    prepare(tmp_path, ["alice:support_agent"])
    with stub_provider() as stub:
        env = server_env(tmp_path) | {
            "HUEY_IMMEDIATE": "false",
            "SMS_API_URL": stub.url,
            "SMS_ACCOUNT_SID": "AC9",
            "SMS_AUTH_TOKEN": "worker-token",
            "SMS_FROM": "+15005550006",
        }
        proc = subprocess.Popen([sys.executable, "manage.py", "run_worker"], cwd=ROOT, env=env)
        try:
            yield tmp_path, stub, env
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def sms_rows(db: Path) -> list[tuple[int, str | None, int]]:
    with sqlite3.connect(db) as conn:
        sql = "SELECT id, delivered_at, attempts FROM outbox_outboxmessage WHERE payload LIKE '%\"sms\"%'"
        return [(int(i), d, int(a)) for i, d, a in conn.execute(sql).fetchall()]


def test_a_reply_reaches_the_learner_by_sms_through_the_worker(world: tuple[Path, Stub, dict[str, str]]) -> None:
    var, stub, env = world
    subprocess.run([sys.executable, "manage.py", "shell", "-c", REPLY], cwd=ROOT, env=env, check=True)
    wait_for(lambda: any(d for _, d, _ in sms_rows(var / "db.sqlite3")))
    ((row_id, _, attempts),) = sms_rows(var / "db.sqlite3")
    assert attempts == 1
    (got,) = stub.received
    assert got.path == "/2010-04-01/Accounts/AC9/Messages.json"
    assert got.headers["i-twilio-idempotency-token"] == f"outbox-{row_id}"
    assert b"To=%2B447700900123" in got.body and b"Fixed%2C+please+try+again" in got.body

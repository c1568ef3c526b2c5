"""The audit trail on the real database (SQLite here, PostgreSQL in the second pass): `verify_audit` against each
kind of tamper a database writer without the key can try, the sealer in commit order, and no shared lock."""

from __future__ import annotations

import hashlib
import threading

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client

from adapters.orm.audit.models import AuditChainHead, AuditCheckpoint, AuditEntry
from adapters.orm.audit.repository import to_entry
from domain.audit.model import Keyring, entry_message, link_message
from domain.shared.principal import Principal, RequestMeta
from entrypoints.bootstrap import container
from entrypoints.tasks.audit import seal_and_checkpoint

pytestmark = pytest.mark.django_db
ACTOR = Principal(1, "agent", meta=RequestMeta("192.0.2.7", "pytest", "req-9"))
ATTACKER = Keyring("dev", {"dev": b"not the key"})


def record_some(n: int) -> None:
    with container().uow:
        for i in range(n):
            container().audit.record(ACTOR, "profile.read", "user", i, {"reason": "ticket SUP-1"})
        container().uow.commit()


def sealed_trail(n: int = 6) -> list[AuditEntry]:
    record_some(n)
    seal_and_checkpoint()
    return list(AuditEntry.objects.order_by("chain_seq"))


def problems(*expect: str) -> str:
    """The stderr of a failing verify_audit; fails the test when it passes."""
    import io

    err = io.StringIO()
    with pytest.raises(CommandError, match="NOT intact"):
        call_command("verify_audit", *expect, stderr=err)
    return err.getvalue()


def test_an_intact_trail_passes(capsys: pytest.CaptureFixture[str]) -> None:
    rows = sealed_trail(5)
    assert [r.chain_seq for r in rows] == [1, 2, 3, 4, 5] and AuditCheckpoint.objects.count() == 1
    call_command("verify_audit", f"--expect=5:{rows[-1].hash}")
    assert "intact: 5 sealed entries" in capsys.readouterr().out


def test_an_edited_row() -> None:
    third = sealed_trail()[2]
    AuditEntry.objects.filter(pk=third.pk).update(details={"reason": "nothing to see"})
    assert f"edited at {third.chain_seq}" in problems()


def test_an_edited_actor_with_the_mac_recomputed_without_the_key() -> None:
    third = sealed_trail()[2]
    AuditEntry.objects.filter(pk=third.pk).update(actor_id=42)
    row = AuditEntry.objects.get(pk=third.pk)
    entry = to_entry(row)  # the attacker knows the schema and the format, not the key
    mac = ATTACKER.mac("dev", entry_message(entry.record, entry.nonce))
    digest = ATTACKER.mac("dev", link_message(row.pk, row.chain_seq or 0, row.prev_hash, mac))
    AuditEntry.objects.filter(pk=row.pk).update(mac=mac, hash=digest)
    out = problems()
    assert "edited" in out and "seal_forged" in out


def test_a_row_deleted_in_the_middle() -> None:
    rows = sealed_trail()
    rows[2].delete()
    assert "missing at 4: positions 3 to 3 are gone" in problems()


def test_the_last_three_rows_deleted() -> None:
    rows = sealed_trail()
    AuditEntry.objects.filter(pk__in=[r.pk for r in rows[-3:]]).delete()
    assert "truncated at 6" in problems()


def test_the_end_cut_off_with_head_and_checkpoints_rewound_is_caught_by_the_logged_checkpoint() -> None:
    rows = sealed_trail()
    logged = (6, rows[-1].hash)  # what the log line audit.checkpoint said
    early = {f: getattr(AuditChainHead.objects.get(), f) for f in ("chain_seq", "hash", "key_id", "mac")}
    record_some(2)
    seal_and_checkpoint()
    AuditEntry.objects.filter(chain_seq__gt=6).delete()
    AuditCheckpoint.objects.filter(chain_seq__gt=6).delete()
    AuditChainHead.objects.update(**early)
    call_command("verify_audit", f"--expect={logged[0]}:{logged[1]}")  # the database alone looks intact
    assert "truncated at 8" in problems(f"--expect=8:{'a' * 64}")


def test_rows_reordered() -> None:
    rows = sealed_trail()
    a, b = rows[1], rows[2]
    AuditEntry.objects.filter(pk=a.pk).update(chain_seq=-1)
    AuditEntry.objects.filter(pk=b.pk).update(chain_seq=a.chain_seq)
    AuditEntry.objects.filter(pk=a.pk).update(chain_seq=b.chain_seq)
    out = problems()
    assert "link_broken" in out and "seal_forged" in out


def test_a_row_inserted() -> None:
    rows = sealed_trail()
    template = {f: getattr(rows[0], f) for f in ("actor_id", "action", "target_type", "at", "key_id", "details")}
    fake = AuditEntry.objects.create(**template, target_id="forged", nonce="n", mac="0" * 64)
    assert container().audit_sealer.seal().refused == (fake.pk,)
    assert AuditEntry.objects.get(pk=fake.pk).chain_seq is None
    assert f"unsealed_invalid at {fake.pk}" in problems()


def test_a_row_copied() -> None:
    rows = sealed_trail()
    copy = {f.name: getattr(rows[0], f.name) for f in AuditEntry._meta.fields if f.name not in {"id", "chain_seq"}}
    AuditEntry.objects.create(**{**copy, "prev_hash": "", "hash": ""})
    seal_and_checkpoint()  # a valid MAC: it gets sealed, and then it shows as a duplicate
    assert "duplicate" in problems()


def test_a_chain_recomputed_with_plain_sha256() -> None:
    """What an attacker could do to the old, unkeyed chain: rewrite the last row and recompute its hash and the head."""
    last = sealed_trail()[-1]
    AuditEntry.objects.filter(pk=last.pk).update(target_id="someone-else")
    forged = hashlib.sha256(b"whatever the attacker likes").hexdigest()
    AuditEntry.objects.filter(pk=last.pk).update(hash=forged)
    AuditChainHead.objects.update(hash=forged)
    out = problems()
    assert "edited" in out and "seal_forged" in out and "head_forged" in out


def test_entries_left_unsealed() -> None:
    record_some(2)
    assert "overdue" in problems("--grace=-1")
    seal_and_checkpoint()
    call_command("verify_audit", "--grace=-1")


def test_bad_expectations_are_refused_by_the_command_line() -> None:
    with pytest.raises(CommandError):
        call_command("verify_audit", "--expect=12")


def test_checkpoints_reach_the_log(caplog: pytest.LogCaptureFixture) -> None:
    rows = sealed_trail(3)
    logged = [r.msg for r in caplog.records if isinstance(r.msg, dict) and r.msg.get("event") == "audit.checkpoint"]
    assert logged and logged[-1]["chain_seq"] == 3 and logged[-1]["hash"] == rows[-1].hash


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_recording_waits_for_no_one_and_the_chain_follows_commits() -> None:
    """A request whose transaction holds an unsealed entry open blocks no other request's audit entry (the old
    chain-head row lock did: 43-69 of 80 connections waited on it under load). The slow one is chained after."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's concurrent writers (SQLite has one writer by design)")
    holding, release, done = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def slow_request() -> None:
        try:
            with transaction.atomic():
                container().audit.record(ACTOR, "slow.request", "user", 1)
                holding.set()
                release.wait(10)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()
            done.set()

    worker = threading.Thread(target=slow_request)
    worker.start()
    assert holding.wait(10)
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '2s'")  # a wait on a lock fails this test instead of hanging it
    record_some(1)  # commits while the slow transaction is still open
    seal_and_checkpoint()
    release.set()
    assert done.wait(10) and not errors
    seal_and_checkpoint()
    order = list(AuditEntry.objects.order_by("chain_seq").values_list("action", "id"))
    assert [a for a, _ in order] == ["profile.read", "slow.request"]
    assert order[0][1] > order[1][1]  # the later id was chained first: it committed first
    call_command("verify_audit")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_second_sealer_skips_instead_of_waiting() -> None:
    """run_worker's loop and the periodic audit.seal task may overlap: the one that finds the head locked goes
    away at once (no connection ever waits on an audit lock), and the other seals everything."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks")
    record_some(3)
    container().audit_sealer.chain.ensure_head()
    holding, release, done = threading.Event(), threading.Event(), threading.Event()

    def first_sealer() -> None:
        try:
            with transaction.atomic():
                assert container().audit_sealer.chain.lock_head() is not None
                holding.set()
                release.wait(10)
        finally:
            connection.close()
            done.set()

    threading.Thread(target=first_sealer).start()
    assert holding.wait(10)
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '2s'")
    report = container().audit_sealer.seal()
    assert report.busy and report.sealed == 0
    release.set()
    assert done.wait(10)
    assert container().audit_sealer.seal_all().sealed == 3


def test_the_checkpoints_api() -> None:
    sealed_trail(3)
    officer = User.objects.create_user("olivia", password="a-long-test-password")
    officer.groups.add(Group.objects.get_or_create(name="compliance_officer")[0])
    client = Client()
    token = client.post(
        "/api/auth/login", {"username": "olivia", "password": "a-long-test-password"}, content_type="application/json"
    ).json()["token"]
    body = client.get("/api/audit/checkpoints", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert [c["chain_seq"] for c in body["items"]] == [3] and len(body["items"][0]["hash"]) == 64
    entries = client.get("/api/audit/?limit=200", HTTP_AUTHORIZATION=f"Bearer {token}").json()["items"]
    assert {e["chain_seq"] is not None for e in entries if e["action"] == "profile.read"} == {True}
    agent = User.objects.create_user("alex", password="a-long-test-password")
    agent.groups.add(Group.objects.get_or_create(name="support_agent")[0])
    token = client.post(
        "/api/auth/login", {"username": "alex", "password": "a-long-test-password"}, content_type="application/json"
    ).json()["token"]
    assert client.get("/api/audit/checkpoints", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 403


@pytest.mark.parametrize("head", ["deleted", "rewound"])
def test_a_fully_deleted_trail_fails_without_any_expectation(head: str) -> None:
    """Every entry, checkpoint and the head gone (or the head set back to the unsigned genesis): the database holds
    nothing a writer without the key could have signed, so the trail is not intact."""
    sealed_trail()
    AuditEntry.objects.all().delete()
    AuditCheckpoint.objects.all().delete()
    if head == "deleted":
        AuditChainHead.objects.all().delete()
    else:
        AuditChainHead.objects.update(chain_seq=0, hash="0" * 64, key_id="", mac="")
    assert "head_missing" in problems()


def test_an_empty_trail_is_intact_once_the_sealer_signed_its_start(capsys: pytest.CaptureFixture[str]) -> None:
    seal_and_checkpoint()
    call_command("verify_audit")
    assert "intact: 0 sealed entries" in capsys.readouterr().out

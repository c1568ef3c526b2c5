"""Privacy through HTTP on the real database (SQLite, and PostgreSQL in its pass): consents, an export's ZIP, an
erasure end to end, then a scan of every table for the person's e-mail, names and username, and verify_audit.

The scan reads every table Django's introspection lists (every app's, Django's own, the event stream's), every
column cast to text, with no exclusion: an erased person leaves no e-mail, first name, last name or username
anywhere, the sealed audit log included (its rows hold ids)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.db import connection

from adapters.orm.accounts.models import UserActivityLog
from adapters.orm.audit.models import AuditEntry
from domain.shared.clock import FixedClock
from domain.shared.permissions import Role
from entrypoints.bootstrap import build_container, container, use_container
from entrypoints.tasks.audit import seal_and_checkpoint

from .conftest import PASSWORD, Api, Staff, login
from .privacy_traces import leave_traces, scan_files, scan_tables

pytestmark = pytest.mark.django_db(transaction=True)  # commits: tasks start on commit (Huey immediate)
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NEEDLES = ("zorblatt.q@example.org", "Zorblatt", "Quixotic", "zq_learner")


@pytest.fixture
def world(
    make_staff: Callable[..., Staff], api: Api, settings: Any, tmp_path: Path
) -> Iterator[tuple[FixedClock, Staff, Staff, Staff, Staff, int]]:
    settings.BULK_FILES_DIR, settings.PRIVACY_FILES_DIR = tmp_path / "bulk", tmp_path / "privacy"  # scanned alone
    clock = FixedClock(NOW)
    use_container(build_container(clock))
    support, officer, second = (
        make_staff(Role.SUPPORT_ADMIN),
        make_staff(Role.COMPLIANCE_OFFICER),
        make_staff(Role.COMPLIANCE_OFFICER),
    )
    body = {"username": "zq_learner", "email": NEEDLES[0], "first_name": "Zorblatt", "last_name": "Quixotic"}
    created = api.call("POST", "/api/users/profiles/", support, body)
    assert created.status_code == 201, created.content
    uid = int(created.json()["id"])
    user = User.objects.get(pk=uid)
    user.set_password(PASSWORD)
    user.save()
    token = login(api.client, "zq_learner").json()["token"]
    yield clock, support, officer, second, Staff(user, token), uid
    use_container(None)


def scan() -> list[tuple[str, str]]:
    return scan_tables(NEEDLES)


def test_consents_through_http(world: tuple[FixedClock, Staff, Staff, Staff, Staff, int], api: Api) -> None:
    _, support, _, _, learner, uid = world
    mine = api.call("PUT", "/api/me/consents", learner, {"changes": [{"consent_type": "marketing", "granted": True}]})
    assert mine.status_code == 200, mine.content
    assert {s["consent_type"]: s["granted"] for s in mine.json()["current"]}["marketing"] is True
    staff = api.call(
        "POST",
        f"/api/users/profiles/{uid}/consents",
        support,
        {"changes": [{"consent_type": "marketing", "granted": False}], "reason": "phone call"},
    )
    assert staff.status_code == 200 and staff.json()["history"][0]["source"] == "staff"
    profile = api.call("GET", f"/api/users/profiles/{uid}/", support).json()
    assert profile["marketing_consent"] is False  # the projection bulk notify gates on
    assert api.call("GET", "/api/me/consents", learner).json()["history"][0]["reason"] == "phone call"
    bad = api.call("PUT", "/api/me/consents", learner, {"changes": [{"consent_type": "nope", "granted": True}]})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "unknown_consent_type"


def test_export_then_erasure_end_to_end_leaves_no_personal_field(
    world: tuple[FixedClock, Staff, Staff, Staff, Staff, int], api: Api, make_staff: Callable[..., Staff]
) -> None:
    clock, support, officer, _, learner, uid = world
    leave_traces(api, clock, (support, make_staff(Role.PLATFORM_ADMIN)), learner, uid, NEEDLES)
    UserActivityLog.objects.bulk_create(
        [
            UserActivityLog(user_id=uid, activity_type="lesson.viewed", activity_data={"lesson": i}, timestamp=NOW)
            for i in range(50)
        ]
    )
    ticket = api.call(
        "POST",
        "/api/support/my-tickets/",
        learner,
        {"title": "Zorblatt cannot log in", "description": "I am Zorblatt Quixotic", "category": "account"},
    )
    assert ticket.status_code == 201, ticket.content
    api.call("PUT", "/api/me/consents", learner, {"changes": [{"consent_type": "analytics", "granted": True}]})
    assert login(api.client, "zq_learner", "wrong-password").status_code == 401

    export = api.call("POST", "/api/privacy/requests", learner, {"type": "export"})
    assert export.status_code == 201, export.content
    ready = api.call("GET", f"/api/privacy/requests/{export.json()['id']}", learner).json()
    assert ready["stage"] == "download_ready" and ready["results"]["activity"] == 50
    assert [m.to for m in mail.outbox][-1] == [NEEDLES[0]]
    zipped = api.call("GET", f"/api/privacy/requests/{ready['id']}/download", learner)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(zipped.streaming_content)))
    assert "tickets.json" in archive.namelist() and "index.html" in archive.namelist()

    before = {table for table, _ in scan()}
    files, in_files = scan_files(NEEDLES)
    print("tables naming the person before erasure:", sorted(before))
    print(f"files naming the person before erasure ({files} files):", sorted({f for f, _ in in_files}))
    assert {
        "auth_user",
        "accounts_userprofile",
        "support_supportticket",
        "outbox_outboxmessage",
        "impersonation_impersonationsession",
        "monitoring_monitoredsession",
        "monitoring_erroreventrow",
        "monitoring_errorgrouprow",
    } <= before
    assert in_files  # the import's upload and the export's ZIP

    erasure = api.call("POST", "/api/privacy/requests", learner, {"type": "erasure", "reason": "forget me"}).json()
    self_approval = api.call("POST", f"/api/privacy/requests/{erasure['id']}/approve", learner, {"reason": "x"})
    assert self_approval.status_code == 403
    approved = api.call("POST", f"/api/privacy/requests/{erasure['id']}/approve", officer, {"reason": "checked"})
    assert approved.status_code == 200 and approved.json()["stage"] == "cooling_off"
    clock.advance(timedelta(days=15))
    container().privacy.jobs.sweep()
    officer = Staff(officer.user, login(api.client, officer.user.username).json()["token"])  # 15 days on: anew
    done = api.call("GET", f"/api/privacy/requests/{erasure['id']}", officer).json()
    assert done["stage"] == "completed", done
    assert api.call("POST", f"/api/privacy/requests/{erasure['id']}/cancel", officer).json()["error"]["code"] == (
        "privacy_request_finished"
    )
    assert UserActivityLog.objects.filter(user_id=uid).count() == 0
    tables = len(connection.introspection.table_names())
    files, in_files = scan_files(NEEDLES)
    print(f"after erasure: {tables} tables and {files} files scanned, personal data found: {scan()} {in_files}")
    assert scan() == [] and in_files == []
    seal_and_checkpoint()
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact" in out.getvalue()


def test_reports_as_pages_and_csv_each_audited(
    world: tuple[FixedClock, Staff, Staff, Staff, Staff, int], api: Api
) -> None:
    _, support, officer, _, learner, uid = world
    api.call("PUT", "/api/me/consents", learner, {"changes": [{"consent_type": "analytics", "granted": True}]})
    for name in ("data-access", "admin-actions", "consents", "retention", "impersonation"):
        page = api.call("GET", f"/api/compliance/reports/{name}", officer)
        assert page.status_code == 200, (name, page.content)
        csv = api.call("GET", f"/api/compliance/reports/{name}?format=csv", officer)
        assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
        assert b"".join(csv.streaming_content).decode().splitlines()[0] == ",".join(page.json()["columns"])
    consents = api.call("GET", "/api/compliance/reports/consents", officer).json()
    assert ["analytics", "1", "yes", "1"] in consents["rows"]
    access = api.call("GET", f"/api/compliance/reports/data-access?person_id={uid}", officer).json()
    assert {r[access["columns"].index("action")] for r in access["rows"]} >= {"profile.create", "consent.change"}
    assert api.call("GET", "/api/compliance/reports/consents", support).status_code == 403
    assert api.call("GET", "/api/compliance/reports/nope", officer).status_code == 422


def test_a_retention_dry_run_counts_removes_nothing_and_joins_the_history(
    world: tuple[FixedClock, Staff, Staff, Staff, Staff, int], api: Api
) -> None:
    _, support, officer, _, _, _ = world
    before = UserActivityLog.objects.count()
    answer = api.call("POST", "/api/compliance/retention/dry-run", officer)
    assert answer.status_code == 200, answer.content
    runs = answer.json()["runs"]
    assert runs and all(r["dry_run"] and r["rows"] >= 0 for r in runs)
    assert UserActivityLog.objects.count() == before
    history = api.call("GET", "/api/compliance/reports/retention", officer).json()["rows"]
    assert sum(1 for r in history if r[0] == "dry_run") == len(runs)
    assert api.call("POST", "/api/compliance/retention/dry-run", support).status_code == 403
    assert AuditEntry.objects.filter(action="privacy.retention_dry_run", actor_id=officer.user.pk).count() == 1


def test_a_learner_lists_their_own_requests_only(
    world: tuple[FixedClock, Staff, Staff, Staff, Staff, int], api: Api, make_staff: Callable[..., Staff]
) -> None:
    _, support, _, _, learner, uid = world
    other = api.call("POST", "/api/privacy/requests", support, {"type": "export", "user_id": support.user.id})
    assert other.status_code == 201, other.content
    mine = api.call("POST", "/api/privacy/requests", learner, {"type": "export"})
    assert mine.status_code == 201, mine.content
    listed = api.call("GET", "/api/privacy/requests", learner)
    assert listed.status_code == 200, listed.content
    assert [r["id"] for r in listed.json()["items"]] == [mine.json()["id"]]
    assert api.call("GET", f"/api/privacy/requests?user_id={uid}", learner).status_code == 200
    refused = api.call("GET", f"/api/privacy/requests?user_id={support.user.id}", learner)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"
    everyone = api.call("GET", "/api/privacy/requests", support).json()["items"]
    assert {r["id"] for r in everyone} == {mine.json()["id"], other.json()["id"]}

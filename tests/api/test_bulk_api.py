"""Bulk operations through HTTP with real auth: JSON and multipart starts, 202 + Location, the run (Huey immediate),
reads, row errors and their CSV, cancel, approval by a second admin, limits, permissions per role, the download."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from adapters.orm.accounts.models import Course, Enrollment, StatusChange, UserProfile
from adapters.orm.audit.models import AuditEntry
from adapters.orm.bulk.models import BulkOperationRow
from adapters.orm.outbox.models import OutboxMessage
from adapters.orm.security.models import UserSecurityEvent
from domain.shared.permissions import Role

from .conftest import Api, Staff

pytestmark = pytest.mark.django_db(transaction=True)  # commits: the run starts on commit (Huey immediate)
R = Role
BASE = "/api/users/bulk-operations/"


@pytest.fixture
def learners(api: Api, make_staff: Callable[..., Staff]) -> list[int]:
    admin = make_staff(R.PLATFORM_ADMIN, username="seed_admin")
    ids = []
    for i in range(4):
        body = {"username": f"learner{i}", "email": f"learner{i}@example.com", "first_name": f"L{i}"}
        response = api.call("POST", "/api/users/profiles/", admin, body)
        assert response.status_code == 201, response.content
        ids.append(response.json()["id"])
    return ids


def upload(client: Client, who: Staff, content: bytes, name: str = "users.csv", **fields: str) -> Any:
    data = {
        "operation_type": "import_users",
        "parameters": '{"mode": "upsert"}',
        "dry_run": "false",
        **fields,
        "file": SimpleUploadedFile(name, content),
    }
    return client.post(BASE, data=data, **who.auth)


def status_body(ids: list[int], dry_run: bool = False, status: str = "suspended") -> dict[str, Any]:
    params = {"user_ids": ids, "status": status, "reason": "term ended"}
    return {"operation_type": "update_status", "dry_run": dry_run, "parameters": params}


def test_update_status_runs_with_202_location_and_progress(
    api: Api, make_staff: Callable[..., Staff], learners: list[int]
) -> None:
    admin = make_staff(R.SUPPORT_ADMIN)
    response = api.call("POST", BASE, admin, status_body([*learners, 987654]))
    assert response.status_code == 202, response.content
    body = response.json()
    assert response["Location"] == f"{BASE}{body['operation_id']}/"
    done = api.call("GET", response["Location"], admin).json()
    assert done["status"] == "completed" and done["success_count"] == 4 and done["error_count"] == 1
    assert done["progress"] == 100.0 and done["created_by"] == admin.user.pk and done["rate_per_s"] is not None
    assert set(UserProfile.objects.filter(user_id__in=learners).values_list("account_status", flat=True)) == {
        "suspended"
    }
    assert not User.objects.filter(pk__in=learners, is_active=True).exists()
    assert StatusChange.objects.filter(user_id__in=learners, reason="term ended").count() == 4
    errors = api.call("GET", f"{response['Location']}errors", admin).json()
    assert errors["items"] == [
        {"row": None, "user_id": 987654, "field": "", "code": "user_not_found", "message": "No such user."}
    ]
    channels = set(
        OutboxMessage.objects.filter(kind="event", payload__type="bulk.progress").values_list("channel", flat=True)
    )
    assert channels == {"bulk", f"bulk-{body['operation_id']}"}
    actions = list(AuditEntry.objects.filter(target_type="bulk_operation").values_list("action", flat=True))
    assert actions.count("bulk.start") == 1 and actions.count("bulk.finish") == 1
    again = api.call("POST", BASE, admin, status_body(learners))  # a re-run changes nothing twice
    assert api.call("GET", again["Location"], admin).json()["skipped_count"] == 4


def test_dry_run_writes_nothing(api: Api, make_staff: Callable[..., Staff], learners: list[int]) -> None:
    admin = make_staff(R.PLATFORM_ADMIN)
    response = api.call("POST", BASE, admin, status_body(learners, dry_run=True))
    done = api.call("GET", response["Location"], admin).json()
    assert done["dry_run"] and done["success_count"] == 4
    assert set(UserProfile.objects.filter(user_id__in=learners).values_list("account_status", flat=True)) == {"active"}
    assert done["changed_rows"] == 4


def test_a_dry_run_lists_what_would_change_per_person(
    api: Api, client: Client, make_staff: Callable[..., Staff], learners: list[int]
) -> None:
    admin, agent = make_staff(R.PLATFORM_ADMIN), make_staff(R.SUPPORT_AGENT)
    op = api.call("POST", BASE, admin, status_body(learners[:2], dry_run=True))["Location"]
    first = api.call("GET", f"{op}changes?limit=1", admin).json()
    rest = api.call("GET", f"{op}changes?limit=1&cursor={first['next_cursor']}", admin).json()
    status = [{"field": "account_status", "before": "active", "after": "suspended"}]
    assert [*first["items"], *rest["items"]] == [
        {"user_id": uid, "username": f"learner{i}", "row": None, "changes": status}
        for i, uid in enumerate(learners[:2])
    ]
    assert rest["next_cursor"] is None
    reads = AuditEntry.objects.filter(action="bulk.changes_read", actor_id=admin.user.pk)
    assert sorted(int(t) for t in reads.values_list("target_id", flat=True)) == learners[:2]
    assert {e.target_type for e in reads} == {"user"}
    csv_file = b"username,email,first_name\nlearner3,learner3@example.com,Lee\n"
    imported = upload(client, admin, csv_file, dry_run="true")
    items = api.call("GET", f"{imported['Location']}changes", admin).json()["items"]
    assert items == [
        {
            "user_id": learners[3],
            "username": "learner3",
            "row": 2,
            "changes": [{"field": "first_name", "before": "L3", "after": "Lee"}],
        }
    ]
    assert UserProfile.objects.get(user_id=learners[3]).user.first_name == "L3"
    for who, url, code in [
        (agent, f"{op}changes", 403),
        (None, f"{op}changes", 401),
        (admin, f"{BASE}999/changes", 404),
        (admin, f"{op}changes?cursor=nope", 400),
        (admin, f"{op}changes?limit=0", 422),
    ]:
        assert api.call("GET", url, who).status_code == code, url


def test_import_csv_creates_invites_and_reports_rows(
    client: Client, api: Api, make_staff: Callable[..., Staff], learners: list[int]
) -> None:
    Course.objects.create(code="PY101", title="Python")
    admin = make_staff(R.PLATFORM_ADMIN)
    content = (
        "\ufeffusername;email;first_name;courses\n"
        "zoe;zoe@example.com;Zoë;PY101\n"
        "bad;not-an-email;X;\n"
        "zoe2;zoe@example.com;Dup;\n"
        "learner1;learner1@example.com;Renamed;\n"
        "yan;yan@example.com;Yan;NOPE1\n"
    ).encode()
    response = upload(client, admin, content)
    assert response.status_code == 202, response.content
    done = api.call("GET", response["Location"], admin).json()
    assert (done["total_items"], done["success_count"], done["error_count"]) == (5, 2, 3)
    assert "file_key" not in done["parameters"] and done["parameters"]["encoding"] == "utf-8-sig"
    zoe = User.objects.get(username="zoe")
    assert zoe.first_name == "Zoë" and not zoe.has_usable_password()
    assert Enrollment.objects.filter(user=zoe, course__code="PY101").exists()
    assert User.objects.get(username="learner1").first_name == "Renamed"
    invites = OutboxMessage.objects.filter(kind="notification", payload__to="zoe@example.com")
    assert invites.count() == 1 and "reset-password?token=" in invites[0].payload["body"]
    rows = list(
        csv.reader(io.StringIO(client.get(f"{response['Location']}errors.csv", **admin.auth).getvalue().decode()))
    )
    assert rows[0] == ["row", "user_id", "field", "code", "message"]
    assert [(r[0], r[3]) for r in rows[1:]] == [
        ("3", "invalid_email"),
        ("4", "duplicate_in_file"),
        ("6", "unknown_course"),
    ]


def test_import_refuses_unknown_columns_and_large_files(client: Client, make_staff: Callable[..., Staff]) -> None:
    admin = make_staff(R.PLATFORM_ADMIN)
    response = upload(client, admin, b"username,email,password\nx,x@example.com,secret\n")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_import_columns"
    assert response.json()["error"]["details"]["unknown"] == ["password"]
    with override_settings(BULK_MAX_UPLOAD_MB=0.0001):
        big = upload(client, admin, b"username,email\n" + b"abc,abc@example.com\n" * 100)
    assert big.status_code == 413 and big.json()["error"]["code"] == "bulk_file_too_large"


def test_approval_needs_a_second_admin(api: Api, make_staff: Callable[..., Staff], learners: list[int]) -> None:
    first, second = make_staff(R.PLATFORM_ADMIN), make_staff(R.PLATFORM_ADMIN)
    with override_settings(BULK_APPROVAL_THRESHOLD=2):
        from entrypoints.bootstrap import _default

        _default.cache_clear()
        response = api.call("POST", BASE, first, status_body(learners))
        _default.cache_clear()
    assert response.json()["status"] == "awaiting_approval"
    location = response["Location"]
    refused = api.call("POST", f"{location}approve", first)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "second_admin_required"
    approved = api.call("POST", f"{location}approve", second)
    assert approved.status_code == 200 and approved.json()["approved_by"] == second.user.pk
    assert api.call("GET", location, first).json()["status"] == "completed"
    again = api.call("POST", f"{location}cancel", first)
    assert again.status_code == 409 and again.json()["error"]["code"] == "bulk_operation_finished"


def test_export_download_is_audited_escaped_and_raises_a_security_event(
    client: Client, api: Api, make_staff: Callable[..., Staff], learners: list[int]
) -> None:
    User.objects.filter(pk=learners[0]).update(first_name="=HYPERLINK(1)")
    officer = make_staff(R.COMPLIANCE_OFFICER)
    body = {
        "operation_type": "export",
        "parameters": {"fields": ["id", "first_name", "email"], "format": "csv", "filters": {"status": ["active"]}},
    }
    response = api.call("POST", BASE, officer, body)
    assert response.status_code == 202, response.content
    done = api.call("GET", response["Location"], officer).json()
    assert done["status"] == "completed" and done["download_expires_at"]
    got = client.get(f"{response['Location']}download", **officer.auth)
    assert got.status_code == 200
    text = b"".join(got.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "learner3@example.com" in text
    on_disk = list((Path(settings.BULK_FILES_DIR) / "exports").glob("*.csv"))
    assert on_disk and all(p.read_bytes().startswith(b"USEF") for p in on_disk)  # sealed at rest
    assert not any(b"learner3@example.com" in p.read_bytes() for p in on_disk)
    assert AuditEntry.objects.filter(action="bulk.download").count() == 1
    assert UserSecurityEvent.objects.filter(event_type="personal_data_export", user_id=officer.user.pk).count() == 1


PERMITTED = {
    "update_status": {R.PLATFORM_ADMIN, R.SUPPORT_ADMIN},
    "notify": {R.PLATFORM_ADMIN, R.SUPPORT_ADMIN},
    "update_fields": {R.PLATFORM_ADMIN},
    "export": {R.PLATFORM_ADMIN, R.COMPLIANCE_OFFICER},
}
BODIES: dict[str, dict[str, Any]] = {
    "update_status": {"status": "suspended", "reason": "r"},
    "notify": {"subject": "Hi {first_name}", "body": "Hello {first_name}"},
    "update_fields": {"fields": {"support_priority": "high"}},
    "export": {"fields": ["id"], "format": "json"},
}


@pytest.mark.parametrize("kind", sorted(PERMITTED))
def test_permissions_per_role(api: Api, make_staff: Callable[..., Staff], learners: list[int], kind: str) -> None:
    for role in R:
        who = make_staff(role)
        params = dict(BODIES[kind]) | ({} if kind == "export" else {"user_ids": learners[:1]})
        response = api.call("POST", BASE, who, {"operation_type": kind, "dry_run": True, "parameters": params})
        expected = 202 if role in PERMITTED[kind] else 403
        assert response.status_code == expected, (role, kind, response.content)
    assert api.call("POST", BASE, None, {"operation_type": kind}).status_code == 401


def test_bad_input_gets_one_error_body(api: Api, make_staff: Callable[..., Staff]) -> None:
    admin = make_staff(R.PLATFORM_ADMIN)
    cases = [
        ({"operation_type": "explode"}, 422, "validation_error"),
        (
            {"operation_type": "notify", "parameters": {"user_ids": [1], "subject": "{x.__class__}", "body": "b"}},
            422,
            "invalid_bulk_parameters",
        ),
        ({"operation_type": "update_status", "parameters": {"status": "active"}}, 422, "invalid_bulk_parameters"),
        ({"operation_type": "export", "parameters": {"fields": ["password"]}}, 422, "validation_error"),
    ]
    for body, status, code in cases:
        response = api.call("POST", BASE, admin, body)
        assert (response.status_code, response.json()["error"]["code"]) == (status, code), body
    assert api.call("GET", f"{BASE}999/", admin).json()["error"]["code"] == "bulk_operation_not_found"
    assert api.call("GET", f"{BASE}?cursor=nope", admin).json()["error"]["code"] == "invalid_cursor"
    plain = api.client.post(BASE, data="x", content_type="text/plain", **admin.auth)
    assert plain.status_code == 415


@pytest.mark.parametrize("flag", ["", " ", "yes", "no", "False ", "TRUE", "1", "0", "on"])
def test_an_unclear_dry_run_flag_is_refused_never_read_as_false(
    client: Client, make_staff: Callable[..., Staff], flag: str
) -> None:
    admin = make_staff(R.PLATFORM_ADMIN)
    response = upload(client, admin, b"username,email\nflag_person,flag@example.com\n", dry_run=flag)
    assert response.status_code == 422, response.content
    body = response.json()["error"]
    assert body["code"] == "validation_error" and body["details"]["fields"][0]["loc"] == ["form", "dry_run"]
    assert not BulkOperationRow.objects.exists()


def test_dry_run_is_true_false_or_left_out(client: Client, make_staff: Callable[..., Staff]) -> None:
    admin = make_staff(R.PLATFORM_ADMIN)
    dry = upload(client, admin, b"username,email\nflag_person,flag@example.com\n", dry_run="true")
    assert dry.status_code == 202 and dry.json()["dry_run"] is True
    data = {"operation_type": "import_users", "parameters": '{"mode": "upsert"}'}
    left_out = client.post(
        BASE, data={**data, "file": SimpleUploadedFile("u.csv", b"username,email\nx1,x1@e.com\n")}, **admin.auth
    )
    assert left_out.status_code == 202 and left_out.json()["dry_run"] is False

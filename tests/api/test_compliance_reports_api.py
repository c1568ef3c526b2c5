"""Compliance reports through HTTP with real auth: a learner's data-access report lists the staff reads of their
tickets and every bulk change made to them (audit entries whose subject is the learner), with the names and e-mail
of the actor and the person on screen and in the CSV; the admin-actions report names its actors; the chain
still verifies with the new entries sealed."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command

from domain.shared.permissions import Role
from entrypoints.tasks.audit import seal_and_checkpoint

from .conftest import Api, Staff

pytestmark = pytest.mark.django_db(transaction=True)  # commits: the bulk run starts on commit (Huey immediate)
REPORTS = "/api/compliance/reports"


def rows_of(page: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(zip(page["columns"], row, strict=True)) for row in page["rows"]]


def test_a_learners_data_access_report_lists_ticket_reads_and_bulk_changes_with_names(
    api: Api, make_staff: Callable[..., Staff]
) -> None:
    support, officer = make_staff(Role.SUPPORT_ADMIN, username="desk_sam"), make_staff(Role.COMPLIANCE_OFFICER)
    body = {"username": "rl_learner", "email": "rl@example.org", "first_name": "Rosa", "last_name": "Lind"}
    uid = api.call("POST", "/api/users/profiles/", support, body).json()["id"]
    other = api.call("POST", "/api/users/profiles/", support, {"username": "other1", "email": "o1@example.org"})
    ticket = api.call("POST", "/api/support/tickets/", support, {"title": "Help", "description": "x", "user_id": uid})
    assert ticket.status_code == 201, ticket.content
    tid = ticket.json()["id"]
    assert api.call("GET", f"/api/support/tickets/{tid}/", support).status_code == 200
    params = {"user_ids": [uid, other.json()["id"]], "status": "suspended", "reason": "term ended"}
    started = api.call(
        "POST", "/api/users/bulk-operations/", support, {"operation_type": "update_status", "parameters": params}
    )
    assert started.status_code == 202, started.content

    page = api.call("GET", f"{REPORTS}/data-access?person_id={uid}", officer)
    assert page.status_code == 200, page.content
    rows = rows_of(page.json())
    read = next(r for r in rows if r["action"] == "ticket.read")
    assert (read["actor_id"], read["actor"], read["actor_email"]) == (
        str(support.user.pk),
        "desk_sam",
        "desk_sam@example.com",
    )
    assert (read["person_id"], read["person"], read["person_email"]) == (
        str(uid),
        "Rosa Lind (rl_learner)",
        "rl@example.org",
    )
    assert read["ticket_id"] == str(tid)
    logged = api.call("GET", "/api/audit/?action=ticket.read", officer).json()["items"]
    assert [(e["target_id"], e["subject_id"]) for e in logged] == [(str(tid), uid)]
    change = next(r for r in rows if r["action"] == "bulk.change")
    assert change["actor_id"] == str(support.user.pk) and change["person_id"] == str(uid)
    assert {r["person_id"] for r in rows} == {str(uid)}  # the other learner's change is in their own report only
    assert {r["action"] for r in rows} >= {"profile.create", "ticket.read", "bulk.change"}
    assert [
        r["action"]
        for r in rows_of(api.call("GET", f"{REPORTS}/data-access?person_id={uid}&action=bulk.change", officer).json())
    ] == ["bulk.change"]

    download = api.call("GET", f"{REPORTS}/data-access?person_id={uid}&format=csv", officer)
    table = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert {(r["action"], r["person"], r["person_email"]) for r in table} >= {
        ("ticket.read", "Rosa Lind (rl_learner)", "rl@example.org"),
        ("bulk.change", "Rosa Lind (rl_learner)", "rl@example.org"),
    }
    everyone = rows_of(api.call("GET", f"{REPORTS}/data-access?action=bulk.change", officer).json())
    assert sorted(r["person_id"] for r in everyone) == sorted([str(uid), str(other.json()["id"])])

    admin = rows_of(api.call("GET", f"{REPORTS}/admin-actions?actor_id={support.user.pk}", officer).json())
    assert admin and {(r["actor"], r["actor_email"]) for r in admin} == {("desk_sam", "desk_sam@example.com")}
    assert api.call("GET", f"{REPORTS}/data-access?person_id={uid}", support).status_code == 403

    seal_and_checkpoint()
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact" in out.getvalue()

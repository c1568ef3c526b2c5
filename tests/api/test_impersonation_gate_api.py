"""What an impersonation token reaches, checked against every operation of the OpenAPI document (generated from
the router table, never listed by hand): read scope refuses every unsafe method, write scope reaches the
learner-facing operations only (never passwords, sessions, staff endpoints, another impersonation), and what it
writes is flagged and audited with both identities."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User

from adapters.orm.audit.models import AuditEntry
from adapters.orm.tickets.models import SupportTicket
from domain.impersonation.access import Reach
from domain.shared.clock import FixedClock
from domain.shared.permissions import Role
from entrypoints.api import api as ninja_api
from entrypoints.api.auth import BearerAuth
from entrypoints.bootstrap import build_container, use_container

from .conftest import Api, Staff
from .test_errors_api import assert_error
from .test_impersonation_api import REASON, new_learner

UNSAFE = {"post", "put", "patch", "delete"}


def reach_by_operation() -> dict[str, Reach]:
    """The router table's word: each operation's reach for an impersonation token."""
    found: dict[str, Reach] = {}
    for bound in ninja_api._get_bound_routers():
        for view in bound.path_operations.values():
            for op in view.operations:
                bearer = [a for a in op.auth_callbacks if isinstance(a, BearerAuth)]
                found[ninja_api.get_openapi_operation_id(op)] = bearer[0].reach if bearer else Reach.NONE
    return found


def operations() -> list[tuple[str, str, str, bool]]:
    """(method, path with ids filled in, operationId, takes a token) for every operation in the document."""
    schema = ninja_api.get_openapi_schema()
    found = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            found.append((method, re.sub(r"\{[a-z_]+\}", "1", path), op["operationId"], bool(op["security"])))
    return found


REACH = reach_by_operation()
LEARNER_FACING = {op for op, reach in REACH.items() if reach is Reach.LEARNER}


def test_the_learner_facing_operations_are_these() -> None:
    """Widening what an impersonation token reaches is a decision: change this set on purpose."""
    pinned = {
        "getMe",
        "listMyTickets",
        "createMyTicket",
        "getMyTicket",
        "replyToMyTicket",
        "listMyTicketSuggestions",
        "searchArticles",
        "getArticle",
        "voteOnArticle",
        "getMyConsents",
    }
    assert set(LEARNER_FACING) == pinned
    assert {m for m, _, op, _ in operations() if op in LEARNER_FACING} == {"get", "post"}
    assert len(operations()) > 60  # the scan sees the whole document


@pytest.fixture
def session(db: None, make_staff: Callable[..., Staff], api: Api) -> Iterator[Callable[[str], tuple[Staff, int]]]:
    use_container(build_container(FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))))
    admin, approver = make_staff(Role.SUPPORT_ADMIN), make_staff(Role.PLATFORM_ADMIN)
    learner = new_learner(api, admin, "lea")

    def open_session(scope: str) -> tuple[Staff, int]:
        body = {"user_id": learner, "reason": REASON, "scope": scope}
        started = api.call("POST", "/api/users/impersonate/", admin, body).json()
        if started["status"] == "pending_approval":
            approved = api.call("POST", f"/api/users/impersonate/{started['id']}/approve", approver, {})
            assert approved.json()["status"] == "active"
        return Staff(User(), started["token"]), learner

    yield open_session
    use_container(None)


def test_read_scope_refuses_every_unsafe_operation(api: Api, session: Callable[[str], tuple[Staff, int]]) -> None:
    imp, _ = session("read")
    unsafe = [(m, p, op) for m, p, op, secured in operations() if m in UNSAFE and secured]
    assert len(unsafe) > 30
    for method, path, op in unsafe:
        answer = api.call(method, path, imp, {} if method in UNSAFE else None)
        assert answer.status_code == 403, (op, answer.content)
        assert_error(answer, 403, "impersonation_read_only")
    # the refusals are audited too, each with both identities
    refused = AuditEntry.objects.filter(action="impersonation.request_made", details__outcome="impersonation_read_only")
    assert refused.count() == len(unsafe)


def test_write_scope_reaches_learner_facing_operations_only(
    api: Api, session: Callable[[str], tuple[Staff, int]]
) -> None:
    imp, _ = session("write")
    staff_only = [(m, p, op) for m, p, op, secured in operations() if secured and op not in LEARNER_FACING]
    for method, path, op in staff_only:
        answer = api.call(method, path, imp, {} if method in UNSAFE else None)
        assert answer.status_code == 403, (op, answer.content)
        assert_error(answer, 403, "impersonation_not_allowed")
    refused = {op for _, _, op in staff_only}
    # the deny list: password, sessions, another impersonation, role and staff changes, security, audit
    assert {
        "changePassword",
        "endMySessions",
        "endMySession",
        "listMySessions",
        "logout",
        "impersonateUser",
        "approveImpersonation",
        "createStaff",
        "updateProfile",
        "resetProfilePassword",
        "listAuditEntries",
        "ingestEvents",
        "rateMyTicket",
    } <= refused


def test_writes_as_the_learner_are_flagged_and_carry_both_identities(
    api: Api, session: Callable[[str], tuple[Staff, int]]
) -> None:
    imp, learner = session("write")
    opened = api.call("POST", "/api/support/my-tickets/", imp, {"title": "Quiz", "description": "No questions shown"})
    assert opened.status_code == 201, opened.content
    ticket = SupportTicket.objects.get(pk=opened.json()["id"])
    assert ticket.user_id == learner and ticket.opened_under_impersonation
    entry = AuditEntry.objects.filter(action="ticket.create").latest("id")
    staff = AuditEntry.objects.filter(action="impersonation.request").latest("id").actor_id  # who asked
    assert (entry.actor_id, entry.on_behalf_of) == (staff, learner)

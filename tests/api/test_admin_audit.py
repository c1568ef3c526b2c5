"""Django's admin site is audited as the API is: sign-ins (refused ones too) and sign-outs with the client's address,
a person's record read, a change list with the people it showed, an edit with its fields before and after and never
a secret; what the API owns is read-only there."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from adapters.orm.accounts.models import UserProfile
from adapters.orm.audit.models import AuditEntry
from adapters.orm.identity.models import ApiToken
from adapters.orm.tickets.models import Team, TeamMember
from domain.shared.clock import FixedClock
from domain.shared.permissions import Role

from .conftest import PASSWORD, Api, Staff
from .mfa_support import clock, code, enrol, token_of

pytestmark = pytest.mark.django_db
__all__ = ["clock"]
IP = "203.0.113.5"


def sign_in(client: Client, username: str, password: str = PASSWORD, otp: str = "") -> Any:
    body = {"username": username, "password": password, "otp_code": otp, "next": "/admin/"}
    return client.post("/admin/login/", body, REMOTE_ADDR=IP)


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def superuser(username: str = "root") -> User:
    return User.objects.create_superuser(username, f"{username}@example.com", PASSWORD)


@pytest.fixture
def root_browser() -> tuple[User, Client]:
    """A superuser signed in through the admin's own login form (no MFA required by the test settings)."""
    root, browser = superuser(), Client()
    assert sign_in(browser, "root").status_code == 302
    return root, browser


@pytest.fixture
def learner(api: Api, make_staff: Callable[..., Staff]) -> int:
    admin = make_staff(Role.PLATFORM_ADMIN, username="seed_admin")
    body = {"username": "lea_learner", "email": "lea@example.com", "first_name": "Lea", "last_name": "Ng"}
    response = api.call("POST", "/api/users/profiles/", admin, body)
    assert response.status_code == 201, response.content
    return int(response.json()["id"])


def test_sign_ins_refusals_and_sign_outs_are_audited_with_the_address() -> None:
    root, browser = superuser(), Client()
    assert sign_in(browser, "root", password="not-the-password").status_code == 200
    assert sign_in(browser, "nobody-here").status_code == 200
    wrong, unknown = entries("admin.login_failed")
    assert (wrong.target_type, wrong.target_id, wrong.ip, wrong.actor_id) == ("user", str(root.pk), IP, None)
    assert wrong.details == {"reason": "invalid_login"}  # the account is named by id, never by what was typed
    assert (unknown.target_id, unknown.details) == ("", {"reason": "invalid_login", "username": "nobody-here"})
    assert sign_in(browser, "root").status_code == 302
    [signed_in] = entries("admin.login")
    assert (signed_in.actor_id, signed_in.target_id, signed_in.ip) == (root.pk, str(root.pk), IP)
    assert browser.post("/admin/logout/", REMOTE_ADDR=IP).status_code == 200
    [signed_out] = entries("admin.logout")
    assert (signed_out.actor_id, signed_out.ip) == (root.pk, IP)
    assert not any("not-the-password" in json.dumps(e.details) for e in AuditEntry.objects.all())


def test_the_admin_login_is_throttled_like_the_api_login() -> None:
    superuser()
    browser = Client()
    for _ in range(5):
        assert sign_in(browser, "root", password="not-the-password").status_code == 200
    held = sign_in(browser, "root")
    assert held.status_code == 200 and "Too many failed sign-ins" in held.content.decode()
    assert "_auth_user_id" not in browser.session
    assert entries("admin.login_failed")[-1].details["reason"] == "login_throttled" and not entries("admin.login")
    api = Client().post(
        "/api/auth/login", {"username": "root", "password": PASSWORD}, "application/json", REMOTE_ADDR=IP
    )
    assert api.status_code == 429  # one tally for both doors


def test_a_refused_and_an_accepted_mfa_code_are_audited(client: Client, clock: FixedClock) -> None:
    root = superuser()
    secret, _ = enrol(client, token_of(client, "root"), clock)
    browser = Client()
    assert sign_in(browser, "root", otp="000000").status_code == 200
    [refused] = entries("admin.login_failed")
    assert refused.target_id == str(root.pk) and refused.details["reason"] != "invalid_login"
    assert "000000" not in json.dumps(refused.details)
    clock.advance(seconds=1)
    assert sign_in(browser, "root", otp=code(secret, clock)).status_code == 302
    assert [e.actor_id for e in entries("admin.login")] == [root.pk]


def test_opening_a_learners_page_writes_a_read_naming_them(root_browser: tuple[User, Client], learner: int) -> None:
    root, browser = root_browser
    page = browser.get(f"/admin/accounts/userprofile/{learner}/change/")
    assert page.status_code == 200
    [read] = entries("admin.read")
    assert (read.actor_id, read.target_type, read.target_id, read.ip) == (root.pk, "user", str(learner), "127.0.0.1")
    assert read.details == {"model": "accounts.userprofile", "object_id": str(learner), "page": "change"}
    account = browser.get(f"/admin/auth/user/{learner}/change/")
    assert account.status_code == 200 and "pbkdf2" not in account.content.decode()  # no password hash shown
    assert browser.get(f"/admin/accounts/userprofile/{learner}/history/").status_code == 200
    assert [e.target_id for e in entries("admin.read")] == [str(learner)] * 3
    assert entries("admin.read")[-1].details["page"] == "history"


def test_a_change_list_names_the_people_it_showed_and_the_query(
    root_browser: tuple[User, Client], learner: int
) -> None:
    root, browser = root_browser
    assert browser.get("/admin/accounts/userprofile/", {"q": "lea_learner"}).status_code == 200
    [listed] = entries("admin.list")
    assert (listed.actor_id, listed.target_type) == (root.pk, "accounts.userprofile")
    assert listed.details["people"] == [learner] and listed.details["objects"] == [str(learner)]
    assert listed.details["query"] == {"q": ["lea_learner"]}


def test_an_edit_records_before_and_after_without_secrets(root_browser: tuple[User, Client], learner: int) -> None:
    root, browser = root_browser
    agent = User.objects.get(pk=learner)
    hashed = agent.password
    team = Team.objects.create(code="t1", name="Tier 1")
    member = TeamMember.objects.create(user=agent, team=team, available=True, is_escalation=False)
    form = {"user": agent.pk, "team": team.pk, "is_escalation": "on"}
    response = browser.post(f"/admin/support/teammember/{member.pk}/change/", form, REMOTE_ADDR=IP)
    assert response.status_code == 302, response.content[:2000]
    [changed] = entries("admin.change")
    assert (changed.actor_id, changed.target_type, changed.target_id, changed.ip) == (
        root.pk,
        "user",
        str(agent.pk),
        IP,
    )
    assert changed.details["before"] == {"is_escalation": False} and changed.details["after"] == {"is_escalation": True}
    group = Group.objects.create(name=Role.SUPPORT_AGENT.value)
    roles = {"is_active": "on", "is_staff": "on", "groups": [group.pk], "password": "smuggled-new-password"}
    assert browser.post(f"/admin/auth/user/{agent.pk}/change/", roles).status_code == 302
    _, granted = entries("admin.change")
    assert granted.details["before"] == {"is_staff": False, "groups": []}
    assert granted.details["after"] == {"is_staff": True, "groups": [group.pk]}
    assert browser.get(f"/admin/support/teammember/{member.pk}/delete/").status_code == 200
    assert browser.post(f"/admin/support/teammember/{member.pk}/delete/", {"post": "yes"}).status_code == 302
    assert [e.details["page"] for e in entries("admin.read")] == ["delete"]
    [deleted] = entries("admin.delete")
    assert (deleted.target_id, deleted.details) == (
        str(agent.pk),
        {"model": "support.teammember", "object_id": str(member.pk)},
    )
    agent.refresh_from_db()
    assert agent.password == hashed and not agent.check_password("smuggled-new-password")  # not a field here
    stored = json.dumps([e.details for e in AuditEntry.objects.all()])
    assert hashed not in stored and "smuggled" not in stored and "pbkdf2" not in stored


def test_what_the_api_owns_refuses_a_change(root_browser: tuple[User, Client], learner: int) -> None:
    _, browser = root_browser
    form = {"account_status": "suspended", "support_priority": "urgent", "marketing_consent": "on"}
    assert browser.post(f"/admin/accounts/userprofile/{learner}/change/", form).status_code == 403
    profile = UserProfile.objects.get(pk=learner)
    assert (profile.account_status, profile.support_priority) == ("active", "normal")
    token = ApiToken.objects.filter(user_id=learner).first() or ApiToken.objects.first()
    assert token is not None
    assert browser.post(f"/admin/identity/apitoken/{token.pk}/change/", {"revoked_at_0": ""}).status_code == 403
    assert browser.post(f"/admin/auth/user/{learner}/delete/", {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=learner).exists() and not entries("admin.change") and not entries("admin.delete")

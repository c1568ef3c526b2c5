"""The password policy over HTTP: described for front ends, applied to staff creation, never echoed."""

from __future__ import annotations

from typing import Any

from domain.shared.permissions import Role
from tests.api.conftest import Api, login
from tests.api.test_errors_api import assert_error


def wide(text: str) -> str:
    """The same letters, full-width (NFKC folds them back)."""
    return "".join(chr(ord(c) + 0xFEE0) for c in text)


def test_the_policy_is_public_and_describes_the_rules(api: Api, db: None) -> None:
    res = api.call("GET", "/api/security/password-policy")
    assert res.status_code == 200
    body = res.json()
    assert body["min_length"] == 15 and body["min_length_with_mfa"] == 8 and body["max_length"] == 128
    assert body["blocklist_size"] > 19_000 and body["history"] == 5 and body["normalisation"] == "NFKC"
    assert set(body["rules"]) >= {"too_short", "too_long", "common", "contains_personal_info", "recently_used"}


def test_staff_creation_refuses_each_rule_with_its_reason(api: Api, make_staff: Any, client: Any) -> None:
    admin = make_staff(Role.PLATFORM_ADMIN)

    def create(password: str, username: str = "new_agent") -> Any:
        body = {"username": username, "email": "sam.jones@example.com", "password": password, "role": "support_agent"}
        return api.call("POST", "/api/staff/", admin, body)

    for password, reason in [
        ("fourteen chars", "too_short"),
        ("x" * 129, "too_long"),
        ("the new_agent passphrase", "contains_personal_info"),
        ("hello sam.jones my friend", "contains_personal_info"),
    ]:
        err = assert_error(create(password), 422, "weak_password")
        assert err["details"]["reasons"] == [reason] and password not in str(err)
    assert create(wide("full") + "-width staff passphrase").status_code == 201
    assert login(client, "new_agent", "full-width staff passphrase").status_code == 200

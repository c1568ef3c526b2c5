"""Django's own password forms (createsuperuser, the admin) apply the domain policy, and only it."""

from __future__ import annotations

import gzip
from typing import Any

import pytest
from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError


def test_django_validates_with_the_domain_policy(settings: Any, tmp_path: Any) -> None:
    user = User(username="marie", email="mcurie@lab.example", first_name="Marie", last_name="Curie")
    password_validation.validate_password("a long enough passphrase", user)
    for password, reason in [
        ("fourteen chars", "too_short"),
        ("curie loves long passphrases", "contains_personal_info"),
        ("x" * 129, "too_long"),
    ]:
        with pytest.raises(ValidationError) as refused:
            password_validation.validate_password(password, user)
        assert refused.value.messages == [f"The password fails the password policy: {reason}."]
        assert password not in str(refused.value)
    blocklist = tmp_path / "breached.txt"
    blocklist.write_text("a long enough passphrase\n")
    settings.PASSWORD_BLOCKLIST_FILE = str(blocklist)
    settings.PASSWORD_MIN_LENGTH = 20
    with pytest.raises(ValidationError) as refused:
        password_validation.validate_password("a long enough passphrase", user)
    assert refused.value.messages == ["The password fails the password policy: common."]
    with pytest.raises(ValidationError):
        password_validation.validate_password("nineteen characters", user)
    assert "password-policy" in password_validation.password_validators_help_texts()[0]


def test_a_blocklist_file_is_read_once(settings: Any, tmp_path: Any) -> None:
    from adapters.passwords import password_rules

    path = tmp_path / "list.txt.gz"

    path.write_bytes(gzip.compress(b"first entry of the list\n"))
    settings.PASSWORD_BLOCKLIST_FILE = str(path)
    first = password_rules()[1]
    assert first.contains("first entry of the list") and first.size() == 1
    path.write_bytes(gzip.compress(b"another\n"))
    assert password_rules()[1] is first and first.contains("first entry of the list")  # until a restart

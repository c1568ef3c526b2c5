"""The password policy: Django's validators as AUTH_PASSWORD_VALIDATORS configures them (the admin and
createsuperuser apply the same list). Both identity directories, the Django one and the in-memory one, ask this
one function, so the harness refuses exactly the passwords production refuses, with the same words."""

from __future__ import annotations

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError


def password_problems(password: str, username: str, email: str) -> list[str]:
    """Why the policy refuses the password for this person (empty when it accepts it)."""
    try:
        password_validation.validate_password(password, get_user_model()(username=username, email=email))
    except ValidationError as exc:
        return list(exc.messages)
    return []

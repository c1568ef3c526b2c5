"""The password blocklist: a file of one password a line (gzip or plain text), read once, on first use.

By default Django's list of 20,000 common passwords (django/contrib/auth/common-passwords.txt.gz); a bigger list
(breached passwords) through PASSWORD_BLOCKLIST_FILE. The rule that uses it is the domain's
(domain.identity.password_policy): the harness and production apply the same one."""

from __future__ import annotations

import gzip
import importlib.util
import threading
import unicodedata
from functools import cache
from pathlib import Path

from domain.identity.password_policy import PasswordPolicy


def django_common_passwords() -> Path:
    """Found without importing Django (the in-memory harness needs no settings)."""
    spec = importlib.util.find_spec("django")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "contrib" / "auth" / "common-passwords.txt.gz"


class FileBlocklist:
    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else django_common_passwords()
        self._entries: frozenset[str] | None = None
        self._lock = threading.Lock()

    def _load(self) -> frozenset[str]:
        if self._entries is None:
            with self._lock:
                if self._entries is None:
                    raw = self.path.read_bytes()
                    if raw[:2] == b"\x1f\x8b":
                        raw = gzip.decompress(raw)
                    lines = raw.decode("utf-8", errors="ignore").splitlines()
                    self._entries = frozenset(
                        unicodedata.normalize("NFKC", line).casefold().strip() for line in lines if line.strip()
                    )
        return self._entries

    def contains(self, folded: str) -> bool:
        return folded in self._load()

    def size(self) -> int:
        return len(self._load())


@cache
def blocklist_at(path: str = "") -> FileBlocklist:
    """One list per file in the process, loaded once however many containers and validators ask for it."""
    return FileBlocklist(path or None)


def default_blocklist() -> FileBlocklist:
    """Django's list, shared by every harness in the process."""
    return blocklist_at("")


def password_rules() -> tuple[PasswordPolicy, FileBlocklist]:
    """PASSWORD_MIN_LENGTH(_WITH_MFA) and PASSWORD_BLOCKLIST_FILE (Django's common passwords when unset)."""
    from django.conf import settings

    policy = PasswordPolicy(settings.PASSWORD_MIN_LENGTH, settings.PASSWORD_MIN_LENGTH_WITH_MFA)
    return policy, blocklist_at(settings.PASSWORD_BLOCKLIST_FILE)


class PolicyValidator:
    """The domain policy as a Django password validator (AUTH_PASSWORD_VALIDATORS): createsuperuser and the admin
    refuse what the API refuses."""

    def validate(self, password: str, user: object = None) -> None:
        from django.core.exceptions import ValidationError

        from domain.identity.password_policy import Holder

        policy, blocklist = password_rules()
        holder = Holder(
            str(getattr(user, "username", "") or ""),
            str(getattr(user, "email", "") or ""),
            f"{getattr(user, 'first_name', '') or ''} {getattr(user, 'last_name', '') or ''}".strip(),
            has_mfa=_has_mfa(getattr(user, "pk", None)),
        )
        reasons = policy.problems(password, holder, blocklist)
        if reasons:
            raise ValidationError(
                [f"The password fails the password policy: {r.value}." for r in reasons], code="weak_password"
            )

    def get_help_text(self) -> str:
        return "See GET /api/security/password-policy."


def _has_mfa(user_id: object) -> bool:
    """Whether an existing account has confirmed MFA (the policy's lower minimum); a new one has none."""
    if not isinstance(user_id, int):
        return False
    from adapters.orm.security.models import MfaDevice

    return MfaDevice.objects.filter(user_id=user_id, confirmed_at__isnull=False).exists()

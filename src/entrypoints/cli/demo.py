"""Demo staff accounts for `make run`: one per role, sharing one password."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from domain.shared.permissions import STAFF_ROLES
from domain.shared.principal import SYSTEM
from entrypoints.bootstrap import container

SUPERUSER = "admin"


def demo_password() -> str:
    """DEMO_PASSWORD, else the one generated on the first run (kept under var/, mode 0600)."""
    if os.environ.get("DEMO_PASSWORD"):
        return os.environ["DEMO_PASSWORD"]
    path = Path(settings.VAR_DIR) / "demo-password.txt"
    if path.exists():
        return path.read_text().strip()
    password = "demo-" + secrets.token_urlsafe(12)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password)
    path.chmod(0o600)
    return password


def ensure_staff(password: str) -> list[str]:
    """Create the demo staff that do not exist yet; the usernames that exist afterwards."""
    users = get_user_model().objects
    names = []
    for role in STAFF_ROLES:
        username = f"demo_{role.value}"
        if not users.filter(username=username).exists():
            container().staff.create_staff(SYSTEM, username, f"{username}@example.com", password, role)
        names.append(username)
    if not users.filter(username=SUPERUSER).exists():
        users.create_superuser(SUPERUSER, "admin@example.com", password)
    names.append(SUPERUSER)
    return names

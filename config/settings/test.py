"""Test settings: Huey in immediate mode (set explicitly), fast password hashing, in-memory mail."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("VAR_DIR", str(Path(tempfile.gettempdir()) / "user-support-test-var"))
os.environ["HUEY_IMMEDIATE"] = "true"

from .base import *  # noqa: F403

HUEY["immediate"] = True  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if not DATABASE_URL:  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": None}  # noqa: F405  (in-memory)

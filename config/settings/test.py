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
# Login tallies in the database, which rolls back with each test: in Redis they would carry over from one test to
# the next. The Redis store passes the same contract suite on its own (tests/contracts/test_throttle_store.py).
LOGIN_THROTTLE_REDIS = False
ANALYTICS_STALE_SECONDS = 0.0  # a read after ingestion sees it at once
POLICIES_MAX_AGE_SECONDS = 0.0  # each test rolls its policies back: no copy may outlive it
if not DATABASE_URL:  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": None}  # noqa: F405  (in-memory)

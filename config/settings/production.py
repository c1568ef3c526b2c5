"""Hardened settings. Refuses to start without what a deployment needs (listed all at once), or with DEBUG on."""

from __future__ import annotations

import os
import re

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_JSON", "true")

REQUIRED = {
    "SECRET_KEY": "signs sessions and CSRF tokens (50+ random characters)",
    "ALLOWED_HOSTS": "the host names the service answers to",
    "DATABASE_URL": "PostgreSQL, e.g. postgres://app:secret@db:5432/app",
    "REDIS_URL": "Redis for the task queue and the event fan-out, e.g. redis://redis:6379/0",
    "AUDIT_CHAIN_KEY": "the audit trail's HMAC key (32+ random characters; keep it out of the database)",
    "FILES_ENCRYPTION_KEYS": "the keys bulk and privacy files are encrypted with (64 hex characters each)",
}
missing = [f"{name} ({why})" for name, why in REQUIRED.items() if not os.environ.get(name, "").strip()]
if missing:
    raise ImproperlyConfigured("Production settings need: " + "; ".join(missing))
if len(os.environ["AUDIT_CHAIN_KEY"].strip()) < 32:
    raise ImproperlyConfigured("AUDIT_CHAIN_KEY must be at least 32 characters")
if not all(re.fullmatch(r"[0-9a-fA-F]{64}", k.strip()) for k in os.environ["FILES_ENCRYPTION_KEYS"].split(",")):
    raise ImproperlyConfigured("FILES_ENCRYPTION_KEYS must be keys of 64 hex characters, comma-separated")

# Nothing from src/ before base: base puts src/ on the path, whoever imports these settings (uvicorn, gunicorn).
from .base import *  # noqa: E402, F403
from .base import env_bool, env_list  # noqa: E402

if DEBUG:  # noqa: F405
    raise ImproperlyConfigured("DEBUG must be off in production")


def human_staff_roles() -> str:
    from domain.shared.permissions import Role  # src/ is on the path once base is loaded

    return ",".join(r.value for r in Role if r not in (Role.LEARNER, Role.SERVICE))


# Every human staff role must have MFA (`service` accounts are machines pushing data in: they cannot type a code;
# name it in MFA_REQUIRED_ROLES to require it of them too). MFA_REQUIRED_ROLES, when set, replaces this list.
MFA_REQUIRED_ROLES = env_list("MFA_REQUIRED_ROLES", human_staff_roles())

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Plain HTTP stays for the container's own health check and for Prometheus scraping the workers directly on the
# private network (docs/monitoring.md; /metrics wants METRICS_TOKEN or METRICS_PUBLIC either way).
SECURE_REDIRECT_EXEMPT = [r"^api/health$", r"^metrics$"]

# /metrics fails closed: without METRICS_TOKEN it answers 404 unless METRICS_PUBLIC=true (a private scrape network)
METRICS_PUBLIC = env_bool("METRICS_PUBLIC", False)

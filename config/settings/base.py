"""Settings for every environment, read from the environment with safe embedded defaults.

Nothing here needs an environment variable: a newcomer, mypy's Django plugin and the test run
all load this module as it is. `DATABASE_URL` and `REDIS_URL` switch to PostgreSQL and Redis.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import time, timedelta
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
import django_stubs_ext

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SRC_DIR = BASE_DIR / "src"
if str(SRC_DIR) not in sys.path:
    sys.path.insert(0, str(SRC_DIR))

from domain.shared.permissions import Role  # noqa: E402  (src is on the path now)
from domain.tickets.sla import BusinessHours, SlaPolicy  # noqa: E402
from entrypoints.client_ip import validate_access_settings  # noqa: E402

VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "huey.contrib.djhuey",
    "django_eventstream",
    "adapters.eventstream",
    "adapters.orm.identity",
    "adapters.orm.audit",
    "adapters.orm.outbox",
    "adapters.orm.accounts",
    "adapters.orm.knowledge",
    "adapters.orm.tickets",
    "adapters.orm.security",
    "adapters.orm.impersonation",
    "adapters.orm.monitoring",
    "adapters.orm.bulk",
    "adapters.orm.privacy",
    "adapters.orm.analytics",
    "adapters.orm.views",
    "adapters.orm.policies",
    "adapters.orm.notifications",
    "entrypoints.cli",
]

# The product's ASGI handler (entrypoints/asgi.py) builds this chain sync, so it and the view run in one thread
# hop. Django's own entries keep their own dotted paths: `check --deploy` looks for them by name.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "entrypoints.api.security_headers.ContentSecurityPolicyMiddleware",
    "entrypoints.console.assets.ConsoleWhiteNoiseMiddleware",  # WhiteNoise, plus the console's hashed assets
    "entrypoints.api.middleware.RequestContextMiddleware",
    "entrypoints.api.read_your_writes.ReadYourWritesMiddleware",  # reads on the primary right after a write
    "entrypoints.api.metrics.MetricsMiddleware",
    "entrypoints.api.errors.ApiErrorShapeMiddleware",
    "entrypoints.api.impersonation.middleware.ImpersonationAuditMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "entrypoints.admin_network.AdminNetworkMiddleware",  # staff network allowlists on the admin site
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DB_POOL", True):
        # under ASGI persistent connections do not carry over between requests: psycopg's pool does
        DATABASES["default"]["OPTIONS"] = {
            "pool": {
                "min_size": int(os.environ.get("DB_POOL_MIN", "2")),
                "max_size": int(os.environ.get("DB_POOL_MAX", "10")),
            }
        }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "db.sqlite3"),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
        }
    }
# Streaming replicas for searches, profile reads and analytics (adapters/orm/replicas): aliases replica_1, ...
DATABASE_REPLICA_URLS = env_list("DATABASE_REPLICA_URLS", "")
DATABASE_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("DATABASE_REPLICA_MAX_LAG_SECONDS", "5"))
DATABASE_REPLICA_CHECK_SECONDS = float(os.environ.get("DATABASE_REPLICA_CHECK_SECONDS", "2"))
DATABASE_REPLICAS: tuple[str, ...] = ()
if DATABASE_URL and DATABASE_REPLICA_URLS:
    for number, url in enumerate(DATABASE_REPLICA_URLS, start=1):
        replica = dj_database_url.parse(url)
        if "OPTIONS" in DATABASES["default"]:  # the same pool, but a dead replica must not hold a request 30 s
            replica["OPTIONS"] = {"pool": {**DATABASES["default"]["OPTIONS"]["pool"], "timeout": 2}}
        replica["TEST"] = {"MIRROR": "default"}  # a test reads the test database's replicated copy
        DATABASES[f"replica_{number}"] = replica
    DATABASE_REPLICAS = tuple(f"replica_{n}" for n in range(1, len(DATABASE_REPLICA_URLS) + 1))
DATABASE_ROUTERS = ["adapters.replicas.routing.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 first: PBKDF2 costs about 0.4 s a login on this kind of machine.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# The password policy (NIST SP 800-63B-4, domain.identity.password_policy): at least PASSWORD_MIN_LENGTH characters
# for an account without a second factor, PASSWORD_MIN_LENGTH_WITH_MFA with one, at most 128; refused when on the
# blocklist (Django's 20,000 common passwords, or the file PASSWORD_BLOCKLIST_FILE names: one a line, plain or
# gzip) or containing the username, e-mail or name. Django's own forms (createsuperuser, the admin) apply it too.
PASSWORD_MIN_LENGTH = int(os.environ.get("PASSWORD_MIN_LENGTH", "15"))
PASSWORD_MIN_LENGTH_WITH_MFA = int(os.environ.get("PASSWORD_MIN_LENGTH_WITH_MFA", "8"))
PASSWORD_BLOCKLIST_FILE = os.environ.get("PASSWORD_BLOCKLIST_FILE", "")
# The front-end page a password reset e-mail links to, with ?token=...; it sends the token and the new password to
# POST /api/auth/password-reset/confirm. A link works once, for one hour.
PASSWORD_RESET_URL = os.environ.get("PASSWORD_RESET_URL", "http://localhost:8000/reset-password")
# Reset links per address (the login typed, and the account it names) and requests per client network, per window.
PASSWORD_RESET_MAX_PER_ADDRESS = int(os.environ.get("PASSWORD_RESET_MAX_PER_ADDRESS", "3"))
PASSWORD_RESET_MAX_PER_NETWORK = int(os.environ.get("PASSWORD_RESET_MAX_PER_NETWORK", "20"))
PASSWORD_RESET_WINDOW = timedelta(minutes=float(os.environ.get("PASSWORD_RESET_WINDOW_MINUTES", "60")))
AUTH_PASSWORD_VALIDATORS = [{"NAME": "adapters.passwords.PolicyValidator"}]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
# Learner analytics count days and hours in the platform's own time zone (an IANA name): a learner active at 23:30
# local time counts on that local day. Changing it needs `manage.py rebuild_rollups`.
ANALYTICS_TIMEZONE = os.environ.get("ANALYTICS_TIMEZONE", "UTC")
# How long an analytics answer is reused for the same query, per web process (seconds).
ANALYTICS_CACHE_SECONDS = float(os.environ.get("ANALYTICS_CACHE_SECONDS", "60"))
# How long a day changed by ingestion may wait for the analytics.refresh task (every minute) before a read
# re-summarizes it itself (seconds; 0: every read does, as the tests want).
ANALYTICS_STALE_SECONDS = float(os.environ.get("ANALYTICS_STALE_SECONDS", "90"))
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG  # serve straight from the apps in development, no collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# The staff console's build (console/: `make run` builds it when Node.js 20+ is installed): served at /console/.
CONSOLE_DIST = BASE_DIR / "console" / "dist"

# threads per web process that run requests (see entrypoints/asgi.py); keep DB_POOL_MAX a little above it.
# Two per process keeps requests nearly first-come first-served: with six, the threads shared the GIL and a
# saturated server's p95 grew by a fifth (bench/load.py, docs/benchmarks.md). Raise it if views wait on slow I/O.
WEB_THREADS = int(os.environ.get("WEB_THREADS", "2"))

DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("MAX_REQUEST_BYTES", str(8 * 1024 * 1024)))

# --- Audit chain ------------------------------------------------------------------------------
# Entries are MAC'd with HMAC-SHA256 under AUDIT_CHAIN_KEY (id AUDIT_CHAIN_KEY_ID). To rotate: set a new key and
# id, and keep the old one in AUDIT_CHAIN_RETIRED_KEYS ("id:key,id:key") so that older entries still verify.
# Without a key (development only; production refuses) a fixed, public development key is used.
DEV_AUDIT_KEY = "development-audit-key-not-secret-0123456789"
AUDIT_CHAIN_KEY = os.environ.get("AUDIT_CHAIN_KEY", "")
AUDIT_CHAIN_KEY_ID = os.environ.get("AUDIT_CHAIN_KEY_ID", "k1" if AUDIT_CHAIN_KEY else "dev")
AUDIT_CHAIN_KEYS: dict[str, bytes] = {
    kid.strip(): key.strip().encode()
    for kid, _, key in (item.partition(":") for item in env_list("AUDIT_CHAIN_RETIRED_KEYS", ""))
}
AUDIT_CHAIN_KEYS[AUDIT_CHAIN_KEY_ID] = (AUDIT_CHAIN_KEY or DEV_AUDIT_KEY).encode()
AUDIT_SEAL_INTERVAL = float(os.environ.get("AUDIT_SEAL_INTERVAL", "1"))  # seconds between seals in run_worker
AUDIT_SEAL_GRACE = timedelta(seconds=float(os.environ.get("AUDIT_SEAL_GRACE", "120")))  # verify_audit: overdue after
AUDIT_CHECKPOINT_EVERY = timedelta(seconds=float(os.environ.get("AUDIT_CHECKPOINT_SECONDS", "60")))

# --- Sessions (bearer tokens and browser sessions alike) ------------------------------------------
# A session unused for SESSION_IDLE_MINUTES is over, and none outlives SESSION_ABSOLUTE_HOURS, used or not.
# API_TOKEN_TTL_HOURS is the absolute lifetime's older name, still read when SESSION_ABSOLUTE_HOURS is unset.
SESSION_IDLE = timedelta(minutes=float(os.environ.get("SESSION_IDLE_MINUTES", "120")))
SESSION_ABSOLUTE = timedelta(
    hours=float(os.environ.get("SESSION_ABSOLUTE_HOURS") or os.environ.get("API_TOKEN_TTL_HOURS") or "12")
)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE.total_seconds())  # the browser's cookie lives no longer either
# The browser session (POST /api/auth/browser/login): never readable by scripts, not sent on cross-site requests
# other than top-level navigations; Secure in production (config/settings/production.py).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# /api/docs and /api/openapi.json: public in development; in production only for staff unless this is true
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", DEBUG)

# --- Account security ---------------------------------------------------------------------------
# High and critical security events are e-mailed here (comma-separated); unset: to every active support_admin and
# platform_admin with an e-mail address. At most one alert per rule and person (or network) every 30 minutes.
SECURITY_ALERT_EMAILS = env_list("SECURITY_ALERT_EMAILS", "")

# Live monitoring (docs/monitoring.md). Alerts of the detection rules are e-mailed here (comma-separated), at most
# once per rule and subject every 30 minutes; unset: stored and published on the `monitoring` channel only.
MONITORING_ALERT_EMAILS = env_list("MONITORING_ALERT_EMAILS", "")
MONITORING_REPLAY_DAYS = int(os.environ.get("MONITORING_REPLAY_DAYS", "14"))  # session replays kept this long
# the users_affected alert: one error group reaching this many distinct learners within this many minutes
MONITORING_ALERT_USERS = max(1, int(os.environ.get("MONITORING_ALERT_USERS", "10")))
MONITORING_ALERT_USERS_MINUTES = max(1, int(os.environ.get("MONITORING_ALERT_USERS_MINUTES", "60")))
# GET /metrics answers only with `Authorization: Bearer <METRICS_TOKEN>` when set; without a token production answers
# 404 unless METRICS_PUBLIC is true (the scraper reaches it over a private network only).
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_PUBLIC = env_bool("METRICS_PUBLIC", True)
# prometheus_client's multi-process mode: a directory every web process writes its metric files to (cleared by the
# web launcher at start). Unset: this process's own figures only.
PROMETHEUS_MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
# Failed logins in a row after which an account is refused from every network until its owner uses the e-mailed
# unblock link, an admin unblocks it, or 12 h pass without a failure (NIST SP 800-63B: at most 100).
LOGIN_ACCOUNT_MAX_FAILURES = int(os.environ.get("LOGIN_ACCOUNT_MAX_FAILURES", "100"))
# The page the unblock e-mail links to, with ?token=...; it sends the token to POST /api/auth/login/unblock.
LOGIN_UNBLOCK_URL = os.environ.get("LOGIN_UNBLOCK_URL", "http://localhost:8000/unblock-login")
# MFA (TOTP, docs/security.md). The roles whose holders must have MFA, comma-separated: a staff member holding one
# and without MFA signs in to a session that can only enrol. None by default (development: `make run`); the
# production settings require it of every human staff role unless this is set.
MFA_REQUIRED_ROLES = env_list("MFA_REQUIRED_ROLES", "")
_unknown_roles = sorted(set(MFA_REQUIRED_ROLES) - {r.value for r in Role})
if _unknown_roles:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"MFA_REQUIRED_ROLES names unknown roles: {', '.join(_unknown_roles)}")
# The Fernet key(s) TOTP secrets are encrypted with at rest, comma-separated (the first encrypts, each decrypts: put a
# new one first to rotate). Unset: a key derived from SECRET_KEY, so changing SECRET_KEY then makes every enrolled
# authenticator unreadable (everyone would need an MFA reset): set it in production. Make one with
# python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
MFA_ENCRYPTION_KEY = os.environ.get("MFA_ENCRYPTION_KEY", "")
# The issuer authenticator apps show next to the account (the username).
MFA_ISSUER = os.environ.get("MFA_ISSUER", "E-learning support")
# Login throttle tallies are kept in the database, or in Redis (under this key prefix) when REDIS_URL is set.
LOGIN_THROTTLE_NAMESPACE = os.environ.get("HUEY_NAME", "user-support") + ":throttle:"
# A staff member reading more than this many distinct people's data (profiles, activity, a ticket's learner context,
# security timelines) within 10 minutes raises a high `mass_profile_access` event (evaluated every minute).
MASS_ACCESS_PROFILES = int(os.environ.get("MASS_ACCESS_PROFILES", "200"))

# --- Impersonation -------------------------------------------------------------------------------
# E-mail the learner when a staff member starts acting as them (who, when, why, for how long): docs/impersonation.md.
IMPERSONATION_NOTIFY_USER = env_bool("IMPERSONATION_NOTIFY_USER", True)

# --- Redis, tasks and events -------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
LOGIN_THROTTLE_REDIS = bool(REDIS_URL)  # where login tallies live (the test settings keep them in the database)

HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", False)
if REDIS_URL:
    import redis as _redis_lib
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    HUEY = {
        "name": os.environ.get("HUEY_NAME", "user-support"),
        "huey_class": "huey.RedisHuey",
        # short connect timeout, no retries: with Redis down an enqueue fails fast and the periodic sweeps catch up
        "connection_pool": _redis_lib.ConnectionPool.from_url(
            REDIS_URL,
            socket_connect_timeout=0.5,
            socket_timeout=5,
            retry=Retry(NoBackoff(), 0),
            health_check_interval=30,
        ),
        "results": False,  # nothing reads task results: do not let them pile up in Redis
        "immediate": HUEY_IMMEDIATE,
        "utc": True,
        "consumer": {"workers": int(os.environ.get("HUEY_WORKERS", "4")), "worker_type": "thread"},
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    HUEY = {
        "name": os.environ.get("HUEY_NAME", "user-support"),
        "huey_class": "huey.SqliteHuey",
        "filename": os.environ.get("HUEY_SQLITE_PATH", str(VAR_DIR / "huey.sqlite3")),
        "results": False,
        "immediate": HUEY_IMMEDIATE,
        "utc": True,
        "consumer": {"workers": int(os.environ.get("HUEY_WORKERS", "2")), "worker_type": "thread"},
    }

EVENTSTREAM_CHANNELMANAGER_CLASS = "entrypoints.sse.channels.PermissionChannelManager"
EVENTSTREAM_STORAGE_CLASS = "adapters.eventstream.storage.OutboxEventStorage"  # replay with Last-Event-ID
EVENT_REPLAY_WINDOW = timedelta(minutes=float(os.environ.get("EVENT_REPLAY_MINUTES", "60")))
EVENT_PUBLISH_TIMEOUT = float(os.environ.get("EVENT_PUBLISH_TIMEOUT", "0.1"))  # seconds, per Redis publish
EVENT_PUBLISH_COOL_OFF = 2.0  # seconds every publish fails at once after a Redis failure
# Without Redis a web process reads the events other processes (the worker) stored this often, while a stream is open
EVENT_POLL_SECONDS = max(0.05, float(os.environ.get("EVENT_POLL_SECONDS", "0.25")))
if REDIS_URL:
    _redis = urlparse(REDIS_URL)
    EVENTSTREAM_REDIS = {
        "host": _redis.hostname or "127.0.0.1",
        "port": _redis.port or 6379,
        "db": int((_redis.path or "/0").lstrip("/") or 0),
        "password": _redis.password,
    }

OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "12"))


# --- Support desk --------------------------------------------------------------------------------
def _sla_policy() -> SlaPolicy:
    start, _, end = os.environ.get("SUPPORT_BUSINESS_HOURS", "09:00-17:00").partition("-")
    days = os.environ.get("SUPPORT_BUSINESS_DAYS", "0,1,2,3,4")
    return SlaPolicy(
        hours=BusinessHours(
            zone=os.environ.get("SUPPORT_TIMEZONE", "UTC"),
            start=time.fromisoformat(start.strip()),
            end=time.fromisoformat(end.strip()),
            days=frozenset(int(d) for d in days.split(",") if d.strip()),
        )
    )


SUPPORT_SLA_POLICY = _sla_policy()

# --- Bulk operations (docs/bulk-operations.md) ---------------------------------------------------
# Rows (or people) per batch; each batch commits with its checkpoint. More than BULK_APPROVAL_THRESHOLD people
# wait for a second admin's approval. Uploads over BULK_MAX_UPLOAD_MB answer 413, over BULK_MAX_ROWS rows 422.
# Notifications leave at BULK_NOTIFY_PER_MINUTE; an export's link lasts BULK_EXPORT_TTL_HOURS. Files live under
# BULK_FILES_DIR, which web and worker processes must share.
BULK_BATCH_SIZE = int(os.environ.get("BULK_BATCH_SIZE", "500"))
BULK_APPROVAL_THRESHOLD = int(os.environ.get("BULK_APPROVAL_THRESHOLD", "1000"))
# An impersonation asked for more minutes than this waits for a second admin (1-60; 60: only the other rules apply).
IMPERSONATION_MINUTES_WITHOUT_APPROVAL = int(os.environ.get("IMPERSONATION_MINUTES_WITHOUT_APPROVAL", "60"))
BULK_MAX_UPLOAD_MB = float(os.environ.get("BULK_MAX_UPLOAD_MB", "50"))
BULK_MAX_ROWS = int(os.environ.get("BULK_MAX_ROWS", "200000"))
BULK_MAX_EXPANDED_MB = float(os.environ.get("BULK_MAX_EXPANDED_MB", "100"))
BULK_MAX_READ_SECONDS = float(os.environ.get("BULK_MAX_READ_SECONDS", "30"))
BULK_NOTIFY_PER_MINUTE = int(os.environ.get("BULK_NOTIFY_PER_MINUTE", "600"))
BULK_EXPORT_TTL = timedelta(hours=float(os.environ.get("BULK_EXPORT_TTL_HOURS", "24")))
BULK_FILES_DIR = Path(os.environ.get("BULK_FILES_DIR", str(VAR_DIR / "bulk")))

# --- Privacy and compliance (docs/compliance.md) --------------------------------------------------
# Consent types and the current version of each one's text: "type=version,..." (a type may be added here).
PRIVACY_CONSENT_TYPES = os.environ.get(
    "PRIVACY_CONSENT_TYPES", "terms=1,privacy=1,marketing=1,analytics=1,session_recording=1"
)
PRIVACY_EXPORT_TTL_DAYS = float(os.environ.get("PRIVACY_EXPORT_TTL_DAYS", "7"))  # an export's download link
PRIVACY_ERASURE_COOLOFF_DAYS = float(os.environ.get("PRIVACY_ERASURE_COOLOFF_DAYS", "14"))  # cancellable until then
PRIVACY_FILES_DIR = Path(os.environ.get("PRIVACY_FILES_DIR", str(VAR_DIR / "privacy")))  # shared by web and worker
# The AES-256 keys bulk and privacy files are encrypted with at rest (docs/security.md), 64 hex characters each,
# comma-separated, newest first: the first wraps new files, each opens (rotate: put a new one first, run
# `manage.py rotate_file_keys`, then drop the old one). Unset: derived from SECRET_KEY (development only; production
# refuses to start). Make one with python -c "import secrets; print(secrets.token_hex(32))"
FILES_ENCRYPTION_KEYS = env_list("FILES_ENCRYPTION_KEYS", "")
PRIVACY_PUBLIC_URL = os.environ.get("PRIVACY_PUBLIC_URL", "http://localhost:8000")  # the e-mail's download link
# Days each data class is kept: "activity=730,closed_tickets=1095,..." (classes left out keep their default).
PRIVACY_RETENTION_DAYS = os.environ.get("PRIVACY_RETENTION_DAYS", "")

# --- Access limits for staff (docs/security.md) -----------------------------------------------------
# The proxies (CIDR) whose X-Forwarded-For is believed; the networks staff may work from, overall and per role.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
STAFF_ALLOWED_NETWORKS = env_list("STAFF_ALLOWED_NETWORKS", "")
STAFF_ALLOWED_NETWORKS_BY_ROLE = json.loads(os.environ.get("STAFF_ALLOWED_NETWORKS_BY_ROLE") or "{}")
validate_access_settings(TRUSTED_PROXIES, STAFF_ALLOWED_NETWORKS, STAFF_ALLOWED_NETWORKS_BY_ROLE)
# Run-time policies (docs/policies.md): the settings above are their defaults; what platform admins change through
# the API is read again by each web and worker process once its copy is POLICIES_MAX_AGE_SECONDS old.
POLICIES_MAX_AGE_SECONDS = float(os.environ.get("POLICIES_MAX_AGE_SECONDS", "2"))

# --- E-mail ------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "support@example.com")

# --- SMS and webhooks (docs/notifications.md) ----------------------------------------------------
SMS_API_URL = os.environ.get("SMS_API_URL", "https://api.twilio.com")  # any Twilio-compatible API
SMS_ACCOUNT_SID = os.environ.get("SMS_ACCOUNT_SID", "")
SMS_AUTH_TOKEN = os.environ.get("SMS_AUTH_TOKEN", "")  # a secret: never logged
SMS_FROM = os.environ.get("SMS_FROM", "")
NOTIFY_HTTP_TIMEOUT = float(os.environ.get("NOTIFY_HTTP_TIMEOUT", "5"))  # seconds, SMS API and webhooks

# --- Logging -----------------------------------------------------------------------------------
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOG_JSON = env_bool("LOG_JSON", not DEBUG)

from entrypoints.logging import configure_logging  # noqa: E402

LOGGING_CONFIG = None
configure_logging(level=LOG_LEVEL, json=LOG_JSON)

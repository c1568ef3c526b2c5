"""MFA rules, pure: TOTP (RFC 6238) codes and their time steps, recovery codes, the stepped delay after wrong codes,
login challenges, and admin reset requests.

- A code is 6 digits for a 30-second time step; the steps just before and after the current one are accepted too
  (a phone's clock drifts, a person types slowly), nothing further.
- A code is never accepted twice: each person's last accepted step is kept, and only a later step is accepted
  after it (django-otp's rule), so a code seen over a shoulder is worthless once used.
- After n wrong codes in a row the person waits 2^(n-1) seconds before the next is even checked (django-otp's
  throttle), up to `longest_delay`; a right code forgets the failures.
- Recovery codes are high-entropy one-time codes, stored as digests only."""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum

import pyotp

from domain.shared.pagination import Cursor
from domain.shared.permissions import STAFF_ROLES, Role

RESETS_CURSOR = Cursor("mfa-resets", (int,))  # newest first, by id
MIN_RESET_REASON = 10
MAX_RESET_REASON = 500
MAX_CODE_INPUT = 64  # characters a code field accepts before the schema refuses it
MAX_CHALLENGE = 128
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud or typed from paper


@dataclass(frozen=True)
class MfaPolicy:
    required_roles: frozenset[Role] = frozenset()
    issuer: str = "E-learning support"
    interval: int = 30  # seconds a code lives
    digits: int = 6
    window: int = 1  # steps accepted either side of the current one
    longest_delay: timedelta = timedelta(minutes=15)
    forget_failures_after: timedelta = timedelta(hours=12)
    challenge_ttl: timedelta = timedelta(minutes=5)
    challenge_max_failures: int = 5  # wrong codes on one challenge before it is burnt
    recovery_codes: int = 10
    reset_request_ttl: timedelta = timedelta(hours=24)

    def required_for(self, roles: frozenset[Role], is_superuser: bool = False) -> bool:
        """Whether the person must have MFA: they hold a required role (a superuser holds every role)."""
        held = frozenset(Role) if is_superuser else roles
        return bool(held & self.required_roles)

    def delay(self, failures: int) -> timedelta:
        """The wait after `failures` wrong codes in a row: 1, 2, 4, 8 ... seconds, capped."""
        if failures < 1:
            return timedelta(0)
        return min(self.longest_delay, timedelta(seconds=2 ** min(failures - 1, 32)))


def is_staff(roles: frozenset[Role], is_superuser: bool = False) -> bool:
    return is_superuser or bool(roles & set(STAFF_ROLES))


# -- TOTP -------------------------------------------------------------------------------------------------------
def new_secret() -> str:
    """160 random bits, base32 (RFC 4226's recommended length; what authenticator apps expect)."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, account: str, policy: MfaPolicy) -> str:
    """The `otpauth://totp/...` URI an authenticator app reads from the QR code."""
    totp = pyotp.TOTP(secret, digits=policy.digits, interval=policy.interval, issuer=policy.issuer)
    return totp.provisioning_uri(name=account, issuer_name=policy.issuer)


def time_step(at: datetime, policy: MfaPolicy) -> int:
    return math.floor(at.timestamp()) // policy.interval


def code_at(secret: str, step: int, policy: MfaPolicy) -> str:
    return pyotp.TOTP(secret, digits=policy.digits, interval=policy.interval).generate_otp(step)


def clean_code(code: str, policy: MfaPolicy) -> str | None:
    """The digits of a typed code (spaces and dashes dropped, as apps show "123 456"), or None when it is not
    `digits` digits."""
    text = code.replace(" ", "").replace("-", "")
    return text if len(text) == policy.digits and text.isascii() and text.isdigit() else None


def matching_step(secret: str, code: str, at: datetime, last_step: int | None, policy: MfaPolicy) -> int | None:
    """The time step the code belongs to, within `window` steps of `at` and after `last_step`; None otherwise.
    Every candidate is compared (in constant time), whichever matches."""
    digits = clean_code(code, policy)
    if digits is None:
        return None
    now = time_step(at, policy)
    found: int | None = None
    for step in range(now - policy.window, now + policy.window + 1):
        if hmac.compare_digest(code_at(secret, step, policy), digits) and (last_step is None or step > last_step):
            found = step if found is None else found
    return found


# -- recovery codes ---------------------------------------------------------------------------------------------
def new_recovery_codes(count: int) -> list[str]:
    """`count` codes of 12 characters (about 59 bits each), shown as xxxx-xxxx-xxxx."""
    codes = ["".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(12)) for _ in range(count)]
    return [f"{c[:4]}-{c[4:8]}-{c[8:]}" for c in codes]


def recovery_digest(user_id: int, code: str) -> str:
    """What is stored of a recovery code: a digest of the person and the normalised code (high-entropy codes need
    no slow hash; the person in it keeps one person's code from matching another's)."""
    text = code.strip().replace("-", "").replace(" ", "").lower()
    return hashlib.sha256(f"mfa-recovery|{user_id}|{text}".encode()).hexdigest()


# -- what is stored ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Enrolment:
    """A person's TOTP device. `sealed_secret` is the secret encrypted (SecretBox); pending until confirmed."""

    user_id: int
    sealed_secret: str
    created_at: datetime
    confirmed_at: datetime | None = None
    last_step: int | None = None  # the last accepted time step: only later ones are accepted

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None

    def confirm(self, at: datetime, step: int) -> Enrolment:
        return replace(self, confirmed_at=at, last_step=step)


@dataclass(frozen=True)
class Failures:
    """Wrong codes in a row for one person, and until when the next is refused unchecked."""

    count: int
    last: datetime
    until: datetime

    def encode(self) -> str:
        return json.dumps({"n": self.count, "last": self.last.isoformat(), "until": self.until.isoformat()})

    @staticmethod
    def decode(raw: str | None) -> Failures | None:
        if raw is None:
            return None
        data = json.loads(raw)
        at = datetime.fromisoformat
        return Failures(int(data["n"]), at(data["last"]).astimezone(UTC), at(data["until"]).astimezone(UTC))

    def retry_after(self, now: datetime) -> int | None:
        """Whole seconds still to wait, or None when a code may be checked."""
        return max(1, math.ceil((self.until - now).total_seconds())) if self.until > now else None


def after_failure(previous: Failures | None, now: datetime, policy: MfaPolicy) -> Failures:
    """One more wrong code; the count starts afresh `forget_failures_after` after the last one."""
    live = previous if previous and now - previous.last < policy.forget_failures_after else None
    count = (live.count if live else 0) + 1
    return Failures(count, now, now + policy.delay(count))


def failures_key(user_id: int) -> str:
    return f"mfa-fail:{user_id}"


def challenge_key(challenge: str) -> str:
    """Where a login challenge is kept: by its digest, never the challenge."""
    return "mfa-challenge:" + hashlib.sha256(challenge.encode()).hexdigest()


@dataclass(frozen=True)
class Challenge:
    """A login's pending second step: whose, the login name typed, the client network it is bound to, and the
    wrong codes given on it so far."""

    user_id: int
    username: str
    network: str
    expires_at: datetime
    failures: int = 0

    def encode(self) -> str:
        return json.dumps(
            {
                "user_id": self.user_id,
                "username": self.username,
                "network": self.network,
                "expires_at": self.expires_at.isoformat(),
                "failures": self.failures,
            }
        )

    @staticmethod
    def decode(raw: str) -> Challenge:
        data = json.loads(raw)
        expires = datetime.fromisoformat(str(data["expires_at"])).astimezone(UTC)
        return Challenge(
            int(data["user_id"]), str(data["username"]), str(data["network"]), expires, int(data["failures"])
        )


# -- admin resets -----------------------------------------------------------------------------------------------
class ResetStatus(StrEnum):
    PENDING = "pending"  # waiting for a second admin (a staff member's MFA)
    DONE = "done"  # carried out
    EXPIRED = "expired"  # nobody approved it within the request's life


@dataclass(frozen=True)
class NewResetRequest:
    user_id: int
    requested_by: int
    reason: str
    created_at: datetime
    expires_at: datetime
    needs_approval: bool
    status: ResetStatus = ResetStatus.PENDING
    approved_by: int | None = None
    approved_at: datetime | None = None


@dataclass(frozen=True)
class ResetRequest:
    id: int
    user_id: int
    requested_by: int
    reason: str
    created_at: datetime
    expires_at: datetime
    needs_approval: bool
    status: ResetStatus = ResetStatus.PENDING  # as stored: pending or done (expiry is read against the clock)
    approved_by: int | None = None
    approved_at: datetime | None = None

    def status_at(self, now: datetime) -> ResetStatus:
        if self.status is ResetStatus.PENDING and self.expires_at <= now:
            return ResetStatus.EXPIRED
        return self.status

    def done(self, by: int, at: datetime) -> ResetRequest:
        return replace(self, status=ResetStatus.DONE, approved_by=by, approved_at=at)


@dataclass(frozen=True)
class ResetFilter:
    status: ResetStatus | None = None
    user_id: int | None = None

    def matches(self, r: ResetRequest, now: datetime) -> bool:
        return (self.status is None or r.status_at(now) is self.status) and (
            self.user_id is None or r.user_id == self.user_id
        )

"""How MFA codes are checked, for the MFA use cases (mfa_service.py): the stepped delay before any code is looked at,
a code accepted once (the store's atomic replay guard), new recovery codes, and what a wrong code records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import InvalidInput, NotAuthenticated, Throttled
from domain.shared.live import now_of
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from . import mfa_events
from .mfa import (
    MAX_CODE_INPUT,
    Challenge,
    Enrolment,
    Failures,
    MfaPolicy,
    after_failure,
    failures_key,
    matching_step,
    new_recovery_codes,
    recovery_digest,
)
from .ports import MfaStore, SecretBox, ThrottleStore
from .service import SecurityEvents


def invalid_code() -> NotAuthenticated:
    return NotAuthenticated("The code is not valid: it is wrong, expired or was used already.", code="invalid_mfa_code")


def invalid_challenge() -> NotAuthenticated:
    return NotAuthenticated(
        "This sign-in step is not valid (expired, used, or from another network): sign in with your password again.",
        code="invalid_mfa_challenge",
    )


def wrong_code() -> InvalidInput:
    return InvalidInput("The code is not right: it is wrong, expired or was used already.", code="wrong_mfa_code")


class MfaCodeChecks:
    store: MfaStore
    box: SecretBox
    throttle: ThrottleStore
    events: SecurityEvents
    audit: AuditTrail
    uow: UnitOfWork
    clock: Clock
    _policy: MfaPolicy | Callable[[], MfaPolicy]

    @property
    def policy(self) -> MfaPolicy:
        """The MFA policy in force now (its required roles may change at run time)."""
        return now_of(self._policy)

    @policy.setter
    def policy(self, value: MfaPolicy | Callable[[], MfaPolicy]) -> None:
        self._policy = value

    def _accept_totp(self, enrolment: Enrolment, code: str, now: datetime) -> bool:
        if len(code) > MAX_CODE_INPUT:
            return False
        step = matching_step(self._secret(enrolment), code, now, enrolment.last_step, self.policy)
        return step is not None and self.store.accept_step(enrolment.user_id, step)

    def _secret(self, enrolment: Enrolment) -> str:
        return self.box.open(enrolment.sealed_secret)

    def _new_codes(self, user_id: int, now: datetime) -> list[str]:
        codes = new_recovery_codes(self.policy.recovery_codes)
        self.store.replace_codes(user_id, [recovery_digest(user_id, c) for c in codes], now)
        return codes

    def _wait_if_throttled(self, actor: Principal, user_id: int, via: str) -> None:
        now = self.clock.now()
        key = failures_key(user_id)
        failures = Failures.decode(self.throttle.read([key]).get(key))
        wait = failures.retry_after(now) if failures else None
        if wait is None:
            return
        with self.uow:
            details = {"via": via, "retry_after": wait, "failures": failures.count if failures else 0}
            self.audit.record(actor, "auth.mfa_throttled", "user", user_id, details)
            self.uow.commit()
        raise Throttled("Too many wrong codes: wait before trying again.", code="mfa_throttled", retry_after=wait)

    def _failed(self, actor: Principal, user_id: int, via: str, method: str, challenge: str = "") -> None:
        """One more wrong code for the person (and on the login challenge, which is burnt at the limit); audited.
        The caller commits."""
        now, policy = self.clock.now(), self.policy
        seen: dict[str, int | bool] = {"count": 0, "burnt": False}

        def person(raw: str | None) -> tuple[str, datetime]:
            failures = after_failure(Failures.decode(raw), now, policy)
            seen["count"] = failures.count
            return failures.encode(), max(failures.until, failures.last + policy.forget_failures_after)

        def on_challenge(raw: str | None) -> tuple[str, datetime] | None:
            if raw is None:
                return None
            pending = Challenge.decode(raw)
            tried = Challenge(
                pending.user_id, pending.username, pending.network, pending.expires_at, pending.failures + 1
            )
            if tried.failures >= policy.challenge_max_failures:
                seen["burnt"] = True
                return None
            return tried.encode(), tried.expires_at

        self.throttle.change(failures_key(user_id), person)
        if challenge:
            self.throttle.change(challenge, on_challenge)
        count = int(seen["count"])
        details: dict[str, object] = {"via": via, "method": method, "failures": count}
        if challenge:
            details["challenge_burnt"] = bool(seen["burnt"])
        self.audit.record(actor, "auth.mfa_failed", "user", user_id, details)
        if count == policy.challenge_max_failures:
            self.events.raise_event(mfa_events.mfa_code_failures(user_id, now, actor.meta, count, via))

"""MFA for one's own account: enrolling an authenticator app (TOTP), confirming it with a first code (which answers
the recovery codes, once), turning it off where the role allows, new recovery codes; and the login's second step
(the identity module's SecondFactor). The rules are in mfa.py; admin resets in mfa_recovery.py.

Secrets are sealed (SecretBox) before they are stored and are never audited, logged or raised; codes and recovery
codes neither. Wrong codes are counted per person (a ThrottleStore value): the n-th in a row makes the next wait
2^(n-1) seconds, checked before any code is."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from domain.identity.model import Identity, MfaChallenge
from domain.identity.ports import FactorState
from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from domain.shared.events import Notification
from domain.shared.principal import Principal, RequestMeta, SessionScope
from domain.shared.uow import UnitOfWork

from . import mfa_events
from .detection.detector import Detector
from .detection.facts import MfaChange
from .login import network_of
from .mfa import (
    MAX_CHALLENGE,
    MAX_CODE_INPUT,
    Challenge,
    Enrolment,
    MfaPolicy,
    challenge_key,
    failures_key,
    matching_step,
    new_secret,
    provisioning_uri,
    recovery_digest,
)
from .mfa_codes import MfaCodeChecks, invalid_challenge, invalid_code, wrong_code
from .ports import MfaStore, SecretBox, SecurityDirectory, ThrottleStore
from .service import SecurityEvents

ANONYMOUS = "anonymous"


class SessionScopes(Protocol):
    """Changes what a session may do (the identity module's TokenStore)."""

    def set_scope(self, user_id: int, session_id: int, scope: SessionScope) -> bool: ...


@dataclass(frozen=True)
class EnrolmentStarted:
    """Shown once, to the person enrolling: the secret and the URI their app reads (as a QR code)."""

    secret: str
    uri: str
    issuer: str
    account: str


@dataclass(frozen=True)
class MfaStatus:
    enrolled: bool  # confirmed: logins ask for a code
    pending: bool  # enrolment started, not confirmed yet
    required: bool  # a role of the person requires MFA
    recovery_codes_left: int


@dataclass(frozen=True)
class Confirmed:
    recovery_codes: list[str]
    session_unlocked: bool  # an enrol-only session became a full one


class MfaService(MfaCodeChecks):
    def __init__(
        self,
        store: MfaStore,
        box: SecretBox,
        throttle: ThrottleStore,
        directory: SecurityDirectory,
        sessions: SessionScopes,
        events: SecurityEvents,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        policy: MfaPolicy | Callable[[], MfaPolicy] | None = None,
        *,
        detector: Detector,
    ):
        self.detector = detector
        self.store, self.box, self.throttle, self.directory, self.sessions = store, box, throttle, directory, sessions
        self.events, self.audit, self.uow, self.clock = events, audit, uow, clock
        self._policy = policy or MfaPolicy()

    # -- what others ask -----------------------------------------------------------------------------
    def has_mfa(self, user_id: int) -> bool:
        """Confirmed MFA (the password policy's lower minimum applies)."""
        enrolment = self.store.get(user_id)
        return enrolment is not None and enrolment.confirmed

    def required(self, principal: Principal | Identity) -> bool:
        return self.policy.required_for(frozenset(principal.roles), principal.is_superuser)

    def status(self, actor: Principal) -> MfaStatus:
        enrolment = self.store.get(actor.user_id)
        confirmed = enrolment is not None and enrolment.confirmed
        return MfaStatus(
            enrolled=confirmed,
            pending=enrolment is not None and not confirmed,
            required=self.required(actor),
            recovery_codes_left=self.store.codes_left(actor.user_id) if confirmed else 0,
        )

    # -- SecondFactor (login) ------------------------------------------------------------------------
    def state(self, identity: Identity) -> FactorState:
        return self.states([identity])[identity.id]

    def states(self, identities: Sequence[Identity]) -> dict[int, FactorState]:
        enrolled, policy = self.store.confirmed_among([i.id for i in identities]), self.policy  # each read once
        return {
            i.id: FactorState.ENROLLED
            if i.id in enrolled
            else (
                FactorState.MUST_ENROL if policy.required_for(frozenset(i.roles), i.is_superuser) else FactorState.NONE
            )
            for i in identities
        }

    def challenge(self, identity: Identity, username: str, meta: RequestMeta) -> MfaChallenge:
        token = secrets.token_urlsafe(32)
        expires = self.clock.now() + self.policy.challenge_ttl
        value = Challenge(identity.id, username, network_of(meta.ip), expires).encode()
        self.throttle.change(challenge_key(token), lambda _old: (value, expires))
        return MfaChallenge(token, expires)

    def complete(
        self, challenge: str, code: str | None, recovery_code: str | None, meta: RequestMeta
    ) -> tuple[int, str]:
        if (code is None) == (recovery_code is None):
            raise InvalidInput("Send either `code` or `recovery_code`.", code="invalid_input")
        key = challenge_key(challenge) if 1 <= len(challenge) <= MAX_CHALLENGE else ""
        raw = self.throttle.read([key]).get(key) if key else None
        pending = Challenge.decode(raw) if raw else None
        anonymous = Principal(0, ANONYMOUS, meta=meta)
        if pending is None or pending.network != network_of(meta.ip):
            with self.uow:
                target = pending.user_id if pending else ""
                why = "other_network" if pending else "unknown_challenge"
                self.audit.record(anonymous, "auth.mfa_failed", "user", target, {"via": "login", "why": why})
                self.uow.commit()
            raise invalid_challenge()
        user_id = pending.user_id
        self._wait_if_throttled(anonymous, user_id, "login")
        method = "totp" if code is not None else "recovery_code"
        with self.uow:
            now = self.clock.now()
            enrolment = self.store.get(user_id)
            if enrolment is None or not enrolment.confirmed:  # reset between the two steps
                raise invalid_challenge()
            if code is not None:
                ok = self._accept_totp(enrolment, code, now)
            else:
                assert recovery_code is not None
                ok = len(recovery_code) <= MAX_CODE_INPUT and self.store.use_code(
                    user_id, recovery_digest(user_id, recovery_code), now
                )
            if not ok:
                self._failed(anonymous, user_id, "login", method, challenge=key)
                self.uow.commit()
                raise invalid_code()
            if self.throttle.take(key) is None:  # used by a concurrent request meanwhile
                raise invalid_challenge()
            self.throttle.forget([failures_key(user_id)])
            details: dict[str, object] = {"via": "login", "method": method}
            if recovery_code is not None:
                left = self.store.codes_left(user_id)
                details["codes_left"] = left
                self.detector.recovery_code_used(user_id, left, meta)
                self._tell(
                    user_id,
                    "A recovery code was used to sign in to your account",
                    f"Someone signed in to your account just now with one of your recovery codes ({left} left). If "
                    "that was you, consider setting up your authenticator app again and making new recovery codes. "
                    "If it was not you, tell support at once: your password and a recovery code are known to "
                    "someone else.",
                )
            self.audit.record(anonymous, "auth.mfa_verified", "user", user_id, details)
            self.uow.commit()
        return user_id, pending.username

    # -- one's own MFA -------------------------------------------------------------------------------
    def enrol(self, actor: Principal) -> EnrolmentStarted:
        """Start (or restart) enrolment: a new secret, pending until confirmed with a code from it."""
        person = self.directory.get(actor.user_id)
        if person is None:
            raise NotFound("No such user.", code="user_not_found", details={"id": actor.user_id})
        with self.uow:
            current = self.store.get_for_update(actor.user_id)
            if current is not None and current.confirmed:
                raise Conflict(
                    "MFA is already on. To move it to a new phone, turn it off (DELETE /api/auth/mfa/totp) and enrol "
                    "again, or ask an admin to reset it.",
                    code="mfa_already_enrolled",
                )
            secret = new_secret()
            self.store.save(Enrolment(actor.user_id, self.box.seal(secret), self.clock.now()))
            details = {"method": "totp", "restarted": current is not None}
            self.audit.record(actor, "auth.mfa_enrol", "user", actor.user_id, details)
            self.uow.commit()
        return EnrolmentStarted(
            secret, provisioning_uri(secret, person.username, self.policy), self.policy.issuer, person.username
        )

    def confirm(self, actor: Principal, code: str) -> Confirmed:
        """Confirm enrolment with a first code: MFA is on, and the recovery codes are answered (only now)."""
        self._wait_if_throttled(actor, actor.user_id, "confirm")
        with self.uow:
            now = self.clock.now()
            enrolment = self.store.get_for_update(actor.user_id)
            if enrolment is None or enrolment.confirmed:
                raise Conflict(
                    "There is no enrolment to confirm: start one with POST /api/auth/mfa/totp.",
                    code="mfa_not_pending",
                )
            step = matching_step(self._secret(enrolment), code, now, enrolment.last_step, self.policy)
            if step is None:
                self._failed(actor, actor.user_id, "confirm", "totp")
                self.uow.commit()
                raise wrong_code()
            self.store.save(enrolment.confirm(now, step))
            codes = self._new_codes(actor.user_id, now)
            self.throttle.forget([failures_key(actor.user_id)])
            unlocked = bool(
                actor.enrol_only
                and actor.session_id is not None
                and self.sessions.set_scope(actor.user_id, actor.session_id, SessionScope.FULL)
            )
            details = {"method": "totp", "recovery_codes": len(codes), "session_unlocked": unlocked}
            self.audit.record(actor, "auth.mfa_confirm", "user", actor.user_id, details)
            self.events.raise_event(mfa_events.mfa_enabled(actor.user_id, now, actor.meta, len(codes)))
            self._tell(
                actor.user_id,
                "MFA is on for your account",
                "An authenticator app now protects your account: signing in asks for its code after your password. "
                "Keep your recovery codes somewhere safe, apart from your phone.",
            )
            self.uow.commit()
        return Confirmed(codes, unlocked)

    def disable(self, actor: Principal, code: str) -> None:
        """Turn MFA off with a current code, unless a role of the person requires it."""
        if self.required(actor):
            raise PermissionDenied(
                "Your role requires MFA, so it cannot be turned off. If you lost your phone, sign in with a recovery "
                "code, or ask an admin to reset your MFA.",
                code="mfa_required_by_role",
            )
        self._verify_current(actor, code, "disable")
        with self.uow:
            self.store.delete(actor.user_id)
            self.audit.record(actor, "auth.mfa_disable", "user", actor.user_id, {"method": "totp"})
            self.detector.mfa_changed(actor.user_id, MfaChange.DISABLED, actor)
            self._tell(
                actor.user_id,
                "MFA was turned off for your account",
                "MFA was just turned off: your password alone signs you in now.",
            )
            self.uow.commit()

    def regenerate_codes(self, actor: Principal, code: str) -> list[str]:
        """New recovery codes (with a current code); every earlier one stops working."""
        self._verify_current(actor, code, "recovery_codes")
        with self.uow:
            codes = self._new_codes(actor.user_id, self.clock.now())
            details = {"recovery_codes": len(codes)}
            self.audit.record(actor, "auth.mfa_recovery_codes", "user", actor.user_id, details)
            self._tell(
                actor.user_id,
                "New MFA recovery codes",
                "New recovery codes were just made for your account; the earlier ones no longer work.",
            )
            self.uow.commit()
        return codes

    def check(self, actor: Principal, code: str, via: str) -> None:
        """A current code of someone with confirmed MFA (the admin site's login form): used up when accepted."""
        self._verify_current(actor, code, via)

    def verify_step_up(self, actor: Principal, code: str, via: str) -> bool:
        """A sensitive action confirmed with a current code (impersonation): True when accepted and used up; a
        wrong code is recorded and counted like any other (False); 429 while the stepped delay runs."""
        try:
            self._verify_current(actor, code, via)
        except (InvalidInput, Conflict):  # a wrong code; no confirmed MFA to check it against
            return False
        return True

    # -- helpers -------------------------------------------------------------------------------------
    def _verify_current(self, actor: Principal, code: str, via: str) -> None:
        """A current code of the person's confirmed MFA, used up (committed); refusals are committed too."""
        self._wait_if_throttled(actor, actor.user_id, via)
        with self.uow:
            enrolment = self.store.get(actor.user_id)
            if enrolment is None or not enrolment.confirmed:
                raise Conflict("MFA is not on for this account.", code="mfa_not_enrolled")
            if not self._accept_totp(enrolment, code, self.clock.now()):
                self._failed(actor, actor.user_id, via, "totp")
                self.uow.commit()
                raise wrong_code()
            self.throttle.forget([failures_key(actor.user_id)])
            self.uow.commit()

    def _tell(self, user_id: int, subject: str, what: str) -> None:
        person = self.directory.get(user_id)
        if person is not None and person.email:
            body = "\n".join([f"Hello {person.username},", "", what, "", "If this was not you, tell support at once."])
            self.uow.notify(Notification(person.email, subject, body))

"""Staff login, token life cycle and staff creation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import Conflict, InvalidInput, NotAuthenticated, Throttled, Unprocessable
from domain.shared.permissions import STAFF_ROLES, Permission, Role
from domain.shared.principal import Principal, RequestMeta, SessionScope
from domain.shared.uow import UnitOfWork
from domain.shared.validation import USERNAME_RE

from .model import Identity, IssuedToken, MfaChallenge, hash_token, new_token
from .password_policy import Holder, PasswordPolicy, PolicySource, current_of, normalise, reason_codes
from .ports import (
    BrowserSession,
    FactorState,
    IdentityDirectory,
    LoginGuard,
    PasswordBlocklist,
    RoleWatch,
    SecondFactor,
    StaffDirectory,
    TokenStore,
)
from .revocation import TokenRevocation
from .sessions import SessionKind, SessionPolicy

BAD_CREDENTIALS = "Invalid username or password."


def principal_of(identity: Identity, meta: RequestMeta | None = None) -> Principal:
    return Principal(
        user_id=identity.id,
        username=identity.username,
        roles=identity.roles,
        is_superuser=identity.is_superuser,
        meta=meta or RequestMeta(),
    )


def attempted(username: str, target: object) -> dict[str, str]:
    """What a refused login's audit entry says about the name typed: nothing when it matched an account (the entry
    is about that id, and a sealed row must not keep a learner's username past their erasure); the attempted name
    when it matched none (credential stuffing shows in it, and it names nobody here)."""
    return {} if target != "" else {"username": username[:150]}


class AuthService:
    def __init__(
        self,
        directory: IdentityDirectory,
        tokens: TokenStore,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        policy: SessionPolicy | None = None,
        *,
        guard: LoginGuard,
        second_factor: SecondFactor,
        sign_ins: StaffDirectory,
    ):
        self.directory = directory
        self.sign_ins = sign_ins  # last sign-in, for the staff list
        self.guard = guard
        self.second_factor = second_factor
        self.tokens = tokens
        self.audit = audit
        self.uow = uow
        self.clock = clock
        self.policy = policy or SessionPolicy()

    def login(
        self, username: str, password: str, meta: RequestMeta | None = None, browser: BrowserSession | None = None
    ) -> IssuedToken | MfaChallenge:
        """A wrong password, an unknown user and an inactive account answer alike (401); an attempt the guard
        refuses answers the same message with 429 and Retry-After, before any password is checked. With confirmed
        MFA the right password answers a challenge for `login_mfa`, not a token; a person whose role requires MFA
        and who has none gets a token that can only enrol. With `browser` the session is that browser's cookie
        session instead of a bearer token (the same rules, the same row, the same audit entry)."""
        meta = meta or RequestMeta()
        anonymous = Principal(0, "anonymous", meta=meta)
        admission = self.guard.admit(username, meta)
        target = admission.user_id if admission.user_id is not None else ""
        if admission.retry_after is not None:
            with self.uow:  # kept: the block is left committed before the error is raised
                details = {**attempted(username, target), "retry_after": admission.retry_after, "by": admission.reason}
                self.audit.record(anonymous, "auth.login_throttled", "user", target, details)
                self.uow.commit()
            raise Throttled(BAD_CREDENTIALS, code="login_throttled", retry_after=admission.retry_after)
        identity = self.directory.authenticate(username, normalise(password))  # hashes for unknown users too
        if identity is None:
            with self.uow:
                self.audit.record(anonymous, "auth.login_failed", "user", target, attempted(username, target))
                self.guard.failed(username, admission, meta)
                self.uow.commit()
            raise NotAuthenticated(BAD_CREDENTIALS, code="invalid_credentials")
        state = self.second_factor.state(identity)
        if state is FactorState.ENROLLED:
            with self.uow:
                challenge = self.second_factor.challenge(identity, username, meta)
                self.audit.record(principal_of(identity, meta), "auth.login_mfa_challenge", "user", identity.id)
                self.uow.commit()
            return challenge
        scope = SessionScope.MFA_ENROLMENT if state is FactorState.MUST_ENROL else SessionScope.FULL
        return self._issue(identity, username, meta, scope, browser)

    def login_mfa(
        self,
        challenge: str,
        code: str | None,
        recovery_code: str | None,
        meta: RequestMeta | None = None,
        browser: BrowserSession | None = None,
    ) -> IssuedToken:
        """The second step: a live challenge from the password step and a current code (or an unused recovery
        code). Issues the token (or signs the browser in) exactly as a login without MFA does."""
        meta = meta or RequestMeta()
        user_id, username = self.second_factor.complete(challenge, code, recovery_code, meta)
        identity = self.directory.get(user_id)
        if identity is None or not identity.is_active:  # suspended between the two steps
            raise NotAuthenticated(BAD_CREDENTIALS, code="invalid_credentials")
        return self._issue(identity, username, meta, SessionScope.FULL, browser)

    def _issue(
        self, identity: Identity, username: str, meta: RequestMeta, scope: SessionScope, browser: BrowserSession | None
    ) -> IssuedToken:
        """A bearer token, or (with `browser`) the browser's new cookie session, ending the one it had."""
        with self.uow:
            now = self.clock.now()
            token, replaced = browser.open(identity.id) if browser is not None else (new_token(), None)
            if replaced:
                self.tokens.revoke(hash_token(replaced), now)
            expires_at = self.policy.expires_at(now)
            self.tokens.save(
                hash_token(token),
                identity.id,
                now,
                expires_at,
                kind=SessionKind.COOKIE if browser is not None else SessionKind.BEARER,
                ip=meta.ip,
                user_agent=meta.user_agent[:512],
                session_key=token if browser is not None else None,
                scope=scope,
            )
            self.guard.succeeded(username, identity.id, meta)
            self.sign_ins.signed_in(identity.id, now)
            details = {"scope": scope.value} if scope is not SessionScope.FULL else {}
            if browser is not None:
                details["session"] = SessionKind.COOKIE.value
            self.audit.record(principal_of(identity, meta), "auth.login", "user", identity.id, details or None)
            self.uow.commit()
        return IssuedToken(token=token, expires_at=expires_at, identity=identity, scope=scope)

    def principal_for_token(self, token: str) -> Principal | None:
        """The principal of a live bearer token, marking it used at most once per policy.touch_every."""
        return self._principal_for_secret(token)

    def principal_for_session(self, session_key: str) -> Principal | None:
        """The principal of a live browser session (its row, kept by start_cookie_session); the same limits."""
        return self._principal_for_secret(session_key)

    def _principal_for_secret(self, secret: str) -> Principal | None:
        now = self.clock.now()
        owner = self.tokens.owner(hash_token(secret), now, self.policy.idle_since(now))
        if owner is None or not owner.identity.is_active:
            return None
        if self.policy.needs_touch(owner.last_used_at, now):
            self.tokens.touch(owner.session_id, now)  # one write a minute per session, not one per request
        return replace(principal_of(owner.identity), session_id=owner.session_id, scope=owner.scope)

    def principal_for_user(self, user_id: int) -> Principal | None:
        identity = self.directory.get(user_id)
        return principal_of(identity) if identity and identity.is_active else None

    def start_cookie_session(self, user_id: int, session_key: str, meta: RequestMeta) -> int:
        """A browser signed in (Django's login): its session gets a row with the same limits as a token, and may
        only enrol in MFA when the person's role requires MFA and they have none (the admin site's login form
        asks people with MFA for a code)."""
        identity = self.directory.get(user_id)
        must_enrol = identity is not None and self.second_factor.state(identity) is FactorState.MUST_ENROL
        with self.uow:
            now = self.clock.now()
            session_id = self.tokens.save(
                hash_token(session_key),
                user_id,
                now,
                self.policy.expires_at(now),
                kind=SessionKind.COOKIE,
                ip=meta.ip,
                user_agent=meta.user_agent[:512],
                session_key=session_key,
                scope=SessionScope.MFA_ENROLMENT if must_enrol else SessionScope.FULL,
            )
            self.uow.commit()
        return session_id

    def end_all_sessions(self, user_id: int, keep: int | None = None) -> int:
        """End every bearer token and browser session of a person but the session `keep` (a request's own), in the
        caller's unit of work (call it inside `with uow:`); the count ended. Used on leaving `active`, on password
        and MFA resets, on logging out everywhere and by admins."""
        return TokenRevocation(self.tokens, self.clock).revoke_all_access(user_id, keep)

    def revoke_all_access(self, user_id: int, keep: int | None = None) -> int:
        """accounts' AccessRevoker port and the password change's: the same as end_all_sessions."""
        return self.end_all_sessions(user_id, keep)

    def revoke_all_access_of(self, user_ids: Sequence[int]) -> int:
        """revoke_all_access for many people in one go (a bulk status change's batch), in the caller's unit of work."""
        return TokenRevocation(self.tokens, self.clock).revoke_all_access_of(user_ids)

    def logout(self, principal: Principal, token: str | None) -> None:
        with self.uow:
            now = self.clock.now()
            if token:
                self.tokens.revoke(hash_token(token), now)
            elif principal.session_id is not None:
                self.tokens.revoke_session(
                    principal.user_id, principal.session_id, now, now, self.policy.idle_since(now)
                )
            self.audit.record(principal, "auth.logout", "user", principal.user_id)
            self.uow.commit()

    def me(self, principal: Principal) -> Identity:
        identity = self.directory.get(principal.user_id)
        if identity is None:
            raise NotAuthenticated("Not authenticated.")
        return identity


def weak_password(reasons: list[str]) -> Unprocessable:
    """The refusal: reason codes only, never the password."""
    return Unprocessable(
        "The password does not meet the password policy.", code="weak_password", details={"reasons": reasons}
    )


class StaffService:
    def __init__(
        self,
        directory: IdentityDirectory,
        audit: AuditTrail,
        uow: UnitOfWork,
        policy: PasswordPolicy | PolicySource,
        blocklist: PasswordBlocklist,
        roles: RoleWatch,
    ):
        self.roles = roles
        self.directory = directory
        self.audit = audit
        self.uow = uow
        self._policy = policy
        self.blocklist = blocklist

    @property
    def policy(self) -> PasswordPolicy:
        """The password policy in force now."""
        return current_of(self._policy)

    @policy.setter
    def policy(self, value: PasswordPolicy | PolicySource) -> None:
        self._policy = value

    def create_staff(self, actor: Principal, username: str, email: str, password: str, role: Role) -> Identity:
        actor.require(Permission.STAFF_MANAGE)
        if role not in STAFF_ROLES:
            raise InvalidInput(
                "Learners are not staff: create them with POST /api/users/profiles/.", code="not_a_staff_role"
            )
        username = username.strip()
        if not USERNAME_RE.match(username):
            raise InvalidInput("username must be 3-150 letters, digits or @.+-_", code="invalid_username")
        new_account = Holder(username, email, has_mfa=False)  # a new account has no MFA yet: the longer minimum
        reasons = reason_codes(self.policy.problems(password, new_account, self.blocklist))
        if reasons:
            with self.uow:  # the refusal is kept: the block is left committed before the error is raised
                details = {"username": username, "via": "staff_create", "reasons": reasons}
                self.audit.record(actor, "auth.password_refused", "user", "", details)
                self.uow.commit()
            raise weak_password(reasons)
        with self.uow:
            if self.directory.username_taken(username):
                raise Conflict("That username is taken.", code="username_taken", details={"username": username})
            identity = self.directory.create_staff(username, email, normalise(password), role)
            self.audit.record(actor, "staff.create", "user", identity.id, {"username": username, "role": role.value})
            self.roles.roles_changed(identity.id, (), (role.value, "staff"), actor, "staff_create")
            self.uow.commit()
        return identity

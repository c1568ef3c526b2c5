"""Staff login, token life cycle and staff creation."""

from __future__ import annotations

from datetime import timedelta

from domain.audit.service import AuditService
from domain.shared.clock import Clock
from domain.shared.errors import Conflict, InvalidInput, NotAuthenticated, Throttled, Unprocessable
from domain.shared.permissions import STAFF_ROLES, Permission, Role
from domain.shared.principal import Principal, RequestMeta
from domain.shared.uow import UnitOfWork
from domain.shared.validation import USERNAME_RE

from .model import Identity, IssuedToken, hash_token, new_token
from .password_policy import Holder, PasswordPolicy, normalise, reason_codes
from .ports import IdentityDirectory, LoginGuard, PasswordBlocklist, TokenStore

BAD_CREDENTIALS = "Invalid username or password."


def principal_of(identity: Identity, meta: RequestMeta | None = None) -> Principal:
    return Principal(
        user_id=identity.id,
        username=identity.username,
        roles=identity.roles,
        is_superuser=identity.is_superuser,
        meta=meta or RequestMeta(),
    )


class AuthService:
    def __init__(
        self,
        directory: IdentityDirectory,
        tokens: TokenStore,
        audit: AuditService,
        uow: UnitOfWork,
        clock: Clock,
        token_ttl: timedelta = timedelta(hours=12),
        *,
        guard: LoginGuard,
    ):
        self.directory = directory
        self.guard = guard
        self.tokens = tokens
        self.audit = audit
        self.uow = uow
        self.clock = clock
        self.token_ttl = token_ttl

    def login(self, username: str, password: str, meta: RequestMeta | None = None) -> IssuedToken:
        """A wrong password, an unknown user and an inactive account answer alike (401); an attempt the guard
        refuses answers the same message with 429 and Retry-After, before any password is checked."""
        meta = meta or RequestMeta()
        anonymous = Principal(0, "anonymous", meta=meta)
        admission = self.guard.admit(username, meta)
        target = admission.user_id if admission.user_id is not None else ""
        if admission.retry_after is not None:
            with self.uow:  # kept: the block is left committed before the error is raised
                details = {"username": username[:150], "retry_after": admission.retry_after, "by": admission.reason}
                self.audit.record(anonymous, "auth.login_throttled", "user", target, details)
                self.uow.commit()
            raise Throttled(BAD_CREDENTIALS, code="login_throttled", retry_after=admission.retry_after)
        identity = self.directory.authenticate(username, normalise(password))  # hashes for unknown users too
        if identity is None:
            with self.uow:
                self.audit.record(anonymous, "auth.login_failed", "user", target, {"username": username[:150]})
                self.guard.failed(username, admission, meta)
                self.uow.commit()
            raise NotAuthenticated(BAD_CREDENTIALS, code="invalid_credentials")
        with self.uow:
            now = self.clock.now()
            token = new_token()
            expires_at = now + self.token_ttl
            self.tokens.save(hash_token(token), identity.id, now, expires_at)
            self.guard.succeeded(username, identity.id, meta)
            self.audit.record(principal_of(identity, meta), "auth.login", "user", identity.id)
            self.uow.commit()
        return IssuedToken(token=token, expires_at=expires_at, identity=identity)

    def principal_for_token(self, token: str) -> Principal | None:
        identity = self.tokens.owner(hash_token(token), self.clock.now())
        if identity is None or not identity.is_active:
            return None
        return principal_of(identity)

    def principal_for_user(self, user_id: int) -> Principal | None:
        identity = self.directory.get(user_id)
        return principal_of(identity) if identity and identity.is_active else None

    def revoke_all_access(self, user_id: int, keep: str = "") -> int:
        """End every token and session of a person (their account left active) but `keep` (the hash of the token,
        or the key of the session, a request came with). Runs inside the caller's unit of work."""
        return self.tokens.revoke_all(user_id, self.clock.now(), keep=keep)

    def logout(self, principal: Principal, token: str | None) -> None:
        with self.uow:
            if token:
                self.tokens.revoke(hash_token(token), self.clock.now())
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
        audit: AuditService,
        uow: UnitOfWork,
        policy: PasswordPolicy,
        blocklist: PasswordBlocklist,
    ):
        self.directory = directory
        self.audit = audit
        self.uow = uow
        self.policy = policy
        self.blocklist = blocklist

    def create_staff(self, actor: Principal, username: str, email: str, password: str, role: Role) -> Identity:
        actor.require(Permission.STAFF_MANAGE)
        if role not in STAFF_ROLES:
            raise InvalidInput(
                "Learners are not staff: create them with POST /api/users/profiles/.", code="not_a_staff_role"
            )
        username = username.strip()
        if not USERNAME_RE.match(username):
            raise InvalidInput("username must be 3-150 letters, digits or @.+-_", code="invalid_username")
        reasons = reason_codes(self.policy.problems(password, Holder(username, email), self.blocklist))
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
            self.uow.commit()
        return identity

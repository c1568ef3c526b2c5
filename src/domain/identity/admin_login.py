"""Signing in to Django's admin site (the operators' fallback console) under the API login's rules: the same login
protection (throttling, the unblock link, the detection rules on a successful sign-in) and the same kind of audit
entries, `admin.login`, `admin.login_failed` and `admin.logout`, with the client's address. Django's form checks
the password (and the MFA code, through the security module); this use case is told what it decided."""

from __future__ import annotations

from domain.shared.audit import AuditTrail
from domain.shared.errors import Throttled
from domain.shared.principal import Principal, RequestMeta
from domain.shared.uow import UnitOfWork

from .ports import Admission, LoginGuard
from .service import BAD_CREDENTIALS, attempted

# refusals that say the password was wrong (or the account may not sign in), counted as the API's login counts them;
# a refusal after the right password (MFA missing or a wrong code) is the second factor's to count
COUNTED = frozenset({"invalid_login", "inactive"})


class AdminLogin:
    def __init__(self, guard: LoginGuard, audit: AuditTrail, uow: UnitOfWork):
        self.guard = guard
        self.audit = audit
        self.uow = uow

    def admit(self, username: str, meta: RequestMeta) -> Admission:
        """Before the password is checked: a name and network the login protection holds back are refused (the
        refusal audited and kept), else the admission to hand back with the outcome."""
        admission = self.guard.admit(username, meta)
        if admission.retry_after is None:
            return admission
        target = admission.user_id if admission.user_id is not None else ""
        details = {"reason": "login_throttled", "retry_after": admission.retry_after, "by": admission.reason}
        with self.uow:
            self.audit.record(
                _anonymous(meta), "admin.login_failed", "user", target, {**attempted(username, target), **details}
            )
            self.uow.commit()
        raise Throttled(BAD_CREDENTIALS, code="login_throttled", retry_after=admission.retry_after)

    def refused(self, username: str, admission: Admission, meta: RequestMeta, reason: str) -> None:
        """The form refused the sign-in (`reason`: its code). The entry names the account the name matched, or the
        name typed when it matched none (as `auth.login_failed`); never the password or the code."""
        target = admission.user_id if admission.user_id is not None else ""
        details = {**attempted(username, target), "reason": reason[:64]}
        with self.uow:
            self.audit.record(_anonymous(meta), "admin.login_failed", "user", target, details)
            if reason in COUNTED:
                self.guard.failed(username, admission, meta)
            self.uow.commit()

    def signed_in(self, actor: Principal, username: str) -> None:
        """A browser session was opened: the account's failures are forgotten and the detection rules look at it."""
        with self.uow:
            self.guard.succeeded(username, actor.user_id, actor.meta)
            self.audit.record(actor, "admin.login", "user", actor.user_id, {"session": "cookie"})
            self.uow.commit()

    def signed_out(self, actor: Principal) -> None:
        with self.uow:
            self.audit.record(actor, "admin.logout", "user", actor.user_id, {"session": "cookie"})
            self.uow.commit()


def _anonymous(meta: RequestMeta) -> Principal:
    return Principal(0, "anonymous", meta=meta)

"""Password changes and resets: the person's own change, the e-mailed one-time reset link (requested by the person or
by an admin) and its confirmation. One policy (domain.identity.password_policy) and the last passwords refused; every
change, reset and refusal audited and raised as a security event; passwords and links never in either."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Sequence
from datetime import timedelta
from typing import Protocol
from urllib.parse import urlencode

from domain.identity.password_policy import (
    Holder,
    PasswordPolicy,
    PolicySource,
    Reason,
    current_of,
    normalise,
    reason_codes,
)
from domain.identity.ports import PasswordBlocklist
from domain.identity.service import weak_password
from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import InvalidInput, NotFound, Unprocessable
from domain.shared.events import Notification
from domain.shared.permissions import Permission
from domain.shared.principal import Principal, RequestMeta
from domain.shared.rank import RankLookup, require_rank
from domain.shared.uow import UnitOfWork

from .detection.detector import Detector
from .login import account_key, network_of
from .model import NewSecurityEvent, Severity
from .ports import Account, PasswordAccounts, PasswordHistory, Stored, ThrottleStore
from .reset_throttle import ResetLimits, bump, network_throttled
from .service import SecurityEvents

RESET_TTL = timedelta(hours=1)
INVITE_TTL = timedelta(days=7)  # an invitation's set-password link (a reset link that lives longer)
MAX_RESET_TOKEN = 128
MAX_REASON = 500
ANONYMOUS = "anonymous"


def reset_key(token: str) -> str:
    """Where a reset link is kept: by the hash of its token, never the token."""
    return "reset:" + hashlib.sha256(token.encode()).hexdigest()


class AccessEnder(Protocol):
    """Ends a person's tokens and sessions (the identity module's AuthService)."""

    def revoke_all_access(self, user_id: int, keep: int | None = None) -> int: ...


class SecondFactors(Protocol):
    """Whether a person has confirmed MFA (the MFA service): the policy's lower minimum applies then."""

    def has_mfa(self, user_id: int) -> bool: ...


class PasswordService:
    def __init__(
        self,
        accounts: PasswordAccounts,
        history: PasswordHistory,
        links: ThrottleStore,
        access: AccessEnder,
        events: SecurityEvents,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        policy: PasswordPolicy | PolicySource,
        blocklist: PasswordBlocklist,
        reset_url: str = "",
        *,
        detector: Detector,
        factors: SecondFactors,
        ranks: RankLookup,
        reset_limits: ResetLimits | None = None,
    ):
        self.detector, self.ranks, self.reset_limits = detector, ranks, reset_limits or ResetLimits()
        self.accounts, self.history, self.links, self.access = accounts, history, links, access
        self.events, self.audit, self.uow, self.clock = events, audit, uow, clock
        self._policy, self.blocklist, self.reset_url = policy, blocklist, reset_url
        self.factors = factors

    @property
    def policy(self) -> PasswordPolicy:
        """The password policy in force now."""
        return current_of(self._policy)

    @policy.setter
    def policy(self, value: PasswordPolicy | PolicySource) -> None:
        self._policy = value

    # -- the rule, with history ----------------------------------------------------------------------
    def problems(self, account: Account, password: str, has_mfa: bool | None = None) -> list[str]:
        """Why the password is refused for this person; the minimum length depends on whether they have confirmed
        MFA (asked of the MFA service unless `has_mfa` says)."""
        mfa = self.factors.has_mfa(account.id) if has_mfa is None else has_mfa
        holder = Holder(account.username, account.email, account.name, mfa)
        reasons = self.policy.problems(password, holder, self.blocklist)
        if Reason.TOO_LONG not in reasons and self._reused(account.id, normalise(password)):
            reasons.append(Reason.RECENTLY_USED)
        return reason_codes(reasons)

    def _reused(self, user_id: int, password: str) -> bool:
        if self.policy.history == 0:
            return False
        return self.accounts.verify(user_id, password) or self.history.contains(user_id, password, self.policy.history)

    def _store(self, account: Account, password: str, current: str = "") -> None:
        """Set the password and remember it; `current` (known on a change) is remembered too when the history does
        not hold it yet (a password set before the history was kept)."""
        text, keep, now = normalise(password), self.policy.history, self.clock.now()
        if current and keep and not self.history.contains(account.id, current, keep):
            self.history.add(account.id, current, now, keep)
        self.accounts.set_password(account.id, text)
        self.history.add(account.id, text, now, keep)

    # -- own change ----------------------------------------------------------------------------------
    def change(self, actor: Principal, current: str, new: str) -> int:
        """Change one's own password; every other session and token ends (the request's own, `actor.session_id`,
        stays). The count of sessions ended."""
        account = self.accounts.account(actor.user_id)
        if account is None:
            raise NotFound("No such user.", code="user_not_found", details={"id": actor.user_id})
        current = normalise(current) if len(current) <= self.policy.max_length * 4 else ""
        if not current or not self.accounts.verify(account.id, current):
            self._refused(actor, account, ["wrong_current_password"], "change")
            raise InvalidInput("The current password is not right.", code="wrong_current_password")
        reasons = self.problems(account, new)
        if reasons:
            self._refused(actor, account, reasons, "change")
            raise weak_password(reasons)
        with self.uow:
            self._store(account, new, current)
            ended = self.access.revoke_all_access(account.id, keep=actor.session_id)
            self.audit.record(actor, "auth.password_change", "user", account.id, {"sessions_ended": ended})
            self._event(
                actor.meta,
                account.id,
                "password_changed",
                Severity.LOW,
                "password_change",
                "The person changed their password; their other sessions ended.",
                {"sessions_ended": ended},
            )
            self._tell(account, "Your password was changed", "Your password was just changed.")
            self.uow.commit()
        return ended

    # -- resets --------------------------------------------------------------------------------------
    def request_reset(self, login: str, meta: RequestMeta) -> None:
        """E-mail a one-time link valid RESET_TTL to the account `login` names (username or e-mail). Answers alike
        whether or not it exists: nothing is said, and nothing of the login is kept when nobody holds it. At most
        reset_limits.per_address links a window reach one address (further requests answer alike and send
        nothing); a network past reset_limits.per_network requests is refused (429) whatever it asks."""
        anonymous, now, limits = Principal(0, ANONYMOUS, meta=meta), self.clock.now(), self.reset_limits
        network = bump(self.links, f"reset-net:{network_of(meta.ip)}", now, limits.window)
        if network.requests > limits.per_network:
            with self.uow:
                self.audit.record(anonymous, "auth.password_reset_request", "user", "", {"throttled": "network"})
                self.uow.commit()
            raise network_throttled(network, now)
        login = login.strip()
        account = self.accounts.find(login) if 0 < len(login) <= 254 else None
        counts = [bump(self.links, f"reset-addr:{account_key(login)}", now, limits.window).requests]
        if account is not None:
            counts.append(bump(self.links, f"reset-acct:{account.id}", now, limits.window).requests)
        with self.uow:
            if max(counts) > limits.per_address:  # the same answer, and no e-mail: the address had its links
                details = {"sent": False, "throttled": "address"}
                self.audit.record(anonymous, "auth.password_reset_request", "user", "", details)
            elif account is None or not account.email:
                self.audit.record(anonymous, "auth.password_reset_request", "user", "", {"sent": False})
            else:
                self._send_link(account, "self")
                self.audit.record(anonymous, "auth.password_reset_request", "user", account.id, {"sent": True})
                self._event(
                    meta,
                    account.id,
                    "password_reset_requested",
                    Severity.LOW,
                    "password_reset_request",
                    "A password reset link was e-mailed at the person's request.",
                    {"by": "self"},
                )
            self.uow.commit()

    def admin_reset(self, actor: Principal, user_id: int, reason: str) -> None:
        """An admin has the person e-mailed a reset link; the admin never sees or sets the password."""
        self.audit.require(actor, Permission.SECURITY_MANAGE, "user", user_id)
        reason = reason.strip()[:MAX_REASON]
        if not reason:
            raise InvalidInput("Say why the password is reset (reason).", code="reason_required")
        account = self.accounts.account(user_id)
        if account is None:
            raise NotFound("No such user.", code="user_not_found", details={"id": user_id})
        require_rank(actor, user_id, self.ranks.get(user_id))
        if not account.email:
            raise Unprocessable("This person has no e-mail address to send a link to.", code="no_email_address")
        with self.uow:
            self._send_link(account, "admin")
            self.audit.record(actor, "security.password_reset", "user", user_id, {"reason": reason})
            self._event(
                actor.meta,
                user_id,
                "password_reset_requested",
                Severity.MEDIUM,
                "admin_password_reset",
                "An admin had a password reset link e-mailed to the person.",
                {"by": actor.user_id},
            )
            self.uow.commit()

    def confirm_reset(self, token: str, new: str, meta: RequestMeta) -> int:
        """Set the password with a link's token (once, within RESET_TTL); every session and token of the person
        ends. The count ended. A refused password leaves the link usable."""
        anonymous = Principal(0, ANONYMOUS, meta=meta)
        key = reset_key(token) if 1 <= len(token) <= MAX_RESET_TOKEN else ""
        raw = self.links.read([key]).get(key) if key else None
        account = self.accounts.account(int(json.loads(raw)["user_id"])) if raw else None
        if account is None:
            with self.uow:
                self.audit.record(anonymous, "auth.password_reset_failed", "user", "", {"why": "invalid_token"})
                self.uow.commit()
            raise invalid_reset_token()
        reasons = self.problems(account, new)
        if reasons:
            self._refused(anonymous, account, reasons, "reset")
            raise weak_password(reasons)
        with self.uow:
            if self.links.take(key) is None:  # used meanwhile, or expired
                raise invalid_reset_token()
            self._store(account, new)
            ended = self.access.revoke_all_access(account.id)
            self.detector.password_reset(account.id)  # a new device or network in the next 24 h is high
            self.audit.record(anonymous, "auth.password_reset", "user", account.id, {"sessions_ended": ended})
            self._event(
                meta,
                account.id,
                "password_reset",
                Severity.MEDIUM,
                "password_reset",
                "The password was reset with an e-mailed link; every session ended.",
                {"sessions_ended": ended},
            )
            self._tell(account, "Your password was reset", "Your password was just reset with an e-mailed link.")
            self.uow.commit()
        return ended

    def invite_all(self, people: Sequence[Account]) -> None:
        """New accounts' invitations (`Account.name`: the first name): each a one-time set-password link valid
        INVITE_TTL, e-mailed through the outbox in the caller's unit of work; the links stored in one write and the
        e-mails queued in one (bulk imports: no password is ever in a file or hashed by the job). A link is
        confirmed like a reset link (POST /api/auth/password-reset/confirm)."""
        expires = self.clock.now() + INVITE_TTL
        links: dict[str, Stored] = {}
        notes: list[Notification] = []
        for person in people:
            token = secrets.token_urlsafe(32)
            links[reset_key(token)] = (json.dumps({"user_id": person.id, "by": "invitation"}), expires)
            body = "\n".join(
                [
                    f"Hello {person.name or person.username},",
                    "",
                    f"An account was made for you (username: {person.username}). Choose your password here (the "
                    f"link works once, for {INVITE_TTL.days} days):",
                    f"{self.reset_url}?{urlencode({'token': token})}",
                    "",
                    "If you did not expect this, ignore this e-mail.",
                ]
            )
            notes.append(Notification(person.email, "Your new account: choose a password", body))
        self.links.put_all(links)
        self.uow.notify_all(notes)

    # -- helpers -------------------------------------------------------------------------------------
    def _link(self, user_id: int, by: str, ttl: timedelta) -> str:
        token = secrets.token_urlsafe(32)
        value, expires = json.dumps({"user_id": user_id, "by": by}), self.clock.now() + ttl
        self.links.change(reset_key(token), lambda _old: (value, expires))
        return f"{self.reset_url}?{urlencode({'token': token})}"

    def _send_link(self, account: Account, by: str) -> None:
        link = self._link(account.id, by, RESET_TTL)
        lead = "An administrator asked" if by == "admin" else "Someone (we hope you) asked"
        body = "\n".join(
            [
                f"Hello {account.username},",
                "",
                f"{lead} to reset the password of your account. Choose a new one here (the link works once, "
                f"for {int(RESET_TTL.total_seconds() // 60)} minutes):",
                link,
                "",
                "If you did not ask for this, ignore this e-mail: your password stays as it is.",
            ]
        )
        self.uow.notify(Notification(account.email, "Reset your password", body))

    def _tell(self, account: Account, subject: str, what: str) -> None:
        if account.email:
            body = f"Hello {account.username},\n\n{what} If it was not you, reset it now and tell support."
            self.uow.notify(Notification(account.email, subject, body))

    def _refused(self, actor: Principal, account: Account, reasons: list[str], via: str) -> None:
        """Audited and raised, and committed before the caller raises the refusal."""
        with self.uow:
            self.audit.record(actor, "auth.password_refused", "user", account.id, {"via": via, "reasons": reasons})
            self._event(
                actor.meta,
                account.id,
                "password_refused",
                Severity.LOW,
                f"password_{via}",
                "A new password was refused.",
                {"via": via, "reasons": reasons},
            )
            self.uow.commit()

    def _event(
        self,
        meta: RequestMeta,
        user_id: int,
        kind: str,
        severity: Severity,
        rule: str,
        what: str,
        facts: dict[str, object],
    ) -> None:
        self.events.raise_event(
            NewSecurityEvent(kind, severity, rule, self.clock.now(), user_id, what, facts, meta.ip, meta.user_agent)
        )


def invalid_reset_token() -> InvalidInput:
    return InvalidInput(
        "This reset link is not valid: it was used already, it expired, or it was mistyped.",
        code="invalid_reset_token",
    )

"""Login protection: the identity module's LoginGuard, the owner's one-time unblock link, and an admin's unblock.

Tallies live in a ThrottleStore (the database, or Redis); the rules are in login.py. A refused attempt is answered
before any password is hashed, for known and unknown login names alike: a name's tallies say nothing about
whether it exists."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from domain.identity.ports import Admission
from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import InvalidInput, NotFound
from domain.shared.events import Notification
from domain.shared.live import now_of
from domain.shared.permissions import Permission
from domain.shared.principal import Principal, RequestMeta
from domain.shared.rank import RankLookup, require_rank
from domain.shared.uow import UnitOfWork

from .detection.detector import Detector
from .detection.facts import LoginFailed
from .detection.logins import credential_stuffing, failed_login_burst
from .login import (
    Keys,
    LoginPolicy,
    NetworkTally,
    Tally,
    after_account_failure,
    after_network_failure,
    after_pair_failure,
    network_of,
    pair_prefix,
    refusal,
    unblock_key,
)
from .model import NewSecurityEvent, Severity
from .ports import Person, SecurityDirectory, ThrottleStore
from .service import SecurityEvents

MAX_UNBLOCK_TOKEN = 128


@dataclass(frozen=True)
class Unblocked:
    """What an admin's unblock did."""

    user_id: int
    account_failures: int  # the account's failures forgotten
    was_blocked: bool  # whether the account had reached the cap


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class LoginProtection:
    def __init__(
        self,
        store: ThrottleStore,
        directory: SecurityDirectory,
        events: SecurityEvents,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        detector: Detector,
        policy: LoginPolicy | Callable[[], LoginPolicy] | None = None,
        unblock_url: str = "",
        *,
        ranks: RankLookup,
    ):
        self.detector, self.ranks = detector, ranks
        self.store = store
        self.directory = directory
        self.events = events
        self.audit = audit
        self.uow = uow
        self.clock = clock
        self._policy = policy or LoginPolicy()
        self.unblock_url = unblock_url

    # -- LoginGuard --------------------------------------------------------------------------------
    @property
    def policy(self) -> LoginPolicy:
        """The login policy in force now (its thresholds may change at run time)."""
        return now_of(self._policy)

    @policy.setter
    def policy(self, value: LoginPolicy | Callable[[], LoginPolicy]) -> None:
        self._policy = value

    def admit(self, username: str, meta: RequestMeta) -> Admission:
        person = self.directory.by_login(username)
        keys, now = Keys.of(username, meta.ip), self.clock.now()
        raw = self.store.read([keys.pair, keys.account, keys.network])
        refused = refusal(
            now,
            self.policy,
            Tally.decode(raw.get(keys.pair), now, self.policy),
            Tally.decode(raw.get(keys.account), now, self.policy),
            NetworkTally.decode(raw.get(keys.network)),
        )
        user_id = person.id if person else None
        return Admission(user_id, refused.retry_after, refused.reason) if refused else Admission(user_id)

    def failed(self, username: str, admission: Admission, meta: RequestMeta) -> None:
        keys, now, policy = Keys.of(username, meta.ip), self.clock.now(), self.policy
        fact = LoginFailed(keys.account_id, now, meta.ip, admission.user_id, meta.user_agent)
        seen: dict[str, object] = {}

        def pair(raw: str | None) -> tuple[str, datetime]:
            tally = after_pair_failure(Tally.decode(raw, now, policy), now, policy)
            seen["pair"] = tally
            return tally.encode(), tally.expires(policy)

        def account(raw: str | None) -> tuple[str, datetime]:
            tally = after_account_failure(Tally.decode(raw, now, policy), now)
            seen["account"] = tally
            return tally.encode(), tally.expires(policy)

        def network(raw: str | None) -> tuple[str, datetime]:
            before = NetworkTally.decode(raw)
            tally = after_network_failure(before, keys.account_id, now, policy)
            seen["stuffing"] = credential_stuffing(fact, before, tally, policy)
            return tally.encode(), tally.expires(policy)

        self.store.change(keys.pair, pair)
        self.store.change(keys.account, account)
        self.store.change(keys.network, network)
        pair_tally, account_tally = seen["pair"], seen["account"]
        assert isinstance(pair_tally, Tally) and isinstance(account_tally, Tally)
        person = self.directory.get(admission.user_id) if admission.user_id is not None else None
        burst = failed_login_burst(fact, pair_tally.failures, policy) if person else None
        if burst is not None:
            self.events.raise_event(burst)
        if account_tally.failures == policy.account_max_failures:
            self._account_reached_cap(person, keys, meta, now)
        stuffing = seen["stuffing"]
        if stuffing is not None:
            assert isinstance(stuffing, NewSecurityEvent)
            self.events.raise_event(stuffing)

    def succeeded(self, username: str, user_id: int, meta: RequestMeta) -> None:
        """The account's tallies are forgotten, and the detection rules look at the login (new device or network,
        impossible travel) in the login's unit of work."""
        keys = Keys.of(username, meta.ip)
        self.store.forget([keys.pair, keys.account])
        self.detector.login_succeeded(user_id, meta)

    # -- unblocking --------------------------------------------------------------------------------
    def unblock_with_link(self, token: str, meta: RequestMeta) -> None:
        """The owner's one-time link: forgets the account's failures and those from the owner's network."""
        invalid = InvalidInput(
            "This unblock link is not valid: it was used already, it expired, or it was mistyped.",
            code="invalid_unblock_token",
        )
        if not 1 <= len(token) <= MAX_UNBLOCK_TOKEN:
            raise invalid
        with self.uow:
            raw = self.store.take(unblock_key(_hash(token)))
            if raw is None:
                raise invalid
            data = json.loads(raw)
            account_id, user_id = str(data["account"]), int(data["user_id"])
            self.store.forget([f"acct:{account_id}", f"pair:{account_id}:{network_of(meta.ip)}"])
            self.audit.record(Principal(0, "anonymous", meta=meta), "auth.unblock", "user", user_id, {"via": "link"})
            self.events.raise_event(
                NewSecurityEvent(
                    "login_unblocked",
                    Severity.LOW,
                    "unblock_link",
                    self.clock.now(),
                    user_id,
                    "The owner unblocked sign-in with the e-mailed link.",
                    {"via": "link"},
                    meta.ip,
                    meta.user_agent,
                )
            )
            self.uow.commit()

    def unblock(self, actor: Principal, user_id: int) -> Unblocked:
        """An admin clears a person's login throttle: the account's failures and every (account, network) delay.
        A network's own throttle (credential stuffing) is left alone."""
        self.audit.require(actor, Permission.SECURITY_MANAGE, "user", user_id)
        person = self.directory.get(user_id)
        if person is None:
            raise NotFound("No such user.", code="user_not_found", details={"id": user_id})
        require_rank(actor, user_id, self.ranks.get(user_id))
        keys, now = Keys.of(person.username, None), self.clock.now()
        with self.uow:
            tally = Tally.decode(self.store.read([keys.account]).get(keys.account), now, self.policy)
            result = Unblocked(
                user_id,
                tally.failures if tally else 0,
                bool(tally and tally.failures >= self.policy.account_max_failures),
            )
            self.store.forget([keys.account], prefix=pair_prefix(person.username))
            details = {"account_failures": result.account_failures, "was_blocked": result.was_blocked}
            self.audit.record(actor, "security.unblock", "user", user_id, details)
            self.events.raise_event(
                NewSecurityEvent(
                    "login_unblocked",
                    Severity.LOW,
                    "admin_unblock",
                    now,
                    user_id,
                    "An admin cleared the login throttle.",
                    {"by": actor.user_id, **details},
                    actor.meta.ip,
                    actor.meta.user_agent,
                )
            )
            self.uow.commit()
        return result

    def purge_expired(self) -> int:
        """Drop expired tallies and links where the store keeps them (a periodic task)."""
        return self.store.purge()

    # -- what the failures raise -------------------------------------------------------------------
    def _account_reached_cap(self, person: Person | None, keys: Keys, meta: RequestMeta, now: datetime) -> None:
        """The account's own total reached the cap: every network is refused until the owner uses the e-mailed
        link, an admin unblocks, or `forget_after` passes without a failure."""
        if person is None:
            return  # a name nobody holds is refused all the same; there is nobody to tell
        notified = bool(person.email)
        if notified:
            token = secrets.token_urlsafe(32)
            value = json.dumps({"account": keys.account_id, "user_id": person.id})
            expires = now + self.policy.unblock_link_ttl
            self.store.change(unblock_key(_hash(token)), lambda _old: (value, expires))
            self.uow.notify(self._unblock_message(person, token))
        p = self.policy
        self.events.raise_event(
            NewSecurityEvent(
                "account_login_blocked",
                Severity.HIGH,
                "account_max_failures",
                now,
                person.id,
                f"{p.account_max_failures} failed logins in a row: sign-in is refused from every network until "
                "the owner uses the e-mailed link or an admin unblocks it.",
                {"failures": p.account_max_failures, "owner_notified": notified},
                meta.ip,
                meta.user_agent,
            )
        )

    def _unblock_message(self, person: Person, token: str) -> Notification:
        hours = int(self.policy.unblock_link_ttl.total_seconds() // 3600)
        link = f"{self.unblock_url}?{urlencode({'token': token})}"
        body = "\n".join(
            [
                f"Hello {person.username},",
                "",
                f"Someone tried to sign in to your account and got the password wrong "
                f"{self.policy.account_max_failures} times in a row, so we have paused sign-in to protect it.",
                "",
                f"If that was you, open this link to sign in again (it works once, for {hours} hours):",
                link,
                "",
                "If it was not you, your password was not accepted and your account is safe; consider changing "
                "your password anyway, and tell support if this happens again.",
            ]
        )
        return Notification(person.email, "Sign-in to your account is paused", body)

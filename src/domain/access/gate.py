"""The staff network gate: every authenticated staff request passes `admit`; a refusal is audited, raised as a
security event (once per person and network per cooldown) and answered 403 `network_not_allowed`. A platform admin
locked out by the allowlist gets in through `break_glass`, run on the server, audited and raised as critical."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import DomainError, PermissionDenied
from domain.shared.permissions import Role
from domain.shared.principal import Principal
from domain.shared.security_events import NewSecurityEvent, Severity
from domain.shared.uow import UnitOfWork

from .model import network_of
from .ports import Marks, NetworkPolicySource, SecurityLog, StaffLookup

EVENT_COOLDOWN = timedelta(minutes=15)
MAX_BREAK_GLASS_MINUTES = 240


class NetworkNotAllowed(PermissionDenied):
    code = "network_not_allowed"


class InvalidBreakGlass(DomainError):
    code = "invalid_break_glass"


def exemption_key(user_id: int) -> str:
    return f"access:break_glass:{user_id}"


@dataclass(frozen=True)
class BreakGlass:
    user_id: int
    username: str
    until: str  # ISO 8601, UTC


@dataclass
class NetworkGate:
    policy: NetworkPolicySource
    marks: Marks
    people: StaffLookup
    security: SecurityLog
    audit: AuditTrail
    uow: UnitOfWork
    clock: Clock

    def admit(self, principal: Principal) -> None:
        """Pass, or raise NetworkNotAllowed after recording the refusal. Learners always pass; under impersonation
        the staff member behind it is the one held to their lists."""
        policy = self.policy.current()
        if not policy.restricts:
            return
        subject = self._subject(principal)
        refused = policy.refusing_list(subject, principal.meta.ip) if subject is not None else None
        if subject is None or refused is None or self.marks.live(exemption_key(subject.user_id)) is not None:
            return
        now, network = self.clock.now(), network_of(principal.meta.ip)
        details = {"ip": principal.meta.ip, "network_list": refused}
        with self.uow:
            self.audit.record(principal, "access.network_refused", "user", subject.user_id, details)
            cooldown = f"access:refused:{subject.user_id}:{network}"
            if self.marks.claim(cooldown, "1", now + EVENT_COOLDOWN):
                self.security.raise_event(
                    NewSecurityEvent(
                        "network_not_allowed",
                        Severity.MEDIUM,
                        "staff_network_allowlist",
                        now,
                        subject.user_id,
                        "A staff account was used from outside its allowed networks.",
                        {"network_list": refused, "network": network},
                        principal.meta.ip,
                        principal.meta.user_agent,
                    )
                )
            self.uow.commit()
        raise NetworkNotAllowed(
            "This staff account may not be used from your network: connect through an allowed network (VPN).",
            details={"network_list": refused},
        )

    def _subject(self, principal: Principal) -> Principal | None:
        if principal.impersonator_id is None:
            return principal
        staff = self.people.by_id(principal.impersonator_id)
        if staff is None:
            return None
        return Principal(staff.user_id, staff.username, staff.roles, staff.is_superuser, meta=principal.meta)

    def break_glass(self, actor: Principal, username: str, minutes: int, reason: str) -> BreakGlass:
        """Exempt an active platform admin from the allowlists for `minutes` (1 to 240); the exemption ends by
        itself. `actor`: who ran it (the server's operator, as SYSTEM)."""
        reason = reason.strip()
        if not 1 <= minutes <= MAX_BREAK_GLASS_MINUTES or not 10 <= len(reason) <= 500:
            raise InvalidBreakGlass("Give 1 to 240 minutes and a reason of 10 to 500 characters.")
        member = self.people.by_username(username)
        if member is None or not member.is_active or Role.PLATFORM_ADMIN not in member.roles:
            raise InvalidBreakGlass("Break-glass is only for an active platform admin.")
        now = self.clock.now()
        until = now + timedelta(minutes=minutes)
        details = {"minutes": minutes, "reason": reason, "until": until.isoformat()}
        with self.uow:
            self.marks.put(exemption_key(member.user_id), until.isoformat(), until)
            self.audit.record(actor, "access.break_glass", "user", member.user_id, details)
            self.security.raise_event(
                NewSecurityEvent(
                    "break_glass",
                    Severity.CRITICAL,
                    "staff_network_break_glass",
                    now,
                    member.user_id,
                    f"{member.username} was exempted from the staff network allowlists for {minutes} minutes.",
                    details,
                )
            )
            self.uow.commit()
        return BreakGlass(member.user_id, member.username, until.isoformat())

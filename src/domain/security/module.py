"""The security module assembled from its ports (the composition root calls `Security.build`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.audit.service import AuditService
from domain.identity.password_policy import PasswordPolicy
from domain.identity.ports import IdentityDirectory, PasswordBlocklist
from domain.shared.clock import Clock
from domain.shared.uow import UnitOfWork

from .detection.detector import Detector
from .detection.policy import DetectionPolicy
from .login import LoginPolicy
from .mfa import MfaPolicy
from .mfa_recovery import MfaRecovery
from .mfa_service import MfaService, SessionScopes
from .passwords import AccessEnder, PasswordService
from .ports import (
    DeviceClassifier,
    LoginHistory,
    MfaResetRequests,
    MfaStore,
    PasswordAccounts,
    PasswordHistory,
    SecretBox,
    SecurityDirectory,
    SecurityEventStore,
    ThrottleStore,
)
from .protection import LoginProtection
from .service import SecurityEvents


@dataclass(frozen=True)
class SecurityStores:
    events: SecurityEventStore
    throttle: ThrottleStore  # login counters, reset links, MFA delays: kept whatever a unit of work does
    directory: SecurityDirectory
    logins: LoginHistory
    passwords: PasswordHistory
    mfa: MfaStore
    mfa_resets: MfaResetRequests
    box: SecretBox  # MFA secrets sealed at rest
    devices: DeviceClassifier
    accounts: PasswordAccounts  # where passwords live (identity's directory): security's rules check and set them


@dataclass(frozen=True)
class SecuritySettings:
    blocklist: PasswordBlocklist
    passwords: PasswordPolicy = field(default_factory=PasswordPolicy)
    login: LoginPolicy = field(default_factory=LoginPolicy)
    detection: DetectionPolicy = field(default_factory=DetectionPolicy)
    mfa: MfaPolicy = field(default_factory=MfaPolicy)
    alert_emails: tuple[str, ...] = ()
    unblock_url: str = ""
    reset_url: str = ""


@dataclass(frozen=True)
class Security:
    events: SecurityEvents  # the security event log and its alerts
    protection: LoginProtection  # identity's LoginGuard: throttles, lockouts, unblock links
    detector: Detector  # the detection rules
    mfa: MfaService  # identity's SecondFactor; enrolment, codes, step-up
    mfa_recovery: MfaRecovery  # an admin's reset of a person's MFA, with its approval
    passwords: PasswordService  # changes, resets, the policy with history

    @staticmethod
    def build(
        *,
        stores: SecurityStores,
        identities: IdentityDirectory,
        sessions: SessionScopes,
        access: AccessEnder,
        audit: AuditService,
        uow: UnitOfWork,
        clock: Clock,
        settings: SecuritySettings,
    ) -> Security:
        """`identities`, `sessions`: identity's directory and token store; `access`: identity's TokenRevocation."""
        s, cfg = stores, settings
        events = SecurityEvents(s.events, s.directory, audit, uow, clock, cfg.alert_emails)
        detector = Detector(s.logins, s.devices, events, audit, s.throttle, uow, clock, cfg.detection)
        protection = LoginProtection(
            s.throttle, s.directory, events, audit, uow, clock, detector, cfg.login, cfg.unblock_url
        )
        mfa = MfaService(
            s.mfa, s.box, s.throttle, s.directory, sessions, events, audit, uow, clock, cfg.mfa, detector=detector
        )
        recovery = MfaRecovery(
            s.mfa,
            s.mfa_resets,
            identities,
            s.directory,
            access,
            s.throttle,
            events,
            audit,
            uow,
            clock,
            cfg.mfa,
            detector=detector,
        )
        passwords = PasswordService(
            s.accounts,
            s.passwords,
            s.throttle,
            access,
            events,
            audit,
            uow,
            clock,
            cfg.passwords,
            cfg.blocklist,
            cfg.reset_url,
            detector=detector,
            factors=mfa,
        )
        return Security(events, protection, detector, mfa, recovery, passwords)

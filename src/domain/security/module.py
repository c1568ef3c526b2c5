"""The security module assembled from its ports (the composition root calls `Security.build`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from domain.audit.service import AuditService
from domain.identity.password_policy import PasswordPolicy, PolicySource
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
from .reset_throttle import ResetLimits
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
    passwords: PasswordPolicy | PolicySource = field(default_factory=PasswordPolicy)  # a source: run-time policies
    login: LoginPolicy | Callable[[], LoginPolicy] = field(default_factory=LoginPolicy)  # a source: run-time
    detection: DetectionPolicy = field(default_factory=DetectionPolicy)
    mfa: MfaPolicy | Callable[[], MfaPolicy] = field(default_factory=MfaPolicy)  # a source: run-time policies
    alert_emails: tuple[str, ...] = ()
    unblock_url: str = ""
    reset_url: str = ""
    reset_limits: ResetLimits = field(default_factory=ResetLimits)  # password reset links per address and network


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
        events = SecurityEvents(
            store=s.events, directory=s.directory, audit=audit, uow=uow, clock=clock, alert_emails=cfg.alert_emails
        )
        detector = Detector(
            history=s.logins,
            devices=s.devices,
            events=events,
            audit=audit,
            state=s.throttle,
            uow=uow,
            clock=clock,
            policy=cfg.detection,
        )
        protection = LoginProtection(
            store=s.throttle,
            directory=s.directory,
            events=events,
            audit=audit,
            uow=uow,
            clock=clock,
            detector=detector,
            policy=cfg.login,
            unblock_url=cfg.unblock_url,
            ranks=identities,
        )
        mfa = MfaService(
            store=s.mfa,
            box=s.box,
            throttle=s.throttle,
            directory=s.directory,
            sessions=sessions,
            events=events,
            audit=audit,
            uow=uow,
            clock=clock,
            policy=cfg.mfa,
            detector=detector,
        )
        recovery = MfaRecovery(
            store=s.mfa,
            requests=s.mfa_resets,
            identities=identities,
            directory=s.directory,
            access=access,
            throttle=s.throttle,
            events=events,
            audit=audit,
            uow=uow,
            clock=clock,
            policy=cfg.mfa,
            detector=detector,
        )
        passwords = PasswordService(
            accounts=s.accounts,
            history=s.passwords,
            links=s.throttle,
            access=access,
            events=events,
            audit=audit,
            uow=uow,
            clock=clock,
            policy=cfg.passwords,
            blocklist=cfg.blocklist,
            reset_url=cfg.reset_url,
            detector=detector,
            factors=mfa,
            ranks=identities,
            reset_limits=cfg.reset_limits,
        )
        return Security(
            events=events, protection=protection, detector=detector, mfa=mfa, mfa_recovery=recovery, passwords=passwords
        )

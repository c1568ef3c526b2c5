"""The identity module assembled from its ports (the composition root calls `Identity.build`), and the revocation it
offers the modules built before it (TokenRevocation: over the token store alone)."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.uow import UnitOfWork

from .admin_login import AdminLogin
from .password_policy import PasswordPolicy, PolicySource
from .ports import (
    IdentityDirectory,
    LoginGuard,
    PasswordBlocklist,
    RoleRequests,
    RoleWatch,
    SecondFactor,
    SecurityLog,
    StaffDirectory,
    TokenStore,
)
from .revocation import TokenRevocation as TokenRevocation  # offered before the module is built
from .service import AuthService, StaffService
from .session_service import SessionService
from .sessions import SessionPolicy
from .staff_admin import StaffAdministration


@dataclass(frozen=True)
class IdentityStores:
    directory: IdentityDirectory
    tokens: TokenStore
    staff: StaffDirectory  # staff administration's view of the same accounts
    role_requests: RoleRequests


@dataclass(frozen=True)
class IdentitySettings:
    blocklist: PasswordBlocklist
    sessions: SessionPolicy = field(default_factory=SessionPolicy)
    passwords: PasswordPolicy | PolicySource = field(default_factory=PasswordPolicy)  # a source: run-time policies


@dataclass(frozen=True)
class Identity:
    auth: AuthService  # log in (with the second factor), tokens, log out
    staff: StaffService  # staff accounts and their roles
    sessions: SessionService  # a person's own sessions, and an admin's view of them
    admin: StaffAdministration  # the staff list, role changes with their approvals, deactivation
    admin_login: AdminLogin  # the admin site's sign-in under the same login protection and audit

    @staticmethod
    def build(
        *,
        stores: IdentityStores,
        guard: LoginGuard,
        second_factor: SecondFactor,
        roles: RoleWatch,
        security: SecurityLog,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        settings: IdentitySettings,
    ) -> Identity:
        """`guard`, `second_factor`, `roles`, `security`: the security module's login protection, MFA, detection
        rules and event log."""
        directory, tokens, cfg = stores.directory, stores.tokens, settings
        auth = AuthService(
            directory=directory,
            tokens=tokens,
            audit=audit,
            uow=uow,
            clock=clock,
            policy=cfg.sessions,
            guard=guard,
            second_factor=second_factor,
            sign_ins=stores.staff,
        )
        return Identity(
            auth=auth,
            staff=StaffService(
                directory=directory, audit=audit, uow=uow, policy=cfg.passwords, blocklist=cfg.blocklist, roles=roles
            ),
            sessions=SessionService(
                tokens=tokens,
                directory=directory,
                audit=audit,
                uow=uow,
                clock=clock,
                policy=cfg.sessions,
                security=security,
            ),
            admin=StaffAdministration(
                staff=stores.staff,
                requests=stores.role_requests,
                tokens=tokens,
                second_factor=second_factor,
                roles=roles,
                security=security,
                audit=audit,
                uow=uow,
                clock=clock,
            ),
            admin_login=AdminLogin(guard=guard, audit=audit, uow=uow),
        )

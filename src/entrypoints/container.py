"""What the composition root hands out: every service of the product, built once per process (or per test)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from adapters.passwords import default_blocklist
from domain.accounts.ingest_service import ActivityIngestion
from domain.accounts.service import AccountsService
from domain.analytics.service import AnalyticsService
from domain.audit.admin_site import AdminSiteAudit
from domain.audit.sealing import AuditSealer
from domain.audit.service import AuditService
from domain.audit.verify import AuditVerifier
from domain.bulk.runner import BulkRunner
from domain.bulk.service import BulkService
from domain.identity.admin_login import AdminLogin
from domain.identity.password_policy import PasswordPolicy, PolicySource
from domain.identity.ports import PasswordBlocklist
from domain.identity.service import AuthService, StaffService
from domain.identity.session_service import SessionService
from domain.identity.staff_admin import StaffAdministration
from domain.impersonation.module import Impersonations
from domain.knowledge.service import KnowledgeService
from domain.monitoring.service import Monitoring
from domain.privacy.module import Privacy
from domain.security.detection.detector import Detector
from domain.security.mfa_recovery import MfaRecovery
from domain.security.mfa_service import MfaService
from domain.security.passwords import PasswordService
from domain.security.protection import LoginProtection
from domain.security.service import SecurityEvents
from domain.shared.clock import Clock
from domain.shared.events import EventPublisher, Notifier, TaskQueue
from domain.shared.uow import UnitOfWork
from domain.tickets.service import Support
from domain.tickets.sweep import SlaSweep

if TYPE_CHECKING:
    from .modules import Module

B = TypeVar("B")


class DemoSeeder(Protocol):
    """Demo data laid out backwards from `now` (the caller's Clock)."""

    def seed(self, users: int, activities_per_user: int, seed_value: int, now: datetime) -> Any: ...

    def has_learners(self) -> bool: ...

    def seed_tickets(self, tickets: int, updates_per_ticket: int, seed_value: int, now: datetime) -> Any: ...

    # validation learners whose behaviour follows hidden dropout propensities (the at-risk score's ground truth)
    def seed_cohort(self, learners: int, seed_value: int, now: datetime, span_days: int = 14) -> Any: ...


@dataclass
class Container:
    clock: Clock
    publisher: EventPublisher
    notifier: Notifier
    tasks: TaskQueue
    uow: UnitOfWork
    audit: AuditService
    audit_sealer: AuditSealer
    audit_verifier: AuditVerifier
    admin_audit: AdminSiteAudit  # Django's admin site: sign-ins, reads and changes
    auth: AuthService
    admin_login: AdminLogin  # the admin site's sign-ins: login protection and audit
    staff: StaffService
    staff_admin: StaffAdministration  # the staff list, role changes and their approvals, deactivation
    accounts: AccountsService
    ingestion: ActivityIngestion
    knowledge: KnowledgeService
    support: Support
    sweep: SlaSweep
    security: SecurityEvents
    login_protection: LoginProtection
    passwords: PasswordService
    sessions: SessionService
    analytics: AnalyticsService
    impersonation: Impersonations
    detector: Detector
    monitoring: Monitoring
    mfa: MfaService
    mfa_recovery: MfaRecovery
    bulk: BulkService
    bulk_runner: BulkRunner
    privacy: Privacy
    password_policy: PasswordPolicy | PolicySource = field(default_factory=PasswordPolicy)
    password_blocklist: PasswordBlocklist = field(default_factory=default_blocklist)
    health_checks: dict[str, Any] = field(default_factory=dict)  # name -> adapters.health.Check
    relay_outbox: Callable[[], int] = lambda: 0
    purge_outbox: Callable[[timedelta], int] = lambda window: 0
    seeder: DemoSeeder | None = None
    # the background tasks the modules enqueue, by name: the harness's queue runs them (Huey's are entrypoints.tasks)
    handlers: dict[str, Callable[..., object]] = field(default_factory=dict)
    # the modules of entrypoints.modules, built, by their entry
    modules: dict[object, object] = field(default_factory=dict)

    def __getitem__(self, module: Module[Any, B]) -> B:
        """A module of entrypoints.modules, built (by `assembly.assemble`, from that entry's own `build`)."""
        return cast(B, self.modules[module])

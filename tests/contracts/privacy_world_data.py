"""The privacy module's cross-module ports as one world, on the harness's fakes or on the Django adapters, with the
few set-up steps no port offers (a staff account, an activity row, a delivered e-mail) and the end state read back
the same way on both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from adapters.privacy_files import LocalPrivacyFiles
from domain.audit.ports import AuditLog
from domain.bulk.ports import OperationStore
from domain.identity.ports import TokenStore
from domain.monitoring.ports import TelemetryStore
from domain.privacy.ports import Anonymiser, PersonalData, ReportQueries, RequestStore, RetentionStore, Subjects
from domain.security.ports import SecurityEventStore
from domain.tickets.ports import TicketRepository

from .conftest import AT, learner


class Raw(Protocol):
    """What the contract sets up or reads without a port."""

    def staff(self, username: str) -> int: ...
    def retention_date(self, user_id: int, at: datetime) -> None: ...
    def activity(self, user_id: int, at: datetime) -> None: ...
    def outbox(self, to: str, delivered_at: datetime | None) -> None: ...
    def identity(self, user_id: int) -> tuple[str, str, str, str, bool]: ...
    def ticket_texts(self, user_id: int) -> list[str]: ...
    def event_texts(self, user_id: int) -> list[str]: ...


@dataclass
class World:
    subjects: Subjects
    personal: PersonalData
    anonymiser: Anonymiser
    retention: RetentionStore
    reports: ReportQueries
    profiles: Any  # ProfileRepository: create
    tokens: TokenStore
    security: SecurityEventStore
    tickets: TicketRepository
    operations: OperationStore
    requests: RequestStore
    telemetry: TelemetryStore
    audit: AuditLog
    files: LocalPrivacyFiles
    bulk_files: Any
    raw: Raw

    def learner(self, username: str, email: str = "", first: str = "", last: str = "") -> int:
        new = learner(username, email=email or f"{username}@example.com", first_name=first, last_name=last)
        return int(self.profiles.create(new, AT).user_id)


def memory_world(tmp: Path) -> World:
    from adapters.bulk_files import LocalBulkFiles
    from adapters.memory.accounts import InMemoryAccounts
    from adapters.memory.audit import InMemoryAuditLog
    from adapters.memory.bulk import InMemoryBulkOperations
    from adapters.memory.identity import InMemoryIdentityDirectory, InMemoryTokenStore
    from adapters.memory.impersonation import InMemoryImpersonations
    from adapters.memory.monitoring import InMemoryMonitoring
    from adapters.memory.privacy import InMemoryConsents, InMemoryPrivacyRequests
    from adapters.memory.privacy_retention import InMemoryRetention
    from adapters.memory.privacy_world import InMemoryPrivacyWorld
    from adapters.memory.security import InMemorySecurityEvents
    from adapters.memory.tickets import InMemoryTickets
    from entrypoints.harness import memory_stores

    security, directory, monitor = InMemorySecurityEvents(), InMemoryIdentityDirectory(), InMemoryMonitoring()
    people, tokens, tickets = InMemoryAccounts(security=security), InMemoryTokenStore(directory), InMemoryTickets()
    operations, requests, audit = InMemoryBulkOperations(), InMemoryPrivacyRequests(), InMemoryAuditLog()
    files, bulk_files = LocalPrivacyFiles(tmp / "privacy"), LocalBulkFiles(tmp / "bulk")
    retention = InMemoryRetention(people, security, tickets, tokens, operations, requests, monitor, bulk_files, files)
    world = InMemoryPrivacyWorld(
        people,
        directory,
        tokens,
        tickets,
        security,
        InMemoryImpersonations(),
        audit,
        InMemoryConsents(),
        monitor,
        retention,
    )
    raw = MemoryRaw(people, directory, tickets, security, retention)
    telemetry = memory_stores(monitor).telemetry
    return World(
        world,
        world,
        world,
        retention,
        world,
        people,
        tokens,
        security,
        tickets,
        operations,
        requests,
        telemetry,
        audit,
        files,
        bulk_files,
        raw,
    )


class MemoryRaw:
    def __init__(self, people: Any, directory: Any, tickets: Any, security: Any, retention: Any):
        self.people, self.directory, self.tickets, self.security = people, directory, tickets, security
        self.retention = retention

    def staff(self, username: str) -> int:
        from domain.shared.permissions import Role

        return int(self.directory.add(username, None, frozenset({Role.SUPPORT_AGENT}), email=f"{username}@x.org").id)

    def retention_date(self, user_id: int, at: datetime) -> None:
        from dataclasses import replace

        self.people.profiles[user_id] = replace(self.people.profiles[user_id], data_retention_date=at)

    def activity(self, user_id: int, at: datetime) -> None:
        from domain.accounts.queries import ActivityEntry

        entry = ActivityEntry(len(self.people.activities) + 1, "lesson.viewed", {}, None, "", at, "")
        self.people.activities.append(entry)
        self.people.activity_users[entry.id] = user_id

    def outbox(self, to: str, delivered_at: datetime | None) -> None:
        from adapters.memory.privacy_retention import OutboxRow

        self.retention.outbox.append(OutboxRow(len(self.retention.outbox) + 1, to, delivered_at))

    def identity(self, user_id: int) -> tuple[str, str, str, str, bool]:
        p = self.people.people[user_id]
        return p.username, p.email, p.first_name, p.last_name, p.is_active

    def ticket_texts(self, user_id: int) -> list[str]:
        mine = [t for t in self.tickets.rows.values() if t.user_id == user_id]
        ids = {t.id for t in mine}
        return [x for t in mine for x in (t.title, t.description)] + [
            u.content for u in self.tickets.history if u.ticket_id in ids
        ]

    def event_texts(self, user_id: int) -> list[str]:
        return [x for e in self.security.events if e.user_id == user_id for x in (e.description, e.ip or "")]


def django_world(tmp: Path) -> World:
    from adapters.bulk_files import LocalBulkFiles
    from adapters.orm.accounts.repository import DjangoProfileRepository
    from adapters.orm.audit.repository import DjangoAuditLog
    from adapters.orm.bulk.repository import DjangoBulkOperations
    from adapters.orm.identity.repository import DjangoTokenStore
    from adapters.orm.monitoring.telemetry import DjangoTelemetryStore
    from adapters.orm.privacy.anonymiser import DjangoAnonymiser
    from adapters.orm.privacy.repository import DjangoPrivacyRequests
    from adapters.orm.privacy.retention import DjangoRetention, Files
    from adapters.orm.privacy.world import DjangoPersonalData, DjangoSubjects
    from adapters.orm.security.repository import DjangoSecurityEventStore
    from adapters.orm.tickets.repository import DjangoTicketRepository

    files, bulk_files = LocalPrivacyFiles(tmp / "privacy"), LocalBulkFiles(tmp / "bulk")
    retention = DjangoRetention(Files(bulk_files, files))
    return World(
        DjangoSubjects(),
        DjangoPersonalData(),
        DjangoAnonymiser(),
        retention,
        retention,
        DjangoProfileRepository(),
        DjangoTokenStore(),
        DjangoSecurityEventStore(),
        DjangoTicketRepository(),
        DjangoBulkOperations(),
        DjangoPrivacyRequests(),
        DjangoTelemetryStore(),
        DjangoAuditLog(),
        files,
        bulk_files,
        DjangoRaw(),
    )


class DjangoRaw:
    def staff(self, username: str) -> int:
        from django.contrib.auth.models import User

        return int(User.objects.create_user(username, f"{username}@x.org", is_staff=True).pk)

    def retention_date(self, user_id: int, at: datetime) -> None:
        from adapters.orm.accounts.models import UserProfile

        UserProfile.objects.filter(user_id=user_id).update(data_retention_date=at)

    def activity(self, user_id: int, at: datetime) -> None:
        from adapters.orm.accounts.models import UserActivityLog

        UserActivityLog.objects.create(user_id=user_id, activity_type="lesson.viewed", activity_data={}, timestamp=at)

    def outbox(self, to: str, delivered_at: datetime | None) -> None:
        from adapters.orm.outbox.models import OutboxMessage

        OutboxMessage.objects.create(
            kind=OutboxMessage.NOTIFICATION,
            payload={"to": to},
            created_at=AT,
            available_at=AT,
            delivered_at=delivered_at,
        )

    def identity(self, user_id: int) -> tuple[str, str, str, str, bool]:
        from django.contrib.auth.models import User

        u = User.objects.get(pk=user_id)
        return u.username, u.email, u.first_name, u.last_name, u.is_active

    def ticket_texts(self, user_id: int) -> list[str]:
        from adapters.orm.tickets.models import SupportTicket, SupportTicketUpdate

        mine = SupportTicket.objects.filter(user_id=user_id)
        updates = SupportTicketUpdate.objects.filter(ticket__user_id=user_id).values_list("content", flat=True)
        return [x for t in mine for x in (t.title, t.description)] + list(updates)

    def event_texts(self, user_id: int) -> list[str]:
        from adapters.orm.security.models import UserSecurityEvent

        rows = UserSecurityEvent.objects.filter(user_id=user_id).values_list("description", "ip_address")
        return [x or "" for pair in rows for x in pair]

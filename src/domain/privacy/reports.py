"""Compliance reports for an auditor: who read or changed whose data, administrative actions by actor and type,
consent coverage, retention runs and erasures, impersonation sessions. Each as pages of rows (the same columns as
its CSV); reading a page and downloading a CSV are each audited."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from domain.audit.model import AuditEntry, AuditFilter, AuditRecord
from domain.audit.service import AuditService
from domain.impersonation.model import Impersonation, ImpersonationFilter, PersonRef
from domain.shared.clock import Clock
from domain.shared.pagination import MAX_LIMIT, Page, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .model import RequestKind, RetentionRun
from .ports import ConsentStore, HoldStore, ReportQueries, RequestStore, RetentionRuns

Cell = str | int | None


class ReportName(StrEnum):
    DATA_ACCESS = "data-access"
    ADMIN_ACTIONS = "admin-actions"
    CONSENTS = "consents"
    RETENTION = "retention"
    IMPERSONATION = "impersonation"


COLUMNS: dict[ReportName, tuple[str, ...]] = {
    ReportName.DATA_ACCESS: (
        "seq",
        "at",
        "actor_id",
        "actor",
        "actor_email",
        "impersonator_id",
        "on_behalf_of",
        "person_id",
        "person",
        "person_email",
        "action",
        "via",
        "reason",
        "ticket_id",
        "request_id",
    ),
    ReportName.ADMIN_ACTIONS: ("actor_id", "actor", "actor_email", "action", "entries"),
    ReportName.CONSENTS: ("consent_type", "version", "granted", "people"),
    ReportName.RETENTION: ("section", "what", "count", "at", "duration_ms"),
    ReportName.IMPERSONATION: (
        "id",
        "impersonator_id",
        "target_id",
        "impersonator",
        "target",
        "reason",
        "ticket_id",
        "scope",
        "status",
        "requested_at",
        "started_at",
        "ended_at",
        "end_reason",
    ),
}


@dataclass(frozen=True)
class ReportFilter:
    actor_id: int | None = None  # the staff member
    person_id: int | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class ReportPage:
    name: ReportName
    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    next_cursor: str | None


class SessionLog(Protocol):
    """Impersonation sessions (the impersonation module's store)."""

    def search(self, flt: ImpersonationFilter, page: PageRequest) -> Page[Impersonation]: ...


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at else None


class ComplianceReports:
    def __init__(
        self,
        audit: AuditService,
        consents: ConsentStore,
        requests: RequestStore,
        holds: HoldStore,
        runs: RetentionRuns,
        sessions: SessionLog,
        queries: ReportQueries,
        uow: UnitOfWork,
        clock: Clock,
    ):
        self.audit, self.consents, self.requests, self.holds, self.runs = audit, consents, requests, holds, runs
        self.sessions, self.queries, self.uow, self.clock = sessions, queries, uow, clock

    def page(self, actor: Principal, name: ReportName, flt: ReportFilter, page: PageRequest) -> ReportPage:
        self._check(actor, name)
        rows, cursor = self._page(name, flt, page)
        with self.uow:
            self.audit.record(actor, "compliance.report_read", "report", name.value, _audited(flt, len(rows)))
            self.uow.commit()
        return ReportPage(name, COLUMNS[name], rows, cursor)

    def download(self, actor: Principal, name: ReportName, flt: ReportFilter) -> Iterator[tuple[Cell, ...]]:
        """Every row, page after page (the CSV streams them); the download is audited before the first row."""
        self._check(actor, name)
        with self.uow:
            self.audit.record(actor, "compliance.report_download", "report", name.value, _audited(flt, None))
            self.uow.commit()
        return self._all(name, flt)

    def _all(self, name: ReportName, flt: ReportFilter) -> Iterator[tuple[Cell, ...]]:
        cursor: str | None = None
        while True:
            rows, cursor = self._page(name, flt, PageRequest(limit=MAX_LIMIT, cursor=cursor))
            yield from rows
            if cursor is None:
                return

    def _check(self, actor: Principal, name: ReportName) -> None:
        self.audit.require(actor, Permission.COMPLIANCE_REPORTS, "report", name.value)

    def _page(
        self, name: ReportName, flt: ReportFilter, page: PageRequest
    ) -> tuple[list[tuple[Cell, ...]], str | None]:
        pages: dict[ReportName, Callable[[ReportFilter, PageRequest], tuple[list[tuple[Cell, ...]], str | None]]] = {
            ReportName.DATA_ACCESS: self._data_access,
            ReportName.ADMIN_ACTIONS: self._admin_actions,
            ReportName.CONSENTS: self._consents,
            ReportName.RETENTION: self._retention,
            ReportName.IMPERSONATION: self._impersonation,
        }
        return pages[name](flt, page)

    def _data_access(self, flt: ReportFilter, page: PageRequest) -> tuple[list[tuple[Cell, ...]], str | None]:
        """Entries on a person (target user) and entries on something that shows or changes their data (a ticket
        read, a bulk operation's change: the entry's subject)."""
        about = AuditFilter(
            actor_id=flt.actor_id,
            action=flt.action,
            since=flt.since,
            until=flt.until,
            person_id=flt.person_id,
            any_person=flt.person_id is None,
        )
        found = self.audit.log.search(about, page)
        people = [(e.record.actor_id, _person(e.record)) for e in found.items]
        names = self.queries.names({i for pair in people for i in pair if i is not None})
        return [_access_row(e, names) for e in found.items], found.next_cursor

    def _admin_actions(self, flt: ReportFilter, page: PageRequest) -> tuple[list[tuple[Cell, ...]], str | None]:
        until = flt.until or self.clock.now()
        since = flt.since or datetime(1970, 1, 1, tzinfo=until.tzinfo)
        found = [
            (a, action, n)
            for a, action, n in self.queries.admin_actions(since, until)
            if flt.actor_id in (None, a) and flt.action in (None, action)
        ]
        names = self.queries.names({a for a, _, _ in found if a is not None})
        return [(a, *_named(a, names), action, n) for a, action, n in found], None

    def _consents(self, flt: ReportFilter, page: PageRequest) -> tuple[list[tuple[Cell, ...]], str | None]:
        return [(t, v, "yes" if g else "no", n) for t, v, g, n in self.consents.coverage()], None

    def _retention(self, flt: ReportFilter, page: PageRequest) -> tuple[list[tuple[Cell, ...]], str | None]:
        found = self.runs.search(page)
        rows: list[tuple[Cell, ...]] = [_run_row(r) for r in found.items]
        if page.cursor is None:  # the erasure totals head the first page
            counts = self.requests.counts(RequestKind.ERASURE.value)
            rows = [("erasures", s.value, n, None, None) for s, n in sorted(counts.items())] + rows
            rows.insert(0, ("legal_holds", "active", len(self.holds.held(self.clock.now())), None, None))
        return rows, found.next_cursor

    def _impersonation(self, flt: ReportFilter, page: PageRequest) -> tuple[list[tuple[Cell, ...]], str | None]:
        found = self.sessions.search(ImpersonationFilter(None, flt.actor_id, flt.person_id, flt.since, flt.until), page)
        rows: list[tuple[Cell, ...]] = [
            (
                s.id,
                s.impersonator.id,
                s.target.id,
                _who(s.impersonator),
                _who(s.target),
                s.reason,
                s.ticket_id,
                s.scope.value,
                s.status.value,
                _iso(s.requested_at),
                _iso(s.started_at),
                _iso(s.ended_at),
                s.end_reason.value if s.end_reason else None,
            )
            for s in found.items
        ]
        return rows, found.next_cursor


Names = dict[int, tuple[str, str, str]]


def _person(r: AuditRecord) -> int | None:
    """Whose data the entry is about: its subject, else the user it targets."""
    if r.subject_id is not None:
        return r.subject_id
    return int(r.target_id) if r.target_type == "user" and r.target_id.isdigit() else None


def _named(user_id: int | None, names: Names) -> tuple[str | None, str | None]:
    """The person as "Full Name (username)" and their e-mail (compliance readers may see both); None when gone."""
    found = names.get(user_id) if user_id is not None else None
    if found is None:
        return None, None
    username, name, email = found
    return (f"{name} ({username})" if name else username), email


def _access_row(e: AuditEntry, names: Names) -> tuple[Cell, ...]:
    r, d = e.record, e.record.details
    via = str(d.get("path") or r.action)
    ticket = d.get("ticket_id")
    if ticket is None and r.target_type == "ticket" and r.target_id.isdigit():
        ticket = int(r.target_id)
    person = _person(r)
    return (
        e.seq,
        r.at.isoformat(),
        r.actor_id,
        *_named(r.actor_id, names),
        r.impersonator_id,
        r.on_behalf_of,
        person if person is not None else r.target_id,
        *_named(person, names),
        r.action,
        via,
        _text(d.get("reason")),
        ticket if isinstance(ticket, int) else None,
        r.request_id or None,
    )


def _who(p: PersonRef) -> str:
    """The person as a reader knows them: "Full Name (username)", or the username alone."""
    return f"{p.name} ({p.username})" if p.name else p.username


def _text(value: Any) -> str | None:
    return None if value is None else str(value)[:500]


def _run_row(r: RetentionRun) -> tuple[Cell, ...]:
    section = "dry_run" if r.dry_run else "retention_run"
    return (section, r.data_class.value, r.rows, r.started_at.isoformat(), r.duration_ms)


def _audited(flt: ReportFilter, returned: int | None) -> dict[str, Any]:
    found = {k: v for k, v in asdict(flt).items() if v is not None}
    return found | ({"returned": returned} if returned is not None else {})

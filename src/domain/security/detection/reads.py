"""Which audited reads are reads of a person's data, for the mass-access rule: the audit log already holds one
entry per read (profile, activity page, a ticket's learner context, a security timeline), so nothing is written
twice on the read path."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from domain.audit.model import AuditEntry

from .facts import ProfilesRead


def _target(entry: AuditEntry) -> int | None:
    return _int(entry.record.target_id)


def _detail_user(entry: AuditEntry) -> int | None:
    return _int(entry.record.details.get("user_id"))


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


# action -> the person whose data the entry says was read
READ_ACTIONS: dict[str, Callable[[AuditEntry], int | None]] = {
    "profile.read": _target,  # GET /api/users/profiles/{id}
    "activity.read": _target,  # GET /api/users/profiles/{id}/activity
    "security.user_audit_read": _target,  # GET /api/security/user-audit/{id}/
    "bulk.changes_read": _target,  # GET /api/users/bulk-operations/{id}/changes: a dry run's people
    "ticket.read": _detail_user,  # a ticket shows its learner's context snapshot
    "ticket.create": _detail_user,  # opening a ticket for a learner reads their context
}


def reads_of(entries: Iterable[AuditEntry]) -> list[ProfilesRead]:
    """The staff reads among audit entries, oldest first; reads of one's own data and anonymous entries are left
    out."""
    reads: list[ProfilesRead] = []
    for entry in entries:
        whose = READ_ACTIONS.get(entry.record.action)
        person = whose(entry) if whose is not None else None
        actor = entry.record.actor_id
        if person is not None and actor is not None and person != actor:
            reads.append(ProfilesRead(actor, entry.record.at, (person,)))
    return sorted(reads, key=lambda r: r.at)

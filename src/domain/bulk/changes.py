"""What a dry run would change per row: each changed field's value before and after, as text. Only the fields a
bulk operation may set (status, role, priority, names, enrolments) are ever compared: no secret is ever recorded."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from .model import FieldChange, RowChange
from .ports import BulkAccounts

ENROLLED, NOT_ENROLLED, DROPPED = "enrolled", "not enrolled", "dropped"


def text(value: object) -> str:
    return str(value.value) if isinstance(value, Enum) else str(value)


def diff(field: str, before: object, after: object) -> list[FieldChange]:
    """The field's change, or nothing when the value stays."""
    old, new = text(before), text(after)
    return [] if old == new else [FieldChange(field, old, new)]


def courses(added: Sequence[str], dropped: Sequence[str] = ()) -> list[FieldChange]:
    return [FieldChange(f"course {c}", NOT_ENROLLED, ENROLLED) for c in added] + [
        FieldChange(f"course {c}", ENROLLED, DROPPED) for c in dropped
    ]


def named(accounts: BulkAccounts, fields: dict[int, list[FieldChange]]) -> tuple[RowChange, ...]:
    """The people's changes with their usernames (one read per batch, in dry runs only), in id order."""
    kept = {uid: f for uid, f in fields.items() if f}
    if not kept:
        return ()
    people = accounts.people(kept)
    return tuple(
        RowChange(uid, people[uid].username if uid in people else "", tuple(kept[uid])) for uid in sorted(kept)
    )

"""Recording error events, client or server, into their groups (the grouping rules are in grouping.py)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from .grouping import Frame, Grouping, group_error, parameterise
from .model import ErrorGroup, ErrorSource
from .ports import ErrorStore
from .records import ErrorEventRow, GroupDelta, NewGroup
from .telemetry import Item


@dataclass(frozen=True)
class PendingError:
    """A client_error item with the session it was stored in."""

    item: Item
    session_id: int | None
    browser: str
    page: str


@dataclass(frozen=True)
class ServerError:
    """An exception the API's error handler caught (no personal data: type, message, frames, route)."""

    at: datetime
    error_type: str
    message: str
    frames: tuple[Frame, ...]
    route: str
    user_id: int | None
    release: str = ""


@dataclass(frozen=True)
class _Event:
    grouping: Grouping
    source: ErrorSource
    row: ErrorEventRow  # with group_id 0 until the group is known


class ErrorRecorder:
    def __init__(self, store: ErrorStore):
        self.store = store

    def record_client(self, pending: Sequence[PendingError]) -> list[int]:
        events = []
        for p in pending:
            i = p.item
            grouping = group_error(i.error_type, i.message, i.frames, i.fingerprint)
            row = ErrorEventRow(
                0,
                i.at,
                ErrorSource.CLIENT,
                i.user_id,
                p.session_id,
                i.message,
                i.error_type,
                i.frames,
                i.url,
                i.release,
                p.browser,
                i.breadcrumbs,
                p.page,
            )
            events.append(_Event(grouping, ErrorSource.CLIENT, row))
        return self._record(events)

    def record_server(self, error: ServerError) -> list[int]:
        grouping = group_error(error.error_type, error.message, error.frames)
        row = ErrorEventRow(
            0,
            error.at,
            ErrorSource.SERVER,
            error.user_id,
            None,
            parameterise(error.message),
            error.error_type,
            error.frames,
            error.route,
            error.release,
            "",
            (),
            error.route,
        )
        return self._record([_Event(grouping, ErrorSource.SERVER, row)])

    def _record(self, events: list[_Event]) -> list[int]:
        """The ids of the groups the events went to."""
        groups = self.store.groups_for({e.grouping.fingerprint for e in events})
        for e in events:
            fp = e.grouping.fingerprint
            if fp not in groups:
                g = e.grouping
                groups[fp] = self.store.create_group(
                    NewGroup(fp, e.source, g.title, g.culprit, e.row.error_type[:200], e.row.at)
                )
        rows = [_with_group(e.row, groups[e.grouping.fingerprint].id) for e in events]
        by_group: dict[int, list[ErrorEventRow]] = defaultdict(list)
        for row in rows:
            by_group[row.group_id].append(row)
        known = {g.id: g for g in groups.values()}
        self.store.record(rows, [_delta(known[gid], group_rows) for gid, group_rows in by_group.items()])
        return list(by_group)


def _with_group(row: ErrorEventRow, group_id: int) -> ErrorEventRow:
    return replace(row, group_id=group_id)


def _delta(group: ErrorGroup, rows: list[ErrorEventRow]) -> GroupDelta:
    last = max(r.at for r in rows)
    regress = max((r.at for r in rows if group.regresses_on(r.at)), default=None)
    hours = Counter(r.at.replace(minute=0, second=0, microsecond=0) for r in rows)
    users = frozenset(r.user_id for r in rows if r.user_id is not None)
    return GroupDelta(group.id, len(rows), last, users, regress, tuple(sorted(hours.items())))

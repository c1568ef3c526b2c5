"""The learner search over rows already in memory: the whole read side of the in-memory fake, written with the
rules of `search` and nothing else, so that the fake cannot drift from what the Django adapter is held to."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from domain.shared.pagination import PageRequest

from .learning import EnrollmentStatus
from .queries import ProfileSummary, SearchResult
from .search import EPOCH, ProfileFilter, SearchCriteria, SearchKeys

COMPARE: dict[str, Callable[[Any, Any], bool]] = {">=": operator.ge, "<=": operator.le, "<": operator.lt}


@dataclass(frozen=True)
class ProfileRow:
    """A person as the search sees it: the summary and each enrollment's course code and status."""

    summary: ProfileSummary
    enrollments: tuple[tuple[str, EnrollmentStatus], ...] = ()


def keeps(f: ProfileFilter, row: ProfileRow) -> bool:
    """Whether the filter keeps the person (the text aside)."""
    s = row.summary
    seen = s.last_activity or EPOCH
    enrolled = [
        (code, status)
        for code, status in row.enrollments
        if (f.course is None or code == f.course) and (f.enrollment_status is None or status is f.enrollment_status)
    ]
    checks = (
        not f.statuses or s.account_status in f.statuses,
        f.platform_role is None or s.platform_role is f.platform_role,
        f.support_priority is None or s.support_priority is f.support_priority,
        not (f.enrollment_status or f.course) or bool(enrolled),
        f.last_active_after is None or seen >= f.last_active_after,
        f.last_active_before is None
        or (seen < f.last_active_before and (f.never_active_counts or s.last_activity is not None)),
        *(COMPARE[op](getattr(s, name), bound) for name, op, bound in f.bounds()),
    )
    return all(checks)


def simple_search(rows: Iterable[ProfileRow], criteria: SearchCriteria, page: PageRequest) -> SearchResult:
    """Every match counted exactly, sorted by the criteria's order, one keyset page."""
    text, sort = criteria.text, criteria.sort
    after = page.after(sort.cursor)
    matched = [
        r.summary
        for r in rows
        if (not text or text.matches(SearchKeys.of_summary(r.summary), r.summary.id)) and keeps(criteria.filters, r)
    ]
    keyed = sorted(((sort.position(s, text), s) for s in matched), key=lambda k: k[0], reverse=sort.descending)
    if after is not None:
        keyed = [(k, s) for k, s in keyed if ((k < after) if sort.descending else (k > after))]
    chosen = keyed[: page.limit]
    cursor = sort.cursor.encode(chosen[-1][0]) if len(keyed) > page.limit and chosen else None
    return SearchResult([s for _, s in chosen], cursor, len(matched), False)

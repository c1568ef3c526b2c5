"""The learner search on the database. On PostgreSQL each word of the folded `search_text` is found by the trigram
GIN index, its typo candidates (a dictionary of words) by the words GIN index, short prefixes by the pattern
btrees; SQLite asks the domain's rule itself (`search_tier`). Every sort has its own btree, and
pages are keyset. A text search counts its matches and takes its page in one pass over at most 10,001 of them
(search_sql.py); totals past 10,000 come from the planner's estimate. What the term means, the relevance tiers
and the order are the domain's decisions (domain.accounts.search): this module only translates them."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Value

from domain.accounts.model import AccountStatus, PlatformRole, SupportPriority
from domain.accounts.queries import EXACT_TOTAL_LIMIT, ProfileSummary, SearchResult
from domain.accounts.search import SearchCriteria, SortKey, TextQuery
from domain.shared.pagination import PageRequest

from . import models as m
from .search_sql import PERSON_FIELDS, SUMMARY_FIELDS, conditions_sql, page_of_matches, text_sql

User = get_user_model()
ESTIMATE_TRUSTED_ABOVE = 3 * EXACT_TOTAL_LIMIT
ORDER: dict[SortKey, list[str]] = {
    SortKey.RELEVANCE: ["tier", "seen", "user_id"],
    SortKey.LAST_ACTIVITY: ["seen", "user_id"],
    SortKey.DATE_JOINED: ["date_joined", "user_id"],
    SortKey.RISK_SCORE: ["risk_score", "user_id"],
    SortKey.NAME: ["last_key", "first_key", "user_id"],
}
LOOKUPS = {">=": "gte", "<=": "lte", "<": "lt"}


def keyset_after(fields: list[str], values: list[Any], descending: bool) -> Q:
    """Rows strictly after `values` in the order of `fields` (all one direction)."""
    op = "lt" if descending else "gt"
    cond = Q()
    for i, name in enumerate(fields):
        cond |= Q(**dict(zip(fields[:i], values[:i], strict=True)), **{f"{name}__{op}": values[i]})
    return cond


def _with_text(qs: QuerySet[m.UserProfile], text: TextQuery) -> QuerySet[m.UserProfile]:
    """The text condition: on PostgreSQL the SQL of search_sql (trigram, words index, typo dictionary); elsewhere
    the domain's own rule, called from SQL (`search_tier`, registered on each SQLite connection), as `tier`."""
    if connection.vendor == "postgresql":
        sql, args = text_sql(text, t=m.UserProfile._meta.db_table)
        return qs.extra(where=[sql], params=args)  # noqa: S610 (values bound as parameters)
    keys = [F(m.KEY_COLUMNS[k]) for k in ("username", "email", "first", "last")]
    tier = Func(Value(text.term), *keys, F("user_id"), function="search_tier", output_field=IntegerField())
    return qs.alias(tier=tier).filter(tier__isnull=False)


def _filtered(c: SearchCriteria, with_text: bool = True) -> QuerySet[m.UserProfile]:
    """The criteria as a queryset; `with_text=False` leaves out q."""
    qs = m.UserProfile.objects.all()
    text, f = c.text if with_text else TextQuery(), c.filters
    if text:
        qs = _with_text(qs, text)
    if f.statuses:
        qs = qs.filter(account_status__in=sorted(s.value for s in f.statuses))
    if f.platform_role:
        qs = qs.filter(platform_role=f.platform_role.value)
    if f.support_priority:
        qs = qs.filter(support_priority=f.support_priority.value)
    if f.enrollment_status or f.course:
        enrollments = m.Enrollment.objects.all()
        if f.enrollment_status:
            enrollments = enrollments.filter(status=f.enrollment_status.value)
        if f.course:
            course_id = m.Course.objects.filter(code=f.course).values_list("id", flat=True).first()
            if course_id is None:
                qs = qs.none()  # an unknown course matches nobody: the database is not asked
            enrollments = enrollments.filter(course_id=course_id or -1)
        qs = qs.filter(Exists(enrollments.filter(user_id=OuterRef("user_id"))))
    qs = qs.alias(seen=m.last_seen())
    if f.last_active_after:
        qs = qs.filter(seen__gte=f.last_active_after)  # the indexed expression; never-active sorts as 1970
    if f.last_active_before:
        before = Q(seen__lt=f.last_active_before)
        qs = qs.filter(before if f.never_active_counts else before & Q(last_activity__isnull=False))
    for name, op, bound in f.bounds():  # profiles keep each summary field under its name
        qs = qs.filter(**{f"{name}__{LOOKUPS[op]}": bound})
    return qs


def _estimate(qs: QuerySet[m.UserProfile]) -> int:
    """The planner's row estimate (PostgreSQL; about a millisecond)."""
    plan = json.loads(qs.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def _total(qs: QuerySet[m.UserProfile], estimate: int | None) -> tuple[int, bool]:
    """Exact up to 10,000, else an estimate. Far above the limit (three times the estimate), counting
    cannot give an exact answer anyway, so the planner's estimate is the answer."""
    if estimate is not None and estimate > ESTIMATE_TRUSTED_ABOVE:
        return estimate, True
    exact = qs.order_by()[: EXACT_TOTAL_LIMIT + 1].count()
    if exact <= EXACT_TOTAL_LIMIT:
        return exact, False
    return max(estimate or 0, exact), True


def summary(row: Any, u: Any) -> ProfileSummary:
    return ProfileSummary(
        id=row.user_id,
        username=u.username,
        email=u.email,
        first_name=u.first_name,
        last_name=u.last_name,
        account_status=AccountStatus(row.account_status),
        last_activity=row.last_activity,
        risk_score=row.risk_score,
        support_priority=SupportPriority(row.support_priority),
        platform_role=PlatformRole(row.platform_role),
        date_joined=row.date_joined,
        enrollment_count=row.enrollment_count,
        completion_rate=row.completion_rate,
    )


def search_profiles(criteria: SearchCriteria, page: PageRequest) -> SearchResult:
    sort, text = criteria.sort, criteria.text
    fields = ORDER[sort.key]
    position = page.after(sort.cursor)
    after = list(position) if position is not None else None
    postgres = connection.vendor == "postgresql"
    conditions = conditions_sql(criteria) if postgres else None
    # the ORM's queryset only where SQL is not written out: a text search on PostgreSQL never builds it
    # unless it finds more than 10,000 matches
    lazy: list[QuerySet[m.UserProfile]] = []

    def base() -> QuerySet[m.UserProfile]:
        if not lazy:
            lazy.append(_filtered(criteria))
        return lazy[0]

    if (postgres and conditions is None) or (not postgres and base().query.is_empty()):  # an unknown course
        return SearchResult([], None, 0, False)
    estimate = _estimate(base()) if postgres and not text else None
    counted: tuple[int, bool] | None = None
    rows: list[Any] | None = None
    # One pass over the matches when they must be counted anyway and will likely fit: a text search always
    # (the trigram estimate is often off five-fold either way: 7,645 matches estimated as 40,404), other
    # filters when estimated at 10,000 or fewer (a course: its enrollments, then those people's profiles).
    if postgres and (text or (estimate or 0) <= EXACT_TOTAL_LIMIT):
        assert conditions is not None
        matches, page_rows = page_of_matches(
            conditions, text, fields, sort.descending, after, page.limit + 1, EXACT_TOTAL_LIMIT
        )
        if matches <= EXACT_TOTAL_LIMIT:
            rows, counted = page_rows, (matches, False)
        else:
            counted = (max(_estimate(base()) if estimate is None else estimate, matches), True)
    if rows is None and postgres and sort.key is SortKey.RELEVANCE:  # past 10,000 matches: every one ranked
        assert conditions is not None
        rows = page_of_matches(conditions, text, fields, sort.descending, after, page.limit + 1, None)[1]
    if rows is None:
        rows = _page(base(), criteria, fields, after, page.limit + 1)
    items = [summary(r, r.user) for r in rows[: page.limit]]
    next_cursor = sort.cursor.encode(sort.position(items[-1], text)) if len(rows) > page.limit and items else None
    total, is_estimate = counted or _total(base(), estimate)
    return SearchResult(items, next_cursor, total, is_estimate)


def _page(
    base: QuerySet[m.UserProfile], criteria: SearchCriteria, fields: list[str], after: list[Any] | None, want: int
) -> list[m.UserProfile]:
    """A keyset page in the sort's order (relevance: the `tier` SQLite computes, see _with_text)."""
    base, sort = base.only(*SUMMARY_FIELDS), criteria.sort
    qs = base if after is None else base.filter(keyset_after(fields, after, sort.descending))
    ordering = [F(f).desc() if sort.descending else F(f).asc() for f in fields]
    rows = list(qs.order_by(*ordering)[:want])
    # the page's people in a second query: joining users before the sort would make PostgreSQL
    # hash-join the whole user table for large match sets
    people = User.objects.only(*PERSON_FIELDS).in_bulk([r.user_id for r in rows])
    for r in rows:
        r.user = people[r.user_id]
    return rows


def profiles_matching(criteria: SearchCriteria) -> QuerySet[m.UserProfile]:
    """Every profile the criteria keep (text and filters), unordered: what bulk operations select from."""
    return _filtered(criteria)

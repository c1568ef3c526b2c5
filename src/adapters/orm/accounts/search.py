"""The learner search on the database. One ORM query serves SQLite and PostgreSQL; on PostgreSQL the lower-case
`search_text` LIKE uses the trigram GIN index, short prefixes the pattern btrees, every sort its own btree, and
pages are keyset. A text search counts its matches and takes its page in one pass over at most 10,001 of them
(search_sql.py); totals past 10,000 come from the planner's estimate. What the term means, the relevance tiers
and the order are the domain's decisions (domain.accounts.search): this module only translates them."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import StrIndex

from domain.accounts.model import AccountStatus, PlatformRole, SupportPriority
from domain.accounts.queries import EXACT_TOTAL_LIMIT, ProfileSummary, SearchResult
from domain.accounts.search import EXACT_KEYS, WORD_KEYS, SearchCriteria, SortKey, TextQuery, Tier
from domain.shared.pagination import PageRequest

from . import models as m
from .search_sql import PERSON_FIELDS, SUMMARY_FIELDS, conditions_sql, page_of_matches

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


def _any_key(keys: tuple[str, ...], lookup: str, value: str) -> Q:
    cond = Q()
    for k in keys:
        cond |= Q(**{f"{m.KEY_COLUMNS[k]}{lookup}": value})
    return cond


def _filtered(c: SearchCriteria, with_text: bool = True, many: bool = False) -> QuerySet[m.UserProfile]:
    """The criteria as a queryset; `with_text=False` leaves out q. With `many` (PostgreSQL counted more than
    10,000 text matches), q is tested with strpos(), which the trigram index cannot serve: the planner then
    walks the sort's index and stops after a page, instead of trusting the trigram estimate (often a
    hundred rows) and sorting every match."""
    qs = m.UserProfile.objects.all()
    text, f = c.text if with_text else TextQuery(), c.filters
    if text.fragment and many:
        qs = qs.alias(text_at=StrIndex("search_text", Value(text.term))).filter(text_at__gt=0)
    elif text.fragment:
        qs = qs.filter(search_text__contains=text.term)
    elif text.prefix_only:
        qs = qs.filter(_any_key(WORD_KEYS, "__startswith", text.term))
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


def _by_relevance(
    base: QuerySet[m.UserProfile],
    others: QuerySet[m.UserProfile],
    text: TextQuery,
    after: list[Any] | None,
    want: int,
) -> list[m.UserProfile]:
    """The domain's relevance order, tier by tier, newest activity first within a tier. Each tier is its own
    LIMITed query, so PostgreSQL walks the last-seen index for a common fragment instead of ranking tens of
    thousands of matches. The exact and word tiers leave out the (implied) substring test, which would only
    mislead the planner's estimate. `others` is `base` without the text condition."""
    exact = _any_key(EXACT_KEYS, "", text.term)
    word = _any_key(WORD_KEYS, "__startswith", text.term)
    tiers = [
        (Tier.EXACT, others.filter(exact)),
        (Tier.WORD, others.filter(word).exclude(exact)),
        (Tier.INSIDE, base.exclude(word)),
    ]
    rows: list[m.UserProfile] = []
    for tier, qs in tiers:
        if len(rows) >= want or (after is not None and tier > after[0]):
            continue
        if after is not None and tier == after[0]:
            qs = qs.filter(keyset_after(["seen", "user_id"], after[1:], descending=True))
        rows += list(qs.order_by(F("seen").desc(), F("user_id").desc())[: want - len(rows)])
    return rows


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
    estimate = _estimate(base()) if postgres and not text.fragment else None
    counted: tuple[int, bool] | None = None
    rows: list[Any] | None = None
    # One pass over the matches when they must be counted anyway and will likely fit: a text search always
    # (the trigram estimate is often off five-fold either way: 7,645 matches estimated as 40,404), other
    # filters when estimated at 10,000 or fewer (a course: its enrollments, then those people's profiles).
    if postgres and (text.fragment or (estimate or 0) <= EXACT_TOTAL_LIMIT):
        assert conditions is not None
        matches, page_rows = page_of_matches(
            conditions, text, fields, sort.descending, after, page.limit + 1, EXACT_TOTAL_LIMIT
        )
        if matches <= EXACT_TOTAL_LIMIT:
            rows, counted = page_rows, (matches, False)
        else:
            counted = (max(_estimate(base()) if estimate is None else estimate, matches), True)
    if rows is None:
        walked = _filtered(criteria, many=True) if counted and text.fragment else base()  # past 10,000 matches
        rows = _page(walked, _filtered(criteria, with_text=False), criteria, fields, after, page.limit + 1)
    items = [summary(r, r.user) for r in rows[: page.limit]]
    next_cursor = sort.cursor.encode(sort.position(items[-1], text)) if len(rows) > page.limit and items else None
    total, is_estimate = counted or _total(base(), estimate)
    return SearchResult(items, next_cursor, total, is_estimate)


def _page(
    base: QuerySet[m.UserProfile],
    others: QuerySet[m.UserProfile],
    criteria: SearchCriteria,
    fields: list[str],
    after: list[Any] | None,
    want: int,
) -> list[m.UserProfile]:
    base, others, sort = base.only(*SUMMARY_FIELDS), others.only(*SUMMARY_FIELDS), criteria.sort
    if sort.key is SortKey.RELEVANCE:
        rows = _by_relevance(base, others, criteria.text, after, want)
    else:
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

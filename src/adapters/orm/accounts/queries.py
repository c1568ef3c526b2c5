"""Read side of accounts. One ORM query serves SQLite and PostgreSQL; on PostgreSQL the lower-case
`search_text` LIKE uses the trigram GIN index, short prefixes the pattern btrees, every sort its own
btree, and pages are keyset. A text search counts its matches and takes its page in one pass over at
most 10,001 of them; totals past 10,000 come from the planner's estimate."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import StrIndex

from domain.accounts.learning import EnrollmentStatus
from domain.accounts.model import AccountStatus, PlatformRole, SupportPriority
from domain.accounts.queries import (
    ACTIVITY_CURSOR,
    EXACT_TOTAL_LIMIT,
    ActivityEntry,
    ActivityFilter,
    EnrollmentView,
    ProfileDetail,
    ProfileSummary,
    SearchCriteria,
    SearchResult,
    SecurityEventView,
    Sort,
    SortKey,
    StatusHistoryEntry,
)
from domain.shared.pagination import Page, PageRequest, page_from_rows

from ..security.models import UserSecurityEvent
from . import models as m

User = get_user_model()
ESTIMATE_TRUSTED_ABOVE = 3 * EXACT_TOTAL_LIMIT
ORDER: dict[SortKey, list[str]] = {
    SortKey.RELEVANCE: ["rank", "seen", "user_id"],
    SortKey.LAST_ACTIVITY: ["seen", "user_id"],
    SortKey.DATE_JOINED: ["date_joined", "user_id"],
    SortKey.RISK_SCORE: ["risk_score", "user_id"],
    SortKey.NAME: ["last_key", "first_key", "user_id"],
}
DATETIME_KEYS = {"seen", "date_joined"}
# what a page of summaries reads: a profile's long text and the user's password hash stay in the database
SUMMARY_FIELDS = (
    "user_id", "account_status", "last_activity", "risk_score", "support_priority", "platform_role", "date_joined",
    "enrollment_count", "completion_rate", "username_key", "email_key", "first_key", "last_key",
)  # fmt: skip
PERSON_FIELDS = ("username", "email", "first_name", "last_name")


def keyset_after(fields: list[str], values: list[Any], descending: bool) -> Q:
    """Rows strictly after `values` in the order of `fields` (all one direction)."""
    op = "lt" if descending else "gt"
    cond = Q()
    for i, name in enumerate(fields):
        cond |= Q(**dict(zip(fields[:i], values[:i], strict=True)), **{f"{name}__{op}": values[i]})
    return cond


def _filtered(c: SearchCriteria, text: bool = True, many: bool = False) -> QuerySet[m.UserProfile]:
    """The criteria as a queryset; `text=False` leaves out q. With `many` (PostgreSQL counted more than
    10,000 text matches), q is tested with strpos(), which the trigram index cannot serve: the planner then
    walks the sort's index and stops after a page, instead of trusting the trigram estimate (often a
    hundred rows) and sorting every match."""
    qs = m.UserProfile.objects.all()
    q = c.q.strip().lower() if text else ""
    if len(q) >= 3 and many:
        qs = qs.alias(text_at=StrIndex("search_text", Value(q))).filter(text_at__gt=0)
    elif len(q) >= 3:
        qs = qs.filter(search_text__contains=q)
    elif q:
        qs = qs.filter(
            Q(username_key__startswith=q)
            | Q(email_key__startswith=q)
            | Q(first_key__startswith=q)
            | Q(last_key__startswith=q)
        )
    if c.statuses:
        qs = qs.filter(account_status__in=sorted(s.value for s in c.statuses))
    if c.platform_role:
        qs = qs.filter(platform_role=c.platform_role.value)
    if c.support_priority:
        qs = qs.filter(support_priority=c.support_priority.value)
    if c.enrollment_status or c.course:
        enrollments = m.Enrollment.objects.all()
        if c.enrollment_status:
            enrollments = enrollments.filter(status=c.enrollment_status.value)
        if c.course:
            course_id = m.Course.objects.filter(code=c.course).values_list("id", flat=True).first()
            if course_id is None:
                qs = qs.none()  # an unknown course matches nobody: the database is not asked
            enrollments = enrollments.filter(course_id=course_id or -1)
        qs = qs.filter(Exists(enrollments.filter(user_id=OuterRef("user_id"))))
    qs = qs.alias(seen=m.last_seen())
    if c.last_active_after:
        qs = qs.filter(seen__gte=c.last_active_after)  # the indexed expression; never-active sorts as 1970
    if c.last_active_before:
        before = Q(seen__lt=c.last_active_before)
        qs = qs.filter(before if c.never_active_counts else before & Q(last_activity__isnull=False))
    if c.risk_min is not None:
        qs = qs.filter(risk_score__gte=c.risk_min)
    if c.risk_max is not None:
        qs = qs.filter(risk_score__lte=c.risk_max)
    if c.completion_min is not None:
        qs = qs.filter(completion_rate__gte=c.completion_min)
    if c.completion_max is not None:
        qs = qs.filter(completion_rate__lte=c.completion_max)
    if c.joined_after:
        qs = qs.filter(date_joined__gte=c.joined_after)
    if c.joined_before:
        qs = qs.filter(date_joined__lt=c.joined_before)
    return qs


def _by_relevance(
    base: QuerySet[m.UserProfile], others: QuerySet[m.UserProfile], q: str, after: list[Any] | None, want: int
) -> list[m.UserProfile]:
    """Relevance order, tier by tier: exact username/e-mail (2), a word starting with q (1), q inside
    a word (0); newest activity first within a tier. Each tier is its own LIMITed query, so PostgreSQL
    walks the last-seen index for a common fragment instead of ranking tens of thousands of matches.
    The prefix tiers leave out the (implied) substring test, which would only mislead the planner's
    estimate. `others` is `base` without the text condition."""
    exact = Q(username_key=q) | Q(email_key=q)
    word = Q(username_key__startswith=q) | Q(email_key__startswith=q) | Q(first_key__startswith=q)
    word |= Q(last_key__startswith=q)
    tiers = [(2, others.filter(exact)), (1, others.filter(word).exclude(exact)), (0, base.exclude(word))]
    rows: list[m.UserProfile] = []
    for rank, tier in tiers:
        if len(rows) >= want or (after is not None and rank > after[0]):
            continue
        if after is not None and rank == after[0]:
            tier = tier.filter(keyset_after(["seen", "user_id"], after[1:], descending=True))
        rows += list(tier.order_by(F("seen").desc(), F("user_id").desc())[: want - len(rows)])
    return rows


def rank_of(row: m.UserProfile, q: str) -> int:
    """The rank _page_of_matches() computes in SQL (2 exact, 1 a prefix, 0 elsewhere), for the cursor."""
    if q in (row.username_key, row.email_key):
        return 2
    keys = (row.username_key, row.email_key, row.first_key, row.last_key)
    return 1 if any(k.startswith(q) for k in keys) else 0


def sort_values(row: m.UserProfile, fields: list[str], q: str) -> list[Any]:
    computed = {"seen": row.last_activity or m.EPOCH, "rank": rank_of(row, q) if q else 0}
    return [computed[f] if f in computed else getattr(row, f) for f in fields]


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


P = m.UserProfile._meta.db_table
SEEN = "COALESCE(p.last_activity, %s)"  # the profile_last_seen indexes' expression (psycopg inlines the value)
KEY_SQL = {"seen": SEEN, "user_id": "p.user_id", "date_joined": "p.date_joined", "risk_score": "p.risk_score",
           "last_key": "p.last_key", "first_key": "p.first_key"}  # fmt: skip


def like_prefix(q: str) -> str:
    return q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def conditions_sql(c: SearchCriteria, q: str) -> tuple[list[str], list[Any]] | None:
    """PostgreSQL: the criteria as SQL conditions on `p` (profiles), the same ones _filtered() builds through the
    ORM (test_profile_queries holds both to the same answers); None when an unknown course matches nobody."""
    where: list[str] = []
    args: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        where.append(sql)
        args.extend(values)

    if len(q) >= 3:
        add("p.search_text LIKE %s", f"%{like_prefix(q)}%")  # the trigram index
    elif q:
        add("(p.username_key LIKE %s OR p.email_key LIKE %s OR p.first_key LIKE %s OR p.last_key LIKE %s)",
            *[like_prefix(q) + "%"] * 4)  # fmt: skip
    if c.statuses:
        statuses = sorted(s.value for s in c.statuses)
        add(f"p.account_status IN ({', '.join(['%s'] * len(statuses))})", *statuses)
    if c.platform_role:
        add("p.platform_role = %s", c.platform_role.value)
    if c.support_priority:
        add("p.support_priority = %s", c.support_priority.value)
    if c.enrollment_status or c.course:
        enrolled = ["e.user_id = p.user_id"]
        values: list[Any] = []
        if c.enrollment_status:
            enrolled.append("e.status = %s")
            values.append(c.enrollment_status.value)
        if c.course:
            course_id = m.Course.objects.filter(code=c.course).values_list("id", flat=True).first()
            if course_id is None:
                return None
            enrolled.append("e.course_id = %s")
            values.append(course_id)
        add(f"EXISTS (SELECT 1 FROM {m.Enrollment._meta.db_table} e WHERE {' AND '.join(enrolled)})", *values)
    if c.last_active_after:
        add(f"{SEEN} >= %s", m.EPOCH, c.last_active_after)
    if c.last_active_before:
        never = "" if c.never_active_counts else " AND p.last_activity IS NOT NULL"
        add(f"({SEEN} < %s{never})", m.EPOCH, c.last_active_before)
    for column, value, op in (
        ("risk_score", c.risk_min, ">="), ("risk_score", c.risk_max, "<="),
        ("completion_rate", c.completion_min, ">="), ("completion_rate", c.completion_max, "<="),
        ("date_joined", c.joined_after, ">="), ("date_joined", c.joined_before, "<"),
    ):  # fmt: skip
        if value is not None:
            add(f"p.{column} {op} %s", value)
    return where, args


def _page_of_matches(
    conditions: tuple[list[str], list[Any]], q: str, fields: list[str], descending: bool, after: list[Any] | None,
    want: int,
) -> tuple[int, list[Any]]:  # fmt: skip
    """PostgreSQL: one pass over at most 10,001 matches gives both the exact total and the page, where the page
    query and COUNT would otherwise find the same matches twice (or the page would walk the sort's index past
    thousands of non-matches); the page's profiles and people come in the same statement. Written out as SQL:
    composing it through the ORM cost more CPU than PostgreSQL spent running it. Returns (matches seen, the
    page's profiles with their users); with 10,001 matches the page is not trustworthy (the LIMIT cut them
    arbitrarily)."""
    where, args = conditions
    keys = [f"k{i}" for i in range(len(fields))]
    selected: list[str] = []
    key_args: list[Any] = []
    for key, field in zip(keys, fields, strict=True):
        if field == "rank":  # 2 exact, 1 a prefix, 0 elsewhere (rank_of() is the same in Python)
            selected.append(
                f"CASE WHEN p.username_key = %s OR p.email_key = %s THEN 2 WHEN p.username_key LIKE %s OR "
                f"p.email_key LIKE %s OR p.first_key LIKE %s OR p.last_key LIKE %s THEN 1 ELSE 0 END AS {key}"
            )
            key_args += [q, q, *[like_prefix(q) + "%"] * 4]
        else:
            selected.append(f"{KEY_SQL[field]} AS {key}")
            key_args += [m.EPOCH] if field == "seen" else []
    inner = f"SELECT {', '.join(selected)} FROM {P} p"
    inner += (" WHERE " + " AND ".join(where) if where else "") + f" LIMIT {EXACT_TOTAL_LIMIT + 1}"
    page_where, page_args = "", []
    if after is not None:
        page_where = f"WHERE ({', '.join(keys)}) {'<' if descending else '>'} ({', '.join(['%s'] * len(keys))})"
        page_args = list(after)
    direction = " DESC" if descending else ""
    order = ", ".join(f"p.{k}{direction}" for k in keys)
    columns = ", ".join([*(f"pr.{f}" for f in SUMMARY_FIELDS), *(f"u.{f}" for f in PERSON_FIELDS)])
    sql = (
        f"WITH c AS ({inner}) SELECT n.total, {columns} FROM (SELECT count(*) AS total FROM c) n "
        f"LEFT JOIN LATERAL (SELECT {', '.join(keys)} FROM c {page_where} ORDER BY "
        f"{', '.join(k + direction for k in keys)} LIMIT %s) p ON true "
        f"LEFT JOIN {P} pr ON pr.user_id = p.{keys[-1]} "
        f"LEFT JOIN {User._meta.db_table} u ON u.id = p.{keys[-1]} ORDER BY {order}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*key_args, *args, *page_args, want])
        found = cursor.fetchall()
    rows: list[Any] = []
    split = 1 + len(SUMMARY_FIELDS)
    for r in found:
        if r[1] is None:
            continue
        # plain attribute holders: model instances would fill every field's default (timezone.now() included)
        profile = SimpleNamespace(**dict(zip(SUMMARY_FIELDS, r[1:split], strict=True)))
        profile.user = SimpleNamespace(id=r[1], **dict(zip(PERSON_FIELDS, r[split:], strict=True)))
        rows.append(profile)
    return found[0][0], rows


def summary(row: m.UserProfile, u: Any) -> ProfileSummary:
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


class DjangoProfileQueries:
    def search(self, criteria: SearchCriteria, page: PageRequest) -> SearchResult:
        sort = criteria.sort
        fields = ORDER[sort.key]
        q = criteria.q.strip().lower()
        position = page.after(sort.cursor)
        after = list(position) if position is not None else None
        postgres, text = connection.vendor == "postgresql", len(q) >= 3
        conditions = conditions_sql(criteria, q) if postgres else None
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
            matches, page_rows = _page_of_matches(conditions, q, fields, sort.descending, after, page.limit + 1)
            if matches <= EXACT_TOTAL_LIMIT:
                rows, counted = page_rows, (matches, False)
            else:
                counted = (max(_estimate(base()) if estimate is None else estimate, matches), True)
        if rows is None:
            walked = _filtered(criteria, many=True) if counted and text else base()  # past 10,000 text matches
            rows = self._page(walked, _filtered(criteria, text=False), q, sort, fields, after, page.limit + 1)
        more = len(rows) > page.limit
        rows = rows[: page.limit]
        next_cursor = None
        if more and rows:
            next_cursor = sort.cursor.encode(sort_values(rows[-1], fields, q))
        total, is_estimate = counted or _total(base(), estimate)
        return SearchResult([summary(r, r.user) for r in rows], next_cursor, total, is_estimate)

    @staticmethod
    def _page(
        base: QuerySet[m.UserProfile],
        others: QuerySet[m.UserProfile],
        q: str,
        sort: Sort,
        fields: list[str],
        after: list[Any] | None,
        want: int,
    ) -> list[m.UserProfile]:
        base, others = base.only(*SUMMARY_FIELDS), others.only(*SUMMARY_FIELDS)
        if sort.key is SortKey.RELEVANCE:
            rows = _by_relevance(base, others, q, after, want)
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

    def exists(self, user_id: int) -> bool:
        return m.UserProfile.objects.filter(user_id=user_id).exists()

    def detail(self, user_id: int) -> ProfileDetail | None:
        row = m.UserProfile.objects.select_related("user").filter(user_id=user_id).first()
        if row is None:
            return None
        enrollments = m.Enrollment.objects.filter(user_id=user_id).select_related("course")
        history = m.StatusChange.objects.filter(user_id=user_id).order_by("-at", "-id")[:50]
        activity = m.UserActivityLog.objects.filter(user_id=user_id).order_by("-timestamp", "-id")[:20]
        security = UserSecurityEvent.objects.filter(user_id=user_id).order_by("-timestamp", "-id")[:20]
        return ProfileDetail(
            summary=summary(row, row.user),
            status_reason=row.status_reason,
            total_learning_time=row.total_learning_time,
            data_consent_date=row.data_consent_date,
            marketing_consent=row.marketing_consent,
            data_retention_date=row.data_retention_date,
            enrollments=[
                EnrollmentView(
                    e.course_id,
                    e.course.code,
                    e.course.title,
                    EnrollmentStatus(e.status),
                    e.progress,
                    e.time_spent,
                    e.enrolled_at,
                    e.completed_at,
                    e.last_accessed_at,
                )
                for e in enrollments.order_by(F("last_accessed_at").desc(nulls_last=True), "-id")[:200]
            ],
            status_history=[
                StatusHistoryEntry(AccountStatus(h.from_status), AccountStatus(h.to_status), h.reason, h.actor_id, h.at)
                for h in history
            ],
            recent_activity=[activity_entry(a) for a in activity],
            security_events=[
                SecurityEventView(s.pk, s.event_type, s.severity, s.description, s.ip_address, s.timestamp, s.resolved)
                for s in security
            ],
        )

    def activity(self, user_id: int, flt: ActivityFilter, page: PageRequest) -> Page[ActivityEntry]:
        qs = m.UserActivityLog.objects.filter(user_id=user_id)
        if flt.types:
            qs = qs.filter(activity_type__in=sorted(flt.types))
        if flt.since:
            qs = qs.filter(timestamp__gte=flt.since)
        if flt.until:
            qs = qs.filter(timestamp__lt=flt.until)
        if flt.session_id:
            qs = qs.filter(session_id=flt.session_id)
        position = page.after(ACTIVITY_CURSOR)
        if position is not None:
            qs = qs.filter(keyset_after(["timestamp", "id"], list(position), descending=True))
        rows = [activity_entry(a) for a in qs.order_by("-timestamp", "-id")[: page.limit + 1]]
        return page_from_rows(rows, page, ACTIVITY_CURSOR, lambda e: [e.timestamp, e.id])


def activity_entry(a: m.UserActivityLog) -> ActivityEntry:
    return ActivityEntry(a.pk, a.activity_type, a.activity_data, a.ip_address, a.user_agent, a.timestamp, a.session_id)

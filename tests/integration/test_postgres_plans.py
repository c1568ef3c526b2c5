"""On PostgreSQL, a selective search and a profile read use indexes: no sequential scan of users,
profiles or activity (EXPLAIN of the very SQL the adapter runs)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from adapters.orm.accounts.models import UserProfile
from adapters.orm.accounts.queries import DjangoProfileQueries
from adapters.orm.accounts.seed import seed
from domain.accounts.learning import EnrollmentStatus
from domain.accounts.model import AccountStatus
from domain.accounts.search import ProfileFilter, SearchCriteria, Sort, SortKey
from domain.shared.pagination import PageRequest

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
BIG_TABLES = ("auth_user", "accounts_userprofile", "accounts_useractivitylog", "accounts_enrollment")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: runs in the PostgreSQL pass (make test with DATABASE_URL)")
    with django_db_blocker.unblock():
        if not UserProfile.objects.exists():
            seed(users=6000, activities_per_user=20, seed_value=7, now=datetime.now(UTC))
    yield
    with django_db_blocker.unblock():
        UserProfile.objects.all().delete()
        from django.contrib.auth.models import User

        User.objects.all().delete()


def plans_of(run) -> list[str]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        run()
    plans = []
    with connection.cursor() as cursor:
        for query in ctx.captured_queries:
            if query["sql"].lstrip().upper().startswith(("SELECT", "WITH")):
                cursor.execute("EXPLAIN " + query["sql"])
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def assert_no_seq_scan(plans: list[str]) -> None:
    for plan in plans:
        for table in BIG_TABLES:
            assert f"Seq Scan on {table}" not in plan, plan


def rare_fragment() -> str:
    row = UserProfile.objects.order_by("user_id").values_list("email_key", flat=True)[1234]
    return row.split("@")[0][-6:]


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    "criteria",
    [
        lambda: SearchCriteria(q=rare_fragment(), sort=Sort(SortKey.RELEVANCE, True)),
        lambda: SearchCriteria(q="zh", sort=Sort(SortKey.RELEVANCE, True)),
        lambda: SearchCriteria(filters=ProfileFilter(risk_min=95), sort=Sort(SortKey.RISK_SCORE, True)),
        lambda: SearchCriteria(filters=ProfileFilter(statuses=frozenset({AccountStatus.SUSPENDED}))),
        lambda: SearchCriteria(filters=ProfileFilter(enrollment_status=EnrollmentStatus.COMPLETED, course="PYTH-100")),
    ],
    ids=["fragment", "short-prefix", "risk-range", "status", "course"],
)
def test_selective_search_uses_indexes(criteria) -> None:  # type: ignore[no-untyped-def]
    queries = DjangoProfileQueries()
    plans = plans_of(lambda: queries.search(criteria(), PageRequest(limit=25)))
    assert plans, "no SQL captured"
    assert_no_seq_scan(plans)


@pytest.mark.usefixtures("seeded")
def test_profile_read_of_the_heaviest_user_uses_indexes() -> None:
    heavy = UserProfile.objects.order_by("user_id").values_list("user_id", flat=True)[0]
    queries = DjangoProfileQueries()
    plans = plans_of(lambda: queries.detail(heavy))
    assert len(plans) >= 4
    assert_no_seq_scan(plans)
    assert any("activity_user_time" in p for p in plans)


@pytest.mark.usefixtures("seeded")
def test_totals_are_exact_under_the_limit_and_estimated_over_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from adapters.orm.accounts import search as q

    queries = DjangoProfileQueries()
    suspended = SearchCriteria(filters=ProfileFilter(statuses=frozenset({AccountStatus.SUSPENDED})))
    exact = UserProfile.objects.filter(account_status="suspended").count()
    result = queries.search(suspended, PageRequest(limit=5))
    assert (result.total, result.total_is_estimate) == (exact, False)
    monkeypatch.setattr(q, "EXACT_TOTAL_LIMIT", 50)
    monkeypatch.setattr(q, "ESTIMATE_TRUSTED_ABOVE", 150)
    estimated = queries.search(SearchCriteria(), PageRequest(limit=5))
    assert estimated.total_is_estimate and estimated.total > 150
    middle = queries.search(suspended, PageRequest(limit=5))
    assert middle.total_is_estimate and middle.total >= 51


def walk(criteria: SearchCriteria, limit: int = 40) -> tuple[list[int], int, bool]:
    """Every page by cursor: the ids in order, and the last page's total."""
    queries, ids, cursor = DjangoProfileQueries(), [], None
    while True:
        result = queries.search(criteria, PageRequest(limit=limit, cursor=cursor))
        ids += [p.id for p in result.items]
        cursor = result.next_cursor
        if cursor is None:
            return ids, result.total, result.total_is_estimate


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        (SearchCriteria(q="son", sort=Sort(SortKey.RELEVANCE, True)), "text"),
        (SearchCriteria(q="son", sort=Sort(SortKey.NAME, False)), "text"),
        (SearchCriteria(q="son", sort=Sort(SortKey.LAST_ACTIVITY, True)), "text"),
        (
            SearchCriteria(filters=ProfileFilter(enrollment_status=EnrollmentStatus.COMPLETED, course="PYTH-100")),
            "course",
        ),
    ],
    ids=["text-relevance", "text-name", "text-last-activity", "course"],
)
def test_one_pass_over_matches_pages_like_the_index_walk(
    monkeypatch: pytest.MonkeyPatch, criteria: SearchCriteria, expected: str
) -> None:
    """A search with at most 10,000 matches takes the total and the page from one pass over the matches; with
    more, the page walks the sort's index (per relevance tier). Both give the same pages in the same order."""
    from adapters.orm.accounts import search as q

    if expected == "text":  # Johnson, Anderson, Wilson ... and their e-mails
        count = UserProfile.objects.filter(search_text__contains="son").count()
    else:
        count = UserProfile.objects.filter(
            user__enrollments__course__code="PYTH-100", user__enrollments__status="completed"
        ).count()
    assert 20 < count < 6000
    limit = max(5, count // 8)  # several pages
    with CaptureQueriesContext(connection) as ctx:
        one_pass, total, estimated = walk(criteria, limit)
    assert any(c["sql"].startswith("WITH") for c in ctx.captured_queries)
    assert (total, estimated) == (count, False)
    assert len(one_pass) == len(set(one_pass)) == count
    monkeypatch.setattr(q, "EXACT_TOTAL_LIMIT", 10)  # now every page has "too many" matches for one pass
    walked, total, estimated = walk(criteria, limit)
    assert estimated and total >= 11
    assert walked == one_pass


@pytest.mark.usefixtures("seeded")
def test_a_text_search_is_counted_whatever_the_planner_estimates(monkeypatch: pytest.MonkeyPatch) -> None:
    """pg_trgm's estimates are off several-fold either way (at 1M users, 7,645 matches of 'osa' were estimated
    as 40,404): under 10,000 matches a text search's total is counted, never estimated."""
    from adapters.orm.accounts import search as q

    monkeypatch.setattr(q, "_estimate", lambda qs: 10**9)
    expected = UserProfile.objects.filter(search_text__contains="son").count()
    result = DjangoProfileQueries().search(SearchCriteria(q="son"), PageRequest(limit=5))
    assert (result.total, result.total_is_estimate) == (expected, False)
    filtered = DjangoProfileQueries().search(
        SearchCriteria(filters=ProfileFilter(statuses=frozenset({AccountStatus.ACTIVE}))), PageRequest()
    )
    assert (filtered.total, filtered.total_is_estimate) == (10**9, True)  # other filters do trust it, far past


@pytest.mark.usefixtures("seeded")
def test_the_queue_sql_can_use_its_indexes() -> None:
    """The queue's hand-written SQL must keep matching the indexes the ORM once matched: the ticket_queue
    expression index (COALESCE(sla_next_due, FAR), id) for a status page, ticket_title_trgm for a title search."""
    from adapters.orm.tickets.queries import queue_sql
    from adapters.orm.tickets.seed import seed_tickets
    from domain.tickets.queries import QueueCriteria
    from domain.tickets.status import TicketStatus

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    now = datetime.now(UTC)
    seed_tickets(tickets=300, updates_per_ticket=1, seed_value=3, now=now)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE support_supportticket")
        cursor.execute("SET LOCAL enable_seqscan = off")  # may the index be used at all? (a tiny table favours a scan)
        for criteria, index in (
            (QueueCriteria(statuses=frozenset({TicketStatus.OPEN})), "ticket_queue"),
            (QueueCriteria(q="certificate"), "ticket_title_trgm"),
        ):
            if index == "ticket_title_trgm":  # walking ticket_queue_all in order is the other way to LIMIT 26
                cursor.execute("SET LOCAL enable_indexscan = off")
            sql, args = queue_sql(criteria, now, None, 26)
            cursor.execute("EXPLAIN " + sql, args)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert index in plan, plan

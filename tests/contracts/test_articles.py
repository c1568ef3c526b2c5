"""The ArticleRepository and ArticleSearch contracts, on the fake and on Django (SQLite's simple
path in the main pass, PostgreSQL's weighted full-text search in the PostgreSQL pass)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from adapters.memory.knowledge import InMemoryArticles
from domain.knowledge.model import Article, ArticleChanges, ArticleStatus
from domain.knowledge.ports import ArticleRepository, ArticleSearch
from domain.knowledge.queries import ArticleFilter
from domain.shared.errors import InvalidInput
from domain.shared.pagination import PageRequest
from tests.support.cursors import raw_cursor
from tests.support.ids import criteria_id

# every parameter may touch the database; the memory ones simply do not
pytestmark = pytest.mark.django_db

S = ArticleStatus
T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
ALL = frozenset(S)
READABLE = frozenset({S.INTERNAL, S.PUBLISHED})
PUBLISHED = frozenset({S.PUBLISHED})

# name: (title, tags, body, category, status, minutes after T0)
DATA: dict[str, tuple[str, list[str], str, str, S, int]] = {
    "pw_title": (
        "Reset your password",
        ["login"],
        "Open the settings page and follow the steps.",
        "account",
        S.PUBLISHED,
        1,
    ),
    "pw_body": (
        "Account settings overview",
        ["profile"],
        "Change your email here. To reset a forgotten password use the link.",
        "account",
        S.PUBLISHED,
        2,
    ),
    "pw_tag": ("Signing in trouble", ["password"], "Check caps lock first.", "account", S.INTERNAL, 3),
    "billing": (
        "Refunds and invoices",
        ["billing", "refund"],
        "Invoices are emailed monthly. Refunds take five days.",
        "billing",
        S.PUBLISHED,
        4,
    ),
    "video": (
        "Videos do not play",
        ["video", "playback"],
        "Clear the browser cache and reload the course page.",
        "technical",
        S.PUBLISHED,
        4,
    ),  # the same update time as billing: the id breaks the tie
    "draft": ("Password policy draft", ["password"], "New password rules.", "account", S.DRAFT, 6),
    "cert": (
        "Download your certificate",
        ["certificate"],
        "Certificates appear when the course is completed.",
        "course_content",
        S.INTERNAL,
        7,
    ),
}


@dataclass
class Loaded:
    repo: ArticleRepository
    search: ArticleSearch
    ids: dict[str, int]

    def names(self, flt: ArticleFilter, limit: int = 50) -> list[str]:
        by_id = {v: k for k, v in self.ids.items()}
        return [by_id[s.id] for s in self.search.search(flt, PageRequest(limit=limit)).items]


def article(title: str, tags: list[str], body: str, category: str, status: S, minutes: int) -> Article:
    at = T0 + timedelta(minutes=minutes)
    return Article(0, title, body, category, tags, status, at, at, 1, 1)


@pytest.fixture(params=["memory", "django"])
def loaded(request: pytest.FixtureRequest) -> Loaded:
    repo: Any
    search: Any
    if request.param == "django":
        from adapters.orm.knowledge.queries import DjangoArticleSearch
        from adapters.orm.knowledge.repository import DjangoArticleRepository

        repo, search = DjangoArticleRepository(), DjangoArticleSearch()
    else:
        repo = search = InMemoryArticles()
    ids = {name: repo.add(article(*row)).id for name, row in DATA.items()}
    return Loaded(repo, search, ids)


SEARCHES: list[tuple[dict[str, Any], list[str]]] = [
    # a title match outranks a tag match, which outranks a body-only match
    ({"q": "password"}, ["draft", "pw_title", "pw_tag", "pw_body"]),
    ({"q": "password", "statuses": PUBLISHED}, ["pw_title", "pw_body"]),
    ({"q": "reset password"}, ["pw_title", "pw_body"]),  # every word is needed
    ({"q": "Passwords"}, ["draft", "pw_title", "pw_tag", "pw_body"]),  # any case, plural
    ({"q": "password -caps", "statuses": READABLE}, ["pw_title", "pw_body"]),
    ({"q": "refund or playback"}, ["billing", "video"]),
    ({"q": "zebra"}, []),
    ({"q": "the and of"}, []),  # stop words only
    ({"q": "password", "category": "billing"}, []),
    ({"q": "course", "category": "course_content"}, ["cert"]),
    # without a query: newest update first, the id breaking ties
    ({}, ["cert", "draft", "video", "billing", "pw_tag", "pw_body", "pw_title"]),
    ({"statuses": READABLE}, ["cert", "video", "billing", "pw_tag", "pw_body", "pw_title"]),
    ({"statuses": frozenset({S.INTERNAL})}, ["cert", "pw_tag"]),
    ({"category": "account", "statuses": READABLE}, ["pw_tag", "pw_body", "pw_title"]),
    ({"category": "other"}, []),
]


@pytest.mark.parametrize(("criteria", "expected"), SEARCHES, ids=[criteria_id(c) for c, _ in SEARCHES])
def test_search(loaded: Loaded, criteria: dict[str, Any], expected: list[str]) -> None:
    assert loaded.names(ArticleFilter(**criteria)) == expected


@pytest.mark.parametrize("q", ["", "password or refund or video or certificate", "password"])
@pytest.mark.parametrize("limit", [1, 2, 3])
def test_cursor_walks_every_row_once(loaded: Loaded, q: str, limit: int) -> None:
    flt = ArticleFilter(q=q)
    everything = [s.id for s in loaded.search.search(flt, PageRequest(limit=50)).items]
    assert everything
    walked: list[int] = []
    cursor = None
    for _ in range(20):
        page = loaded.search.search(flt, PageRequest(limit=limit, cursor=cursor))
        assert len(page.items) <= limit
        walked += [s.id for s in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert walked == everything


def test_a_cursor_from_another_order_is_refused(loaded: Loaded) -> None:
    page = loaded.search.search(ArticleFilter(), PageRequest(limit=2))
    assert page.next_cursor is not None
    with pytest.raises(InvalidInput) as refused:
        loaded.search.search(ArticleFilter(q="password"), PageRequest(limit=2, cursor=page.next_cursor))
    assert refused.value.code == "invalid_cursor"


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        raw_cursor(["kb:recent", "2026-01-01T00:00:00+00:00", 2**70]),  # an id past bigint
        raw_cursor(["kb:recent", "yesterday", 1]),
        raw_cursor(["kb:recent", "2026-01-01T00:00:00+00:00", float("nan")]),
        raw_cursor(["kb:recent", "2026-01-01T00:00:00+00:00"]),
    ],
)
def test_a_cursor_this_list_did_not_issue_is_refused(loaded: Loaded, cursor: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        loaded.search.search(ArticleFilter(), PageRequest(limit=2, cursor=cursor))
    assert refused.value.code == "invalid_cursor"


def test_summaries_carry_everything_but_the_body(loaded: Loaded) -> None:
    (s,) = loaded.search.search(ArticleFilter(q="refunds"), PageRequest()).items
    assert (s.title, s.category, s.tags, s.status, s.version) == (
        "Refunds and invoices",
        "billing",
        ("billing", "refund"),
        S.PUBLISHED,
        1,
    )
    assert s.updated_at == s.created_at == T0 + timedelta(minutes=4)
    assert (s.helpful_votes, s.not_helpful_votes, s.linked_tickets, s.usefulness) == (0, 0, 0, 0.5)


def suggested(loaded: Loaded, terms: Sequence[str], statuses: frozenset[S], limit: int = 5) -> list[str]:
    by_id = {v: k for k, v in loaded.ids.items()}
    return [by_id[s.id] for s in loaded.search.suggest(terms, statuses, limit)]


def test_suggest_ranks_any_of_the_words(loaded: Loaded) -> None:
    assert suggested(loaded, ["reset", "password"], PUBLISHED) == ["pw_title", "pw_body"]
    assert suggested(loaded, ["password"], READABLE) == ["pw_title", "pw_tag", "pw_body"]
    assert suggested(loaded, ["reset", "password"], READABLE, limit=1) == ["pw_title"]
    assert suggested(loaded, ["refund", "video", "zebra"], PUBLISHED) == ["billing", "video"]
    assert suggested(loaded, ["zebra"], ALL) == []
    assert suggested(loaded, [], ALL) == []


def test_best_match_scores_by_the_domain_rule(loaded: Loaded) -> None:
    match = loaded.search.best_match(["reset", "password", "help"], READABLE)
    assert match is not None and match.summary.id == loaded.ids["pw_title"]
    assert match.score == 3 + 3  # both words in the title
    refund = loaded.search.best_match(["refund"], READABLE)
    assert refund is not None and (refund.summary.id, refund.score) == (loaded.ids["billing"], 3 + 2 + 1)
    assert loaded.search.best_match(["zebra"], READABLE) is None


def test_save_checks_the_version(loaded: Loaded) -> None:
    article_id = loaded.ids["pw_title"]
    mine, theirs = loaded.repo.get_for_update(article_id), loaded.repo.get(article_id)
    assert mine is not None and theirs is not None
    theirs.apply(ArticleChanges(title="Change your password", tags=["login", "security"]), ["account"], 7, T0)
    assert loaded.repo.save(theirs, expected_version=1)
    mine.apply(ArticleChanges(body="Lost update"), ["account"], 8, T0)
    assert not loaded.repo.save(mine, expected_version=1)
    stored = loaded.repo.get(article_id)
    assert stored is not None
    assert (stored.title, stored.tags, stored.body, stored.version, stored.updated_by) == (
        "Change your password",
        ["login", "security"],
        "Open the settings page and follow the steps.",
        2,
        7,
    )
    # the search sees the new text at once
    assert loaded.names(ArticleFilter(q="security")) == ["pw_title"]
    assert loaded.names(ArticleFilter(q="reset password")) == ["pw_body"]


def test_votes_one_a_person_and_links(loaded: Loaded) -> None:
    article_id = loaded.ids["video"]
    loaded.repo.record_vote(article_id, 1, helpful=True)
    loaded.repo.record_vote(article_id, 1, helpful=True)
    loaded.repo.record_vote(article_id, 2, helpful=True)
    loaded.repo.record_vote(article_id, 2, helpful=False)
    loaded.repo.record_vote(article_id, 3, helpful=False)
    loaded.repo.add_link(article_id)
    stored = loaded.repo.get(article_id)
    assert stored is not None
    assert (stored.helpful_votes, stored.not_helpful_votes, stored.linked_tickets, stored.version) == (1, 2, 1, 1)
    # a content save does not write the counters back
    stale_counts = loaded.repo.get(loaded.ids["billing"])
    assert stale_counts is not None
    loaded.repo.add_link(stale_counts.id)
    stale_counts.apply(ArticleChanges(title="Refunds"), ["billing"], 1, T0)
    assert loaded.repo.save(stale_counts, expected_version=1)
    billing = loaded.repo.get(stale_counts.id)
    assert billing is not None and (billing.title, billing.linked_tickets) == ("Refunds", 1)


def test_delete(loaded: Loaded) -> None:
    article_id = loaded.ids["cert"]
    loaded.repo.record_vote(article_id, 1, helpful=True)
    assert loaded.repo.delete(article_id)
    assert loaded.repo.get(article_id) is None and loaded.repo.get_for_update(article_id) is None
    assert not loaded.repo.delete(article_id)
    assert "cert" not in loaded.names(ArticleFilter())


@pytest.mark.postgres
def test_postgres_searches_a_weighted_vector_through_its_gin_index() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from adapters.orm.knowledge.models import Article as Row
    from adapters.orm.knowledge.queries import DjangoArticleSearch
    from adapters.orm.knowledge.repository import DjangoArticleRepository

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: runs in the PostgreSQL pass (make test with DATABASE_URL)")
    repo = DjangoArticleRepository()
    for row in DATA.values():
        repo.add(article(*row))
    vector = Row.objects.filter(title="Reset your password").values_list("search_vector", flat=True).get()
    assert "'password':3A" in vector and "'login':4B" in vector and "'set':" in vector  # title, tags, body
    with CaptureQueriesContext(connection) as ctx:
        DjangoArticleSearch().search(ArticleFilter(q="password"), PageRequest())
    (sql,) = [q["sql"] for q in ctx.captured_queries]
    assert "websearch_to_tsquery" in sql and "ts_rank_cd" in sql
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of rows: make the planner show its index
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    assert "kb_search_vector" in plan, plan

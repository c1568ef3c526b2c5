"""Read side of the knowledge base.

PostgreSQL: the trigger-maintained, GIN-indexed `search_vector` (title A, tags B, body C) matched
with `websearch_to_tsquery('english', q)` (suggestions: any of the words), ranked by `ts_rank_cd`,
keyset pages on (rank, updated_at, id). SQLite: a coarse LIKE filter in SQL, then the domain's
simple path (domain.knowledge.queries) scores and pages the rest, exactly as the in-memory fake
does. Without a query both list the newest updates first with an SQL keyset on (updated_at, id).
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, FloatField, Q, QuerySet
from django.db.models.functions import Cast

from domain.knowledge.model import ArticleStatus, ArticleSummary
from domain.knowledge.queries import (
    RECENT,
    RELEVANCE,
    ArticleFilter,
    ArticleMatch,
    Row,
    cursor_for,
    position_of,
    simple_search,
    simple_suggest,
)
from domain.knowledge.text import Doc, parse_query, relevance, stem
from domain.shared.pagination import Page, PageRequest

from . import models as m

SUMMARY = [
    "id",
    "title",
    "category",
    "tags",
    "status",
    "helpful_votes",
    "not_helpful_votes",
    "linked_tickets",
    "created_at",
    "updated_at",
    "version",
]
ORDER = {RECENT: ["-updated_at", "-id"], RELEVANCE: ["-rank", "-updated_at", "-id"]}


def summary(row: m.Article) -> ArticleSummary:
    return ArticleSummary(
        id=row.pk,
        title=row.title,
        category=row.category,
        tags=tuple(row.tags),
        status=ArticleStatus(row.status),
        helpful_votes=row.helpful_votes,
        not_helpful_votes=row.not_helpful_votes,
        linked_tickets=row.linked_tickets,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _rank(query: SearchQuery) -> Cast:
    # double precision, so that the value a cursor carries compares equal to the one recomputed
    return Cast(SearchRank(F("search_vector"), query, cover_density=True), FloatField())


def _any_of(terms: Sequence[str]) -> SearchQuery:
    return reduce(operator.or_, [SearchQuery(t, search_type="plain", config="english") for t in terms])


def _contains(term: str) -> Q | None:
    """Rows that may hold the term (a superset, for the simple path); None when LIKE cannot tell
    (SQLite's LIKE folds the case of ASCII letters only)."""
    s = stem(term)
    if not s.isascii():
        return None
    return Q(title__icontains=s) | Q(tags__icontains=s) | Q(body__icontains=s)


def _rows(qs: QuerySet[m.Article]) -> list[Row]:
    return [(summary(r), r.body) for r in qs.only(*SUMMARY, "body")]


class DjangoArticleSearch:
    def search(self, flt: ArticleFilter, page: PageRequest) -> Page[ArticleSummary]:
        qs = m.Article.objects.filter(status__in=sorted(flt.statuses))
        if flt.category is not None:
            qs = qs.filter(category=flt.category)
        order = flt.order
        if order == RELEVANCE and not _postgres():
            return simple_search(_rows(self._coarse(qs, flt.q)), flt, page)
        after = position_of(page, order)
        if order == RELEVANCE:
            query = SearchQuery(flt.q, search_type="websearch", config="english")
            qs = qs.filter(search_vector=query).annotate(rank=_rank(query))
        if after is not None:
            score, at, last_id = after
            later = Q(updated_at__lt=at) | Q(updated_at=at, id__lt=last_id)
            qs = qs.filter(Q(rank__lt=score) | (Q(rank=score) & later) if order == RELEVANCE else later)
        rows = list(qs.only(*SUMMARY).order_by(*ORDER[order])[: page.limit + 1])
        chosen = rows[: page.limit]
        cursor = None
        if len(rows) > page.limit and chosen:
            last = chosen[-1]
            cursor = cursor_for(order, getattr(last, "rank", 0), last.updated_at, last.pk)
        return Page([summary(r) for r in chosen], cursor)

    @staticmethod
    def _coarse(qs: QuerySet[m.Article], q: str) -> QuerySet[m.Article]:
        """Rows that may match a search (every word of a query without alternatives)."""
        query = parse_query(q)
        if len(query.groups) != 1:
            return qs
        for term in query.groups[0].include:
            cond = _contains(term)
            if cond is not None:
                qs = qs.filter(cond)
        return qs

    def _matches(
        self, terms: Sequence[str], statuses: frozenset[ArticleStatus], limit: int, scored: bool
    ) -> list[ArticleMatch]:
        """The best rows with any of the terms; `scored`: with their `text.relevance` (on
        PostgreSQL that reads the bodies, so suggestions skip it and carry a score of 0)."""
        if not terms:
            return []
        qs = m.Article.objects.filter(status__in=sorted(statuses))
        if not _postgres():
            conditions = [_contains(t) for t in terms]
            if all(c is not None for c in conditions):
                qs = qs.filter(reduce(operator.or_, [c for c in conditions if c is not None]))
            return simple_suggest(_rows(qs), terms, statuses, limit)
        query = _any_of(terms)
        qs = qs.filter(search_vector=query).annotate(rank=_rank(query)).order_by(*ORDER[RELEVANCE])
        if not scored:
            return [ArticleMatch(summary(r), 0) for r in qs.only(*SUMMARY)[:limit]]
        rows = qs.only(*SUMMARY, "body")[:limit]
        return [ArticleMatch(summary(r), relevance(terms, Doc.of(r.title, r.tags, r.body))) for r in rows]

    def suggest(self, terms: Sequence[str], statuses: frozenset[ArticleStatus], limit: int) -> list[ArticleSummary]:
        return [match.summary for match in self._matches(terms, statuses, limit, scored=False)]

    def best_match(self, terms: Sequence[str], statuses: frozenset[ArticleStatus]) -> ArticleMatch | None:
        matches = self._matches(terms, statuses, 1, scored=True)
        return matches[0] if matches else None

"""In-memory knowledge base: ArticleRepository and ArticleSearch over a dictionary, searching
exactly as the Django adapter does on SQLite (both run domain.knowledge.queries' simple path)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace

from domain.knowledge.model import Article, ArticleStatus, ArticleSummary
from domain.knowledge.queries import ArticleFilter, ArticleMatch, Row, simple_search, simple_suggest
from domain.shared.pagination import Page, PageRequest


def _copy(article: Article) -> Article:
    return replace(article, tags=list(article.tags))


class InMemoryArticles:
    def __init__(self) -> None:
        self.articles: dict[int, Article] = {}
        self.votes: dict[tuple[int, int], bool] = {}
        self._ids = itertools.count(1)

    # -- ArticleRepository --------------------------------------------------------------------
    def get(self, article_id: int) -> Article | None:
        article = self.articles.get(article_id)
        return _copy(article) if article else None

    def get_for_update(self, article_id: int) -> Article | None:
        return self.get(article_id)

    def add(self, article: Article) -> Article:
        stored = replace(article, id=next(self._ids), tags=list(article.tags))
        self.articles[stored.id] = stored
        return _copy(stored)

    def save(self, article: Article, expected_version: int) -> bool:
        stored = self.articles.get(article.id)
        if stored is None or stored.version != expected_version:
            return False
        self.articles[article.id] = replace(
            stored,
            title=article.title,
            body=article.body,
            category=article.category,
            tags=list(article.tags),
            status=article.status,
            updated_at=article.updated_at,
            updated_by=article.updated_by,
            version=article.version,
        )
        return True

    def delete(self, article_id: int) -> bool:
        self.votes = {k: v for k, v in self.votes.items() if k[0] != article_id}
        return self.articles.pop(article_id, None) is not None

    def record_vote(self, article_id: int, voter_id: int, helpful: bool) -> None:
        stored = self.articles[article_id]
        previous = self.votes.get((article_id, voter_id))
        self.votes[(article_id, voter_id)] = helpful
        if previous is helpful:
            return
        if previous is not None:
            stored.helpful_votes -= int(previous)
            stored.not_helpful_votes -= int(not previous)
        stored.helpful_votes += int(helpful)
        stored.not_helpful_votes += int(not helpful)

    def add_link(self, article_id: int) -> None:
        self.articles[article_id].linked_tickets += 1

    # -- ArticleSearch ------------------------------------------------------------------------
    def _rows(self) -> list[Row]:
        return [(a.summary(), a.body) for a in self.articles.values()]

    def search(self, flt: ArticleFilter, page: PageRequest) -> Page[ArticleSummary]:
        return simple_search(self._rows(), flt, page)

    def suggest(self, terms: Sequence[str], statuses: frozenset[ArticleStatus], limit: int) -> list[ArticleSummary]:
        return [m.summary for m in simple_suggest(self._rows(), terms, statuses, limit)]

    def best_match(self, terms: Sequence[str], statuses: frozenset[ArticleStatus]) -> ArticleMatch | None:
        matches = simple_suggest(self._rows(), terms, statuses, 1)
        return matches[0] if matches else None

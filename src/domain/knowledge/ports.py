from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from domain.shared.pagination import Page, PageRequest

from .model import Article, ArticleStatus, ArticleSummary
from .queries import ArticleFilter, ArticleMatch


class ArticleRepository(Protocol):
    def get(self, article_id: int) -> Article | None: ...

    def get_for_update(self, article_id: int) -> Article | None:
        """The article, locked until the caller's transaction ends."""
        ...

    def add(self, article: Article) -> Article:
        """Store a new article; returns it with its id."""
        ...

    def save(self, article: Article, expected_version: int) -> bool:
        """Store the article's content (title, body, category, tags, status, updated_*, version) if
        the stored version is still `expected_version`; False, storing nothing, when it is not.
        Counters are never written from here: votes and links change them atomically."""
        ...

    def delete(self, article_id: int) -> bool: ...

    def record_vote(self, article_id: int, voter_id: int, helpful: bool) -> None:
        """One vote a person: a second vote replaces the first; the counters follow."""
        ...

    def add_link(self, article_id: int) -> None:
        """One more ticket links the article (an atomic increment)."""
        ...


class ArticleSearch(Protocol):
    def search(self, flt: ArticleFilter, page: PageRequest) -> Page[ArticleSummary]:
        """Articles in `flt.statuses` (and `flt.category`); with `flt.q` only matching ones, most
        relevant first; without, most recently updated first. Keyset pages."""
        ...

    def suggest(self, terms: Sequence[str], statuses: frozenset[ArticleStatus], limit: int) -> list[ArticleSummary]:
        """The `limit` best articles holding any of the terms (words, not stop words), best first."""
        ...

    def best_match(self, terms: Sequence[str], statuses: frozenset[ArticleStatus]) -> ArticleMatch | None:
        """The first article `suggest` would give, scored by `text.relevance`."""
        ...

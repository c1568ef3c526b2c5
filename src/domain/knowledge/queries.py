"""Search criteria, cursors and the simple ranking path for the knowledge base's read side.

Order: with a query, most relevant first; without one, most recently updated first; ties by
newest update, then highest id. Cursors carry the last row's sort key (and say which order it
belongs to). `simple_search` and `simple_suggest` are the whole read side over rows already in
memory: the in-memory fake uses them as they are, the Django adapter on SQLite after a coarse
SQL filter, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.shared.errors import InvalidInput
from domain.shared.pagination import Cursor, Page, PageRequest

from .model import MAX_ID, ArticleStatus, ArticleSummary
from .text import Doc, parse_query, relevance

RECENT = "recent"
RELEVANCE = "relevance"


@dataclass(frozen=True)
class ArticleFilter:
    q: str = ""
    category: str | None = None
    statuses: frozenset[ArticleStatus] = field(default_factory=lambda: frozenset(ArticleStatus))

    @property
    def order(self) -> str:
        return RELEVANCE if self.q.strip() else RECENT


@dataclass(frozen=True)
class ArticleMatch:
    """The best article for a free text, with its score by `text.relevance` (3/2/1 per term in
    title/tags/body) whichever engine ranked it first."""

    summary: ArticleSummary
    score: int


Position = tuple[float, datetime, int]  # (score, updated_at, id); score 0 in the recent order
CURSORS = {
    RELEVANCE: Cursor("kb:relevance", (float, datetime, int)),
    RECENT: Cursor("kb:recent", (datetime, int)),
}


def cursor_for(order: str, score: float, updated_at: datetime, article_id: int) -> str:
    values: list[Any] = [score, updated_at, article_id] if order == RELEVANCE else [updated_at, article_id]
    return CURSORS[order].encode(values)


def position_of(page: PageRequest, order: str) -> Position | None:
    """The sort key a cursor carries, or InvalidInput when it does not belong to this order."""
    after = page.after(CURSORS[order])
    if after is None:
        return None
    if order != RELEVANCE:
        after = (0.0, *after)
    score, at, article_id = after
    if not 0 <= article_id <= MAX_ID:
        raise InvalidInput("cursor is not valid", code="invalid_cursor")
    return score, at, article_id


Row = tuple[ArticleSummary, str]  # a summary and the article's body


def simple_search(rows: Iterable[Row], flt: ArticleFilter, page: PageRequest) -> Page[ArticleSummary]:
    order = flt.order
    after = position_of(page, order)
    query = parse_query(flt.q) if order == RELEVANCE else None
    keyed: list[tuple[Position, ArticleSummary]] = []
    for s, body in rows:
        if s.status not in flt.statuses or (flt.category is not None and s.category != flt.category):
            continue
        score = 0
        if query is not None:
            doc = Doc.of(s.title, s.tags, body)
            if not query.matches(doc):
                continue
            score = query.score(doc)
        keyed.append(((float(score), s.updated_at, s.id), s))
    keyed.sort(key=lambda k: k[0], reverse=True)
    if after is not None:
        keyed = [k for k in keyed if k[0] < after]
    chosen = keyed[: page.limit]
    cursor = None
    if len(keyed) > page.limit and chosen:
        (last_score, at, last_id), _ = chosen[-1]
        cursor = cursor_for(order, int(last_score), at, last_id)
    return Page([s for _, s in chosen], cursor)


def simple_suggest(
    rows: Iterable[Row], terms: Sequence[str], statuses: frozenset[ArticleStatus], limit: int
) -> list[ArticleMatch]:
    """The `limit` best rows with any of the terms, best first."""
    scored: list[tuple[tuple[int, datetime, int], ArticleMatch]] = []
    for s, body in rows:
        if s.status not in statuses:
            continue
        score = relevance(terms, Doc.of(s.title, s.tags, body))
        if score:
            scored.append(((score, s.updated_at, s.id), ArticleMatch(s, score)))
    scored.sort(key=lambda k: k[0], reverse=True)
    return [m for _, m in scored[:limit]]

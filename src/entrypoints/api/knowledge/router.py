from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from domain.knowledge.model import ArticleChanges, NewArticle
from entrypoints.api.auth import LEARNER_FACING, principal
from entrypoints.api.schemas import errors
from entrypoints.bootstrap import container

from .schemas import (
    ArticleIn,
    ArticleOut,
    ArticlePageOut,
    ArticlePatchIn,
    ArticleSearchQuery,
    ArticleSummaryOut,
    VoteIn,
)

router = Router(tags=["knowledge base"])


@router.get("/", auth=LEARNER_FACING, response={200: ArticlePageOut, **errors(400, 401, 403, 422)})
def search_articles(request: HttpRequest, f: Query[ArticleSearchQuery]) -> ArticlePageOut:
    page = container().knowledge.search(principal(request), f.q, f.page(), category=f.category, status=f.status)
    return ArticlePageOut(items=[ArticleSummaryOut.of(s) for s in page.items], next_cursor=page.next_cursor)


@router.post("/", response={201: ArticleOut, **errors(400, 401, 403, 422)})
def create_article(request: HttpRequest, body: ArticleIn) -> Status[ArticleOut]:
    new = NewArticle(title=body.title, body=body.body, category=body.category, tags=body.tags, status=body.status)
    return Status(201, ArticleOut.of_article(container().knowledge.create(principal(request), new)))


@router.get("/{id:article_id}/", auth=LEARNER_FACING, response={200: ArticleOut, **errors(401, 403, 404)})
def get_article(request: HttpRequest, article_id: int) -> ArticleOut:
    return ArticleOut.of_article(container().knowledge.get(principal(request), article_id))


@router.patch("/{id:article_id}/", response={200: ArticleOut, **errors(400, 401, 403, 404, 409, 422)})
def update_article(request: HttpRequest, article_id: int, body: ArticlePatchIn) -> ArticleOut:
    changes = ArticleChanges(body.title, body.body, body.category, body.tags, body.status)
    article = container().knowledge.update(principal(request), article_id, body.version, changes)
    return ArticleOut.of_article(article)


@router.delete("/{id:article_id}/", response={204: None, **errors(401, 403, 404)})
def delete_article(request: HttpRequest, article_id: int) -> Status[None]:
    container().knowledge.delete(principal(request), article_id)
    return Status(204, None)


@router.post(
    "/{id:article_id}/vote",
    auth=LEARNER_FACING,
    response={200: ArticleSummaryOut, **errors(400, 401, 403, 404, 409, 422)},
)
def vote_on_article(request: HttpRequest, article_id: int, body: VoteIn) -> ArticleSummaryOut:
    return ArticleSummaryOut.of(container().knowledge.vote(principal(request), article_id, body.helpful))

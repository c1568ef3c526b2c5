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


@router.get(
    "/",
    summary="Search knowledge-base articles",
    auth=LEARNER_FACING,
    response={200: ArticlePageOut, **errors(400, 401, 403, 422)},
)
def search_articles(request: HttpRequest, f: Query[ArticleSearchQuery]) -> ArticlePageOut:
    """Full-text search over the knowledge base (`q`; empty lists all), filtered by `category` and `status`, best match
    first, one cursor page of summaries. Learners and agents see published articles; `kb.manage` also drafts and
    internal ones."""
    page = container().knowledge.search(principal(request), f.q, f.page(), category=f.category, status=f.status)
    return ArticlePageOut(items=[ArticleSummaryOut.of(s) for s in page.items], next_cursor=page.next_cursor)


@router.post("/", summary="Create a knowledge-base article", response={201: ArticleOut, **errors(400, 401, 403, 422)})
def create_article(request: HttpRequest, body: ArticleIn) -> Status[ArticleOut]:
    """A new article (title, body, category, tags, status draft, internal or published). Needs `kb.manage`
    (support_admin); audited."""
    new = NewArticle(title=body.title, body=body.body, category=body.category, tags=body.tags, status=body.status)
    return Status(201, ArticleOut.of_article(container().knowledge.create(principal(request), new)))


@router.get(
    "/{id:article_id}/",
    summary="Get one knowledge-base article",
    auth=LEARNER_FACING,
    response={200: ArticleOut, **errors(401, 403, 404)},
)
def get_article(request: HttpRequest, article_id: int) -> ArticleOut:
    """The article's text, category, tags, status, version and helpfulness votes. Drafts and internal articles need
    `kb.manage` or staff access (404 otherwise)."""
    return ArticleOut.of_article(container().knowledge.get(principal(request), article_id))


@router.patch(
    "/{id:article_id}/",
    summary="Update a knowledge-base article",
    response={200: ArticleOut, **errors(400, 401, 403, 404, 409, 422)},
)
def update_article(request: HttpRequest, article_id: int, body: ArticlePatchIn) -> ArticleOut:
    """Change the fields given, with the `version` read (409 `stale_article` when someone changed it meanwhile: read
    again and retry). Needs `kb.manage`; audited."""
    changes = ArticleChanges(body.title, body.body, body.category, body.tags, body.status)
    article = container().knowledge.update(principal(request), article_id, body.version, changes)
    return ArticleOut.of_article(article)


@router.delete(
    "/{id:article_id}/", summary="Delete a knowledge-base article", response={204: None, **errors(401, 403, 404)}
)
def delete_article(request: HttpRequest, article_id: int) -> Status[None]:
    """Removes the article and its links to tickets. Needs `kb.manage`; audited."""
    container().knowledge.delete(principal(request), article_id)
    return Status(204, None)


@router.post(
    "/{id:article_id}/vote",
    summary="Vote on an article's helpfulness",
    auth=LEARNER_FACING,
    response={200: ArticleSummaryOut, **errors(400, 401, 403, 404, 409, 422)},
)
def vote_on_article(request: HttpRequest, article_id: int, body: VoteIn) -> ArticleSummaryOut:
    """Say whether the article helped (`helpful` true or false): staff who read the knowledge base, and learners on
    published articles. One vote a person; a second one replaces the first. 409 `article_is_draft`: drafts take no
    votes."""
    return ArticleSummaryOut.of(container().knowledge.vote(principal(request), article_id, body.helpful))

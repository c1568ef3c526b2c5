from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from domain.knowledge.model import MAX_BODY, MAX_TITLE, Article, ArticleStatus, ArticleSummary
from domain.shared.support import MAX_TAG, MAX_TAGS
from entrypoints.api.schemas import Flag, PageQuery, ReadModelOut, Version

CATEGORY = Field(max_length=50, description="one of the support categories (technical, account, billing, ...)")
TAGS_DESCRIPTION = f"lower-case slugs (letters, digits, hyphens), at most {MAX_TAGS}, each at most {MAX_TAG} characters"


class ArticleSearchQuery(PageQuery):
    q: str = Field("", max_length=200, description='web-search syntax: words, "a phrase", or, -exclude')
    category: str | None = Field(None, max_length=50)
    status: ArticleStatus | None = Field(None, description="drafts need kb.manage")


class ArticleSummaryOut(ReadModelOut):
    id: int
    title: str
    category: str
    tags: list[str]
    status: ArticleStatus
    helpful_votes: int
    not_helpful_votes: int
    linked_tickets: int
    usefulness: float = Field(
        description="(helpful + links/2 + 1) / (helpful + links/2 + not_helpful + 2), from 0 to 1; 0.5 when unjudged"
    )
    created_at: datetime
    updated_at: datetime
    version: int

    @staticmethod
    def of(s: ArticleSummary) -> ArticleSummaryOut:
        return ArticleSummaryOut(
            id=s.id,
            title=s.title,
            category=s.category,
            tags=list(s.tags),
            status=s.status,
            helpful_votes=s.helpful_votes,
            not_helpful_votes=s.not_helpful_votes,
            linked_tickets=s.linked_tickets,
            usefulness=s.usefulness,
            created_at=s.created_at,
            updated_at=s.updated_at,
            version=s.version,
        )


class ArticleOut(ArticleSummaryOut):
    body: str = Field(description="Markdown")
    created_by: int | None
    updated_by: int | None

    @staticmethod
    def of_article(a: Article) -> ArticleOut:
        return ArticleOut(
            **ArticleSummaryOut.of(a.summary()).model_dump(),
            body=a.body,
            created_by=a.created_by,
            updated_by=a.updated_by,
        )


class ArticlePageOut(ReadModelOut):
    items: list[ArticleSummaryOut]
    next_cursor: str | None


class ArticleIn(Schema):
    title: str = Field(min_length=1, max_length=MAX_TITLE)
    body: str = Field("", max_length=MAX_BODY, description="Markdown")
    category: str = CATEGORY
    tags: list[str] = Field(default_factory=list, max_length=MAX_TAGS, description=TAGS_DESCRIPTION)
    status: ArticleStatus = ArticleStatus.DRAFT


class ArticlePatchIn(Schema):
    version: Version = Field(description="the version you read; a newer one on the server is a 409 stale_article")
    title: str | None = Field(None, min_length=1, max_length=MAX_TITLE)
    body: str | None = Field(None, max_length=MAX_BODY)
    category: str | None = Field(None, max_length=50)
    tags: list[str] | None = Field(None, max_length=MAX_TAGS, description=TAGS_DESCRIPTION)
    status: ArticleStatus | None = None


class VoteIn(Schema):
    helpful: Flag

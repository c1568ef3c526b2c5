"""Write side of the knowledge base: articles with optimistic versions, votes and link counts."""

from __future__ import annotations

from django.db.models import F

from domain.knowledge.model import Article, ArticleStatus

from . import models as m

CONTENT = ["title", "body", "category", "tags", "status", "updated_at", "updated_by", "version"]


def to_article(row: m.Article) -> Article:
    return Article(
        id=row.pk,
        title=row.title,
        body=row.body,
        category=row.category,
        tags=list(row.tags),
        status=ArticleStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        created_by=row.created_by,
        updated_by=row.updated_by,
        version=row.version,
        helpful_votes=row.helpful_votes,
        not_helpful_votes=row.not_helpful_votes,
        linked_tickets=row.linked_tickets,
    )


def content(a: Article) -> dict[str, object]:
    return {
        "title": a.title,
        "body": a.body,
        "category": a.category,
        "tags": list(a.tags),
        "status": a.status.value,
        "updated_at": a.updated_at,
        "updated_by": a.updated_by,
        "version": a.version,
    }


class DjangoArticleRepository:
    def get(self, article_id: int) -> Article | None:
        row = m.Article.objects.defer("search_vector").filter(pk=article_id).first()
        return to_article(row) if row else None

    def get_for_update(self, article_id: int) -> Article | None:
        row = m.Article.objects.select_for_update().defer("search_vector").filter(pk=article_id).first()
        return to_article(row) if row else None

    def add(self, article: Article) -> Article:
        row = m.Article.objects.create(created_at=article.created_at, created_by=article.created_by, **content(article))
        return to_article(row)

    def save(self, article: Article, expected_version: int) -> bool:
        updated = m.Article.objects.filter(pk=article.id, version=expected_version).update(**content(article))
        return updated == 1

    def delete(self, article_id: int) -> bool:
        deleted, _ = m.Article.objects.filter(pk=article_id).delete()
        return deleted > 0

    def record_vote(self, article_id: int, voter_id: int, helpful: bool) -> None:
        # the article's row lock orders concurrent votes on it, so one person's two votes cannot race
        list(m.Article.objects.select_for_update().filter(pk=article_id).values_list("pk"))
        previous = m.ArticleVote.objects.filter(article_id=article_id, voter_id=voter_id).first()
        if previous is None:
            m.ArticleVote.objects.create(article_id=article_id, voter_id=voter_id, helpful=helpful)
        elif previous.helpful is helpful:
            return
        else:
            m.ArticleVote.objects.filter(pk=previous.pk).update(helpful=helpful)
        chosen, other = ("helpful_votes", "not_helpful_votes") if helpful else ("not_helpful_votes", "helpful_votes")
        changes = {chosen: F(chosen) + 1}
        if previous is not None:
            changes[other] = F(other) - 1
        m.Article.objects.filter(pk=article_id).update(**changes)

    def add_link(self, article_id: int) -> None:
        m.Article.objects.filter(pk=article_id).update(linked_tickets=F("linked_tickets") + 1)

"""Knowledge-base articles and the votes on them.

On PostgreSQL `search_vector` holds the weighted text (title A, tags B, body C), kept up to date by
a trigger on every insert and on every update of title, tags or body, and indexed with GIN (both in
migration 0002). SQLite keeps the column empty and searches the simple way (see queries.py).
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models

STATUSES = [(s, s) for s in ("draft", "internal", "published")]


class Article(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    category = models.CharField(max_length=50)
    tags = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=STATUSES, default="draft")
    helpful_votes = models.PositiveIntegerField(default=0)
    not_helpful_votes = models.PositiveIntegerField(default=0)
    linked_tickets = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    created_by = models.BigIntegerField(null=True, blank=True)
    updated_by = models.BigIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    class Meta:
        indexes = [
            models.Index(fields=["-updated_at", "-id"], name="kb_recent"),
            models.Index(fields=["category", "-updated_at", "-id"], name="kb_category_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s for s, _ in STATUSES]), name="kb_article_status_known"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ArticleVote(models.Model):
    """One person's vote on one article (a second vote replaces the first)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="votes", db_index=False)
    voter_id = models.BigIntegerField()
    helpful = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "voter_id"], name="kb_vote_once")]

    def __str__(self) -> str:
        return f"{'helpful' if self.helpful else 'not helpful'}: {self.article_id} by {self.voter_id}"

"""Knowledge-base articles: validation of their content, versions, and how useful they prove."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from domain.shared.errors import Unprocessable
from domain.shared.support import MAX_TAG, MAX_TAGS, is_tag

MAX_ID = 2**63 - 1  # ids are 64-bit database keys: anything larger names no article
MAX_TITLE = 200
MAX_BODY = 100_000
CONTENT_FIELDS = ("title", "body", "category", "tags", "status")


class ArticleStatus(StrEnum):
    DRAFT = "draft"  # authors only (kb.manage)
    INTERNAL = "internal"  # staff who read the knowledge base
    PUBLISHED = "published"  # staff, and learners through ticket suggestions and votes


def invalid(field_name: str, code: str, message: str, where: str = "body", **details: Any) -> Unprocessable:
    """A 422 shaped like request validation errors, so clients handle both alike."""
    entry = {"loc": [where, field_name], "msg": message, "type": code}
    return Unprocessable(message, code=code, details={"fields": [entry], **details})


def clean_title(title: str) -> str:
    title = title.strip()
    if not 1 <= len(title) <= MAX_TITLE:
        raise invalid("title", "invalid_title", f"title must be 1-{MAX_TITLE} characters")
    return title


def clean_body(body: str) -> str:
    if len(body) > MAX_BODY:
        raise invalid("body", "body_too_long", f"body is longer than {MAX_BODY} characters")
    return body


def clean_category(category: str, categories: Sequence[str], where: str = "body") -> str:
    if category not in categories:
        message = f"category must be one of {', '.join(categories)}"
        raise invalid("category", "unknown_category", message, where, allowed=list(categories))
    return category


def clean_tags(tags: Sequence[str]) -> list[str]:
    """Lower-case slugs (letters, digits, single hyphens), at most 20, each at most 40 characters;
    duplicates are dropped, the first spelling's place kept."""
    cleaned: list[str] = []
    for raw in tags:
        tag = raw.strip().lower()
        if not is_tag(tag):
            raise invalid(
                "tags", "invalid_tag", f"tag {raw!r} is not a lower-case slug of at most {MAX_TAG} characters"
            )
        if tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise invalid("tags", "too_many_tags", f"at most {MAX_TAGS} tags")
    return cleaned


def usefulness(helpful: int, not_helpful: int, linked_tickets: int) -> float:
    """How useful an article has proved, from 0 to 1 (three decimals).

        usefulness = (helpful + links / 2 + 1) / (helpful + links / 2 + not_helpful + 2)

    A ticket linking the article counts as half a helpful vote (an agent found it worth sending),
    and a prior of one helpful and one unhelpful vote keeps a single vote from reading as 0 or 1:
    an article nobody has judged scores 0.5, 3 helpful of 4 votes scores 0.667, 30 of 40 scores 0.738.
    """
    support = helpful + linked_tickets / 2 + 1
    return round(support / (support + not_helpful + 1), 3)


@dataclass(frozen=True)
class ArticleSummary:
    """A list/search/suggestion row: everything but the body."""

    id: int
    title: str
    category: str
    tags: tuple[str, ...]
    status: ArticleStatus
    helpful_votes: int
    not_helpful_votes: int
    linked_tickets: int
    created_at: datetime
    updated_at: datetime
    version: int

    @property
    def usefulness(self) -> float:
        return usefulness(self.helpful_votes, self.not_helpful_votes, self.linked_tickets)


@dataclass(frozen=True)
class NewArticle:
    title: str
    body: str
    category: str
    tags: Sequence[str] = ()
    status: ArticleStatus = ArticleStatus.DRAFT


@dataclass(frozen=True)
class ArticleChanges:
    """A partial update: None leaves a field as it is."""

    title: str | None = None
    body: str | None = None
    category: str | None = None
    tags: Sequence[str] | None = None
    status: ArticleStatus | None = None

    @property
    def empty(self) -> bool:
        return all(getattr(self, name) is None for name in CONTENT_FIELDS)


@dataclass
class KnowledgeBaseArticle:
    id: int
    title: str
    body: str
    category: str
    tags: list[str]
    status: ArticleStatus
    created_at: datetime
    updated_at: datetime
    created_by: int | None
    updated_by: int | None
    version: int = 1
    helpful_votes: int = 0
    not_helpful_votes: int = 0
    linked_tickets: int = 0

    @classmethod
    def new(
        cls, new: NewArticle, categories: Sequence[str], actor_id: int | None, at: datetime
    ) -> KnowledgeBaseArticle:
        """A valid article not stored yet (id 0 until the repository gives it one)."""
        return cls(
            id=0,
            title=clean_title(new.title),
            body=clean_body(new.body),
            category=clean_category(new.category, categories),
            tags=clean_tags(new.tags),
            status=new.status,
            created_at=at,
            updated_at=at,
            created_by=actor_id,
            updated_by=actor_id,
        )

    def apply(
        self, changes: ArticleChanges, categories: Sequence[str], actor_id: int | None, at: datetime
    ) -> dict[str, Any]:
        """Validate and apply a partial update; when anything changed, move to the next version.
        Returns what changed, for the audit trail (the body by its length only)."""
        wanted: dict[str, Any] = {}
        if changes.title is not None:
            wanted["title"] = clean_title(changes.title)
        if changes.body is not None:
            wanted["body"] = clean_body(changes.body)
        if changes.category is not None:
            wanted["category"] = clean_category(changes.category, categories)
        if changes.tags is not None:
            wanted["tags"] = clean_tags(changes.tags)
        if changes.status is not None:
            wanted["status"] = changes.status
        diff: dict[str, Any] = {}
        for name, value in wanted.items():
            old = getattr(self, name)
            if old == value:
                continue
            if name == "body":
                diff[name] = {"from_length": len(old), "to_length": len(value)}
            else:
                diff[name] = {"from": old, "to": value}
            setattr(self, name, value)
        if diff:
            self.version += 1
            self.updated_at = at
            self.updated_by = actor_id
        return diff

    def summary(self) -> ArticleSummary:
        return ArticleSummary(
            id=self.id,
            title=self.title,
            category=self.category,
            tags=tuple(self.tags),
            status=self.status,
            helpful_votes=self.helpful_votes,
            not_helpful_votes=self.not_helpful_votes,
            linked_tickets=self.linked_tickets,
            created_at=self.created_at,
            updated_at=self.updated_at,
            version=self.version,
        )


Article = KnowledgeBaseArticle

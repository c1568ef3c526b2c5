"""Support vocabulary shared by tickets and the knowledge base."""

from __future__ import annotations

import re
from enum import StrEnum


class Category(StrEnum):
    """What a ticket or an article is about."""

    TECHNICAL = "technical"
    ACCOUNT = "account"
    BILLING = "billing"
    COURSE_CONTENT = "course_content"
    BUG = "bug"
    FEATURE_REQUEST = "feature_request"
    OTHER = "other"


DEFAULT_CATEGORIES: tuple[str, ...] = tuple(c.value for c in Category)

# Tags on tickets and articles: lower-case slugs (letters, digits, single hyphens)
MAX_TAGS = 20
MAX_TAG = 40
TAG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_tag(tag: str) -> bool:
    return len(tag) <= MAX_TAG and TAG_RE.match(tag) is not None

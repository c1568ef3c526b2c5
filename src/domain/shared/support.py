"""Support vocabulary shared by tickets and the knowledge base."""

from __future__ import annotations

import re

DEFAULT_CATEGORIES: tuple[str, ...] = (
    "technical",
    "account",
    "billing",
    "course_content",
    "bug",
    "feature_request",
    "other",
)

# Tags on tickets and articles: lower-case slugs (letters, digits, single hyphens)
MAX_TAGS = 20
MAX_TAG = 40
TAG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_tag(tag: str) -> bool:
    return len(tag) <= MAX_TAG and TAG_RE.match(tag) is not None

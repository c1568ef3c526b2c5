"""Support vocabulary shared by tickets and the knowledge base."""

from __future__ import annotations

DEFAULT_CATEGORIES: tuple[str, ...] = (
    "technical",
    "account",
    "billing",
    "course_content",
    "bug",
    "feature_request",
    "other",
)

"""The knowledge base's error codes, each with its HTTP status and what it means; `domain.shared.error_codes`
assembles every module's codes into the one catalogue (docs/errors.md)."""

from __future__ import annotations

CODES: dict[str, tuple[int, str]] = {
    "article_not_found": (404, "No such article (or not published)."),
    "article_is_draft": (409, "A draft article cannot be linked or voted on."),
    "stale_article": (409, "Someone changed the article since you read it: re-read it and send its `version`."),
    "invalid_title": (422, "An article title is 1-200 characters."),
    "body_too_long": (422, "The article body is too long."),
    "unknown_category": (422, "Unknown article category; `details.allowed` lists them."),
    "too_many_tags": (422, "Too many tags on the article."),
}

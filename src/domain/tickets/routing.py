"""Routing: a category for the text, a team for the category, the least-loaded available agent."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .ports import Agent

DEFAULT_TEAM = "general"  # where a category without a route goes
DEFAULT_ROUTES: dict[str, str] = {  # category -> team, as the first migration seeds it
    "technical": "technical",
    "bug": "technical",
    "billing": "billing",
    "account": "general",
    "course_content": "content",
    "feature_request": "general",
    "other": "general",
}
DEFAULT_TEAMS = frozenset(DEFAULT_ROUTES.values()) | {DEFAULT_TEAM}  # the teams the migrations make

KEYWORDS: dict[str, tuple[str, ...]] = {
    "billing": ("invoice", "refund", "charge", "charged", "payment", "card", "subscription", "price", "billing"),
    "account": ("password", "login", "log in", "sign in", "email address", "username", "account", "locked", "2fa"),
    "bug": ("bug", "error", "crash", "broken", "exception", "doesn't work", "does not work", "500"),
    "technical": ("video", "upload", "browser", "slow", "loading", "download", "app", "audio", "install"),
    "course_content": ("lesson", "quiz", "module", "course material", "answer key", "typo", "exercise", "grade"),
    "feature_request": ("feature", "would be nice", "please add", "suggestion", "could you add", "wish"),
}


def categorise(text: str, knowledge_hint: str | None, allowed: Sequence[str]) -> str:
    """Keywords first (the best-scoring category), then the knowledge base's hint, else other."""
    low = text.lower()
    scores = {cat: sum(1 for k in words if re.search(rf"\b{re.escape(k)}\b", low)) for cat, words in KEYWORDS.items()}
    best = max(scores, key=lambda c: scores[c])
    if scores[best] > 0 and best in allowed:
        return best
    if knowledge_hint in allowed:
        return str(knowledge_hint)
    return "other" if "other" in allowed else allowed[0]


def least_loaded(agents: Iterable[Agent]) -> Agent | None:
    """The available agent with the least weighted load (ties: the lower id)."""
    ready = [a for a in agents if a.available]
    return min(ready, key=lambda a: (a.load, a.user_id)) if ready else None

"""What callers ask of tickets, and the rules their text, tags and categories follow."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from domain.shared.errors import InvalidInput
from domain.shared.support import MAX_TAG, MAX_TAGS, is_tag

from .sla import Priority
from .status import TicketStatus

MAX_TITLE = 200
MAX_TEXT = 20_000
Diff = dict[str, list[Any]]  # field -> [before, after], for the audit trail


@dataclass(frozen=True)
class NewTicket:
    title: str
    description: str
    user_id: int | None = None  # the learner; staff name them, learners open their own
    priority: Priority | None = None  # staff only
    category: str | None = None  # chosen from the text when None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class TicketChange:
    """A partial change by staff of the version they read: None leaves a field as it is."""

    version: int
    status: TicketStatus | None = None
    priority: Priority | None = None
    category: str | None = None
    tags: tuple[str, ...] | None = None
    team: str | None = None
    assign: bool = False  # True: set assigned_to (None = unassign)
    assigned_to: int | None = None
    note: str = ""  # hand-off note or reason, kept with the assignment/status update


def clean_tags(tags: Sequence[str]) -> list[str]:
    """The shared tag rule (domain.shared.support), sorted and without duplicates."""
    out = sorted({t.strip().lower() for t in tags if t.strip()})
    bad = [t for t in out if not is_tag(t)]
    if bad or len(out) > MAX_TAGS:
        raise InvalidInput(
            f"tags are up to {MAX_TAGS} lower-case slugs of at most {MAX_TAG} characters",
            code="invalid_tags",
            details={"tags": bad},
        )
    return out


def clean_text(content: str) -> str:
    content = content.strip()
    if not content or len(content) > MAX_TEXT:
        raise InvalidInput("content must be 1-20,000 characters", code="invalid_content")
    return content


def clean_subject(title: str, description: str) -> tuple[str, str]:
    title, description = title.strip(), description.strip()
    if not title or not description or len(title) > MAX_TITLE or len(description) > MAX_TEXT:
        raise InvalidInput("title (1-200) and description (1-20,000 characters) are required.", code="invalid_ticket")
    return title, description


def clean_category(category: str, categories: Sequence[str]) -> str:
    if category not in categories:
        raise InvalidInput("unknown category", code="invalid_category", details={"allowed": list(categories)})
    return category

"""Saved views: a named set of a console screen's filters (its URL search params), kept on the server for the
person who saved it, and shared with their support team when they say so."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.shared.errors import InvalidInput
from domain.shared.pagination import Cursor

SAVED_VIEWS_CURSOR = Cursor("saved_views", (int,))  # newest first, by id

MAX_NAME = 80
MAX_PARAMS = 30  # search params in one view
MAX_KEY = 64
MAX_VALUE = 500
MAX_PARAMS_CHARS = 4000  # keys and values together
MAX_OWNED = 200  # views one person may keep
_KEY = re.compile(r"^[A-Za-z0-9_.\-\[\]]{1,64}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Screen(StrEnum):
    """The console screens whose filters can be saved."""

    LEARNERS = "learners"
    TICKETS = "tickets"
    AT_RISK = "at_risk"
    AUDIT = "audit"
    BULK = "bulk"
    SECURITY = "security"
    ERRORS = "errors"


@dataclass(frozen=True)
class SavedView:
    id: int
    owner_id: int
    owner_username: str
    name: str
    screen: Screen
    params: Mapping[str, str]
    shared: bool
    team: str | None  # the owner's support team it is shared with (None when not shared)
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class NewSavedView:
    owner_id: int
    owner_username: str
    name: str
    screen: Screen
    params: Mapping[str, str]
    shared: bool
    team: str | None


def clean_name(name: str) -> str:
    """The name as kept: trimmed, 1 to MAX_NAME characters, no control characters."""
    cleaned = name.strip()
    if not 1 <= len(cleaned) <= MAX_NAME or _CONTROL.search(cleaned):
        raise InvalidInput(
            f"A view's name is 1 to {MAX_NAME} characters, without control characters.", code="invalid_view_name"
        )
    return cleaned


def clean_params(params: Mapping[str, str]) -> dict[str, str]:
    """The URL search params as kept: at most MAX_PARAMS, keys of letters, digits and _.-[], values of at most
    MAX_VALUE characters without control characters, MAX_PARAMS_CHARS in all."""
    problems: list[str] = []
    if len(params) > MAX_PARAMS:
        problems.append(f"at most {MAX_PARAMS} params")
    for key, value in params.items():
        if not _KEY.match(key):
            problems.append(f"param name {key[:MAX_KEY]!r} is not 1-{MAX_KEY} letters, digits or _.-[]")
        if len(value) > MAX_VALUE or _CONTROL.search(value):
            problems.append(f"param {key[:MAX_KEY]!r}: at most {MAX_VALUE} characters, no control characters")
    if sum(len(k) + len(v) for k, v in params.items()) > MAX_PARAMS_CHARS:
        problems.append(f"at most {MAX_PARAMS_CHARS} characters of params in all")
    if problems:
        raise InvalidInput(
            "The view's params are not valid.", code="invalid_view_params", details={"problems": problems[:10]}
        )
    return dict(sorted(params.items()))

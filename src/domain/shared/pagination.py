"""Cursor (keyset) pagination: opaque cursors that encode the last row's sort key."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .errors import InvalidInput

T = TypeVar("T")
DEFAULT_LIMIT = 25
MAX_LIMIT = 200


@dataclass(frozen=True)
class PageRequest:
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidInput(
                f"limit must be between 1 and {MAX_LIMIT}", code="invalid_limit", details={"limit": self.limit}
            )

    def position(self) -> list[Any] | None:
        return decode_cursor(self.cursor) if self.cursor else None


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    next_cursor: str | None


def encode_cursor(key: Sequence[Any]) -> str:
    raw = json.dumps(list(key), separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidInput("cursor is not valid", code="invalid_cursor") from exc
    if not isinstance(value, list):
        raise InvalidInput("cursor is not valid", code="invalid_cursor")
    return value


def page_from_rows(rows: Sequence[T], request: PageRequest, key: Any) -> Page[T]:
    """`rows` holds up to limit + 1 rows; the extra one only says there is a next page."""
    items = list(rows[: request.limit])
    more = len(rows) > request.limit
    return Page(items=items, next_cursor=encode_cursor(key(items[-1])) if more and items else None)

"""Cursor (keyset) pagination: opaque cursors that carry the last row's sort key, typed and checked.

Each ordering has its own `Cursor` codec (a kind and the types of its fields). A cursor is accepted only by
the codec that issued it: a cursor from another list, another sort, or one a client made up is refused with
400 `invalid_cursor`, never a 500."""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from .errors import InvalidInput

T = TypeVar("T")
DEFAULT_LIMIT = 25
MAX_LIMIT = 200
MAX_CURSOR = 512  # characters
MAX_ID = 2**63 - 1  # the largest id a database row can have (bigint)
_MAX_TEXT = 300


def _invalid() -> InvalidInput:
    return InvalidInput("cursor is not valid", code="invalid_cursor")


def _typed(kind: type, value: Any) -> Any:
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int) or not -MAX_ID - 1 <= value <= MAX_ID:
            raise _invalid()
        return value
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise _invalid()
        return float(value)
    if kind is str:
        if not isinstance(value, str) or len(value) > _MAX_TEXT or "\x00" in value:
            raise _invalid()
        return value
    if kind is datetime:
        if not isinstance(value, str) or len(value) > 40:
            raise _invalid()
        try:
            at = datetime.fromisoformat(value)
            if at.tzinfo is None:
                raise ValueError(value)
            return at.astimezone(UTC)
        except (ValueError, OverflowError) as exc:
            raise _invalid() from exc
    raise TypeError(f"a cursor field cannot be {kind!r}")


@dataclass(frozen=True)
class Cursor:
    """The codec of one ordering's cursors."""

    kind: str
    fields: tuple[type, ...]

    def encode(self, values: Sequence[Any]) -> str:
        if len(values) != len(self.fields):
            raise ValueError(f"{self.kind} cursors carry {len(self.fields)} values")
        plain = [v.astimezone(UTC).isoformat() if isinstance(v, datetime) else v for v in values]
        raw = json.dumps([self.kind, *plain], separators=(",", ":"), allow_nan=False).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def decode(self, token: str) -> tuple[Any, ...]:
        """The values a cursor of this kind carries, or InvalidInput(code=invalid_cursor)."""
        if len(token) > MAX_CURSOR:
            raise _invalid()
        try:
            padded = token + "=" * (-len(token) % 4)
            value = json.loads(base64.urlsafe_b64decode(padded.encode()))
        except (ValueError, binascii.Error, UnicodeDecodeError, RecursionError) as exc:
            raise _invalid() from exc
        if not isinstance(value, list) or len(value) != len(self.fields) + 1 or value[0] != self.kind:
            raise InvalidInput("cursor does not belong to this list", code="invalid_cursor")
        return tuple(_typed(kind, v) for kind, v in zip(self.fields, value[1:], strict=True))


@dataclass(frozen=True)
class PageRequest:
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidInput(
                f"limit must be between 1 and {MAX_LIMIT}", code="invalid_limit", details={"limit": self.limit}
            )

    def after(self, codec: Cursor) -> tuple[Any, ...] | None:
        """The sort key of the last row the client saw, or None on the first page."""
        return codec.decode(self.cursor) if self.cursor else None


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    next_cursor: str | None


def page_from_rows(
    rows: Sequence[T], request: PageRequest, codec: Cursor, key: Callable[[T], Sequence[Any]]
) -> Page[T]:
    """`rows` holds up to limit + 1 rows; the extra one only says there is a next page."""
    items = list(rows[: request.limit])
    more = len(rows) > request.limit
    return Page(items=items, next_cursor=codec.encode(key(items[-1])) if more and items else None)

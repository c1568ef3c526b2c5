from datetime import UTC, datetime, timedelta, timezone

import pytest

from domain.shared.errors import InvalidInput
from domain.shared.pagination import Cursor, PageRequest, page_from_rows
from tests.support.cursors import raw_cursor

KEYSET = Cursor("things", (datetime, int))
NAMES = Cursor("names", (str, float))
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_round_trip_keeps_types_and_reads_times_in_utc() -> None:
    plus_two = T0.astimezone(timezone(timedelta(hours=2)))
    assert KEYSET.decode(KEYSET.encode([plus_two, 42])) == (T0, 42)
    assert NAMES.decode(NAMES.encode(["Ng", 70])) == ("Ng", 70.0)


@pytest.mark.parametrize(
    "bad",
    [
        "!!!",
        "bm90IGpzb24",  # base64 of "not json"
        "W10",  # []
        "WyJhIiwxXQ",  # ["a", 1]
        raw_cursor(["names", "Ng", 1.5]),  # another list's cursor
        raw_cursor(["things", T0.isoformat()]),  # too short
        raw_cursor(["things", T0.isoformat(), 1, 2]),  # too long
        raw_cursor(["things", "yesterday", 1]),
        raw_cursor(["things", "2026-01-01T00:00:00", 1]),  # no zone
        raw_cursor(["things", "0001-01-01T00:00:00+14:00", 1]),  # overflows in UTC
        raw_cursor(["things", T0.isoformat(), True]),  # a boolean is not an id
        raw_cursor(["things", T0.isoformat(), "1"]),
        raw_cursor(["things", T0.isoformat(), 2**63]),  # past bigint
        raw_cursor(["things", T0.isoformat(), 1.5]),
        raw_cursor(["things", {"a": 1}, 1]),
        "x" * 600,
    ],
)
def test_anything_but_its_own_cursor_is_refused(bad: str) -> None:
    with pytest.raises(InvalidInput) as err:
        KEYSET.decode(bad)
    assert err.value.code == "invalid_cursor"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), "x\x00y", True, "z" * 301])
def test_values_outside_their_type_are_refused(value: object) -> None:
    with pytest.raises(InvalidInput):
        NAMES.decode(raw_cursor(["names", value, 1.0] if isinstance(value, str) else ["names", "Ng", value]))


@pytest.mark.parametrize("limit", [0, 201, -1])
def test_limit_bounds(limit: int) -> None:
    with pytest.raises(InvalidInput):
        PageRequest(limit=limit)


def test_page_from_rows_sets_next_cursor_only_when_more() -> None:
    req = PageRequest(limit=2)
    counter = Cursor("n", (int,))
    full = page_from_rows([1, 2, 3], req, counter, lambda x: [x])
    assert full.items == [1, 2] and PageRequest(cursor=full.next_cursor).after(counter) == (2,)
    assert page_from_rows([1, 2], req, counter, lambda x: [x]).next_cursor is None

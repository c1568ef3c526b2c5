import pytest

from domain.shared.errors import InvalidInput
from domain.shared.pagination import PageRequest, decode_cursor, encode_cursor, page_from_rows


def test_cursor_round_trip() -> None:
    assert decode_cursor(encode_cursor(["2026-01-01T00:00:00+00:00", 42])) == ["2026-01-01T00:00:00+00:00", 42]


@pytest.mark.parametrize("bad", ["!!!", "bm90IGpzb24", encode_cursor([1])[:-2] + "{{"])
def test_garbage_cursor_is_invalid_input(bad: str) -> None:
    with pytest.raises(InvalidInput) as err:
        decode_cursor(bad)
    assert err.value.code == "invalid_cursor"


@pytest.mark.parametrize("limit", [0, 201, -1])
def test_limit_bounds(limit: int) -> None:
    with pytest.raises(InvalidInput):
        PageRequest(limit=limit)


def test_page_from_rows_sets_next_cursor_only_when_more() -> None:
    req = PageRequest(limit=2)
    full = page_from_rows([1, 2, 3], req, lambda x: [x])
    assert full.items == [1, 2] and decode_cursor(full.next_cursor or "") == [2]
    last = page_from_rows([1, 2], req, lambda x: [x])
    assert last.next_cursor is None

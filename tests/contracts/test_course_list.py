"""ProfileQueries.course_list: the fake and the Django adapter list courses alike."""

from __future__ import annotations

import pytest

from domain.shared.errors import InvalidInput
from domain.shared.pagination import PageRequest

from .conftest import Accounts

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it
COURSES = {"ML-101": "Machine learning", "DS-200": "Data science", "PY-100": "Python basics", "ML-201": "Deep nets"}


def test_courses_by_code_with_a_prefix_of_code_or_title(accounts: Accounts) -> None:
    accounts.store.courses(COURSES, dict(COURSES))
    every = accounts.queries.course_list("", PageRequest())
    assert [(c.code, c.title) for c in every.items] == sorted(COURSES.items()) and every.next_cursor is None
    assert [c.code for c in accounts.queries.course_list("ml", PageRequest()).items] == ["ML-101", "ML-201"]
    assert [c.code for c in accounts.queries.course_list("data", PageRequest()).items] == ["DS-200"]
    assert accounts.queries.course_list("nothing", PageRequest()).items == []


def test_courses_page_by_cursor_and_refuse_a_foreign_one(accounts: Accounts) -> None:
    accounts.store.courses(COURSES, dict(COURSES))
    first = accounts.queries.course_list("", PageRequest(limit=3))
    assert [c.code for c in first.items] == ["DS-200", "ML-101", "ML-201"] and first.next_cursor
    rest = accounts.queries.course_list("", PageRequest(limit=3, cursor=first.next_cursor))
    assert [c.code for c in rest.items] == ["PY-100"] and rest.next_cursor is None
    with pytest.raises(InvalidInput) as refused:
        accounts.queries.course_list("", PageRequest(cursor="bm90LWEtY3Vyc29y"))
    assert refused.value.code == "invalid_cursor"

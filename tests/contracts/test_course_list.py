"""ProfileQueries.course_list: the fake and the Django adapter list courses alike."""

from __future__ import annotations

import pytest

from domain.shared.errors import InvalidInput
from domain.shared.pagination import PageRequest

from .conftest import Accounts

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it
# codes and titles no seeded course shares: another test's committed courses may be in the database
COURSES = {
    "QZ-ML-101": "Qzmachine learning",
    "QZ-DS-200": "Qzdata science",
    "QZ-PY-100": "Qzpython basics",
    "QZ-ML-201": "Qzdeep nets",
}


def test_courses_by_code_with_a_prefix_of_code_or_title(accounts: Accounts) -> None:
    accounts.store.courses(COURSES, dict(COURSES))
    every = accounts.queries.course_list("qz", PageRequest())
    assert [(c.code, c.title) for c in every.items] == sorted(COURSES.items()) and every.next_cursor is None
    assert [c.code for c in accounts.queries.course_list("qz-ml", PageRequest()).items] == ["QZ-ML-101", "QZ-ML-201"]
    assert [c.code for c in accounts.queries.course_list("qzdata", PageRequest()).items] == ["QZ-DS-200"]
    assert accounts.queries.course_list("qznothing", PageRequest()).items == []


def test_courses_page_by_cursor_and_refuse_a_foreign_one(accounts: Accounts) -> None:
    accounts.store.courses(COURSES, dict(COURSES))
    first = accounts.queries.course_list("qz", PageRequest(limit=3))
    assert [c.code for c in first.items] == ["QZ-DS-200", "QZ-ML-101", "QZ-ML-201"] and first.next_cursor
    rest = accounts.queries.course_list("qz", PageRequest(limit=3, cursor=first.next_cursor))
    assert [c.code for c in rest.items] == ["QZ-PY-100"] and rest.next_cursor is None
    with pytest.raises(InvalidInput) as refused:
        accounts.queries.course_list("", PageRequest(cursor="bm90LWEtY3Vyc29y"))
    assert refused.value.code == "invalid_cursor"

"""GET /api/courses/ through HTTP: codes and titles for the console's course filters."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from adapters.orm.accounts.models import Course
from domain.shared.permissions import Role

from .conftest import Api, Staff

pytestmark = pytest.mark.django_db


def test_courses_list_pages_and_narrow(api: Api, make_staff: Callable[..., Staff]) -> None:
    # codes and titles no seeded course shares: another test's committed courses may be in the database
    for code, title in [("QZ-ML-101", "Qzmachine learning"), ("QZ-DS-200", "Qzdata science"), ("QZ-PY-100", "Qzpy")]:
        Course.objects.create(code=code, title=title)
    agent = make_staff(Role.SUPPORT_AGENT)
    first = api.call("GET", "/api/courses/?q=qz&limit=2", agent).json()
    assert first["items"] == [
        {"code": "QZ-DS-200", "title": "Qzdata science"},
        {"code": "QZ-ML-101", "title": "Qzmachine learning"},
    ]
    rest = api.call("GET", f"/api/courses/?q=qz&limit=2&cursor={first['next_cursor']}", agent).json()
    assert rest == {"items": [{"code": "QZ-PY-100", "title": "Qzpy"}], "next_cursor": None}
    assert [c["code"] for c in api.call("GET", "/api/courses/?q=qzpy", agent).json()["items"]] == ["QZ-PY-100"]


def test_courses_refusals(api: Api, make_staff: Callable[..., Staff]) -> None:
    learner = make_staff(Role.LEARNER)
    assert api.call("GET", "/api/courses/", learner).status_code == 403
    assert api.call("GET", "/api/courses/").status_code == 401
    agent = make_staff(Role.SUPPORT_AGENT)
    bad = api.call("GET", "/api/courses/?cursor=nonsense", agent)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_cursor"
    assert api.call("GET", "/api/courses/?limit=0", agent).status_code == 422

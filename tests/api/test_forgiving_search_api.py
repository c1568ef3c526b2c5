"""The forgiving learner search through HTTP: accents, case, word order and typos, each result telling the kind
of match, the filters still applied, and an id typed whole going straight to the person."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import pytest

from domain.shared.permissions import Role

from .conftest import Api, Staff

pytestmark = pytest.mark.django_db


def test_a_support_agent_finds_a_learner_from_a_name_heard_on_the_phone(
    api: Api, make_staff: Callable[..., Staff]
) -> None:
    admin = make_staff(Role.PLATFORM_ADMIN)
    body = {"username": "fmeyer7", "email": "freya.meyer7@example.com", "first_name": "Fréya", "last_name": "Meyer"}
    freya = api.call("POST", "/api/users/profiles/", admin, body).json()["id"]
    other = {"username": "fmeyers8", "email": "f8@example.org", "first_name": "Frey", "last_name": "Meyersohn"}
    api.call("POST", "/api/users/profiles/", admin, other)
    agent = make_staff(Role.SUPPORT_AGENT)

    def found(q: str, **filters: str) -> list[tuple[str, str]]:
        page = api.call("GET", "/api/users/profiles/?" + urlencode({"q": q, **filters}), agent).json()
        return [(p["username"], p["match"]) for p in page["items"]]

    # surname first, the accent folded away; Frey is one letter from Freya: a typo match, ranked below
    assert found("Meyer Freya") == [("fmeyer7", "exact"), ("fmeyers8", "typo")]
    assert found("FREYA meyer") == [("fmeyer7", "exact"), ("fmeyers8", "typo")]
    assert found("Fraya") == [("fmeyer7", "typo")]  # one letter wrong
    assert set(found("Meyer Frey")) == {("fmeyer7", "prefix"), ("fmeyers8", "prefix")}  # the weakest word decides
    assert found("meyer") == [("fmeyer7", "exact"), ("fmeyers8", "prefix")]  # exact ranks above prefix
    assert found("eyer")[0][1] == "fragment"
    assert found(str(freya)) == [("fmeyer7", "exact")]  # an id typed whole
    assert found("freya.meyer7@example.com") == [("fmeyer7", "exact")]
    assert found("Fraya", status="suspended") == []  # every filter still applies
    assert api.call("GET", "/api/users/profiles/", agent).json()["items"][0]["match"] is None

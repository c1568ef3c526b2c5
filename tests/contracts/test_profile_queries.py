"""The ProfileQueries contract: every search filter and sort, on the fake and on Django
(SQLite in the main pass, PostgreSQL in the PostgreSQL pass)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from adapters.memory.accounts import InMemoryAccounts
from domain.accounts.learning import EnrollmentStatus as E
from domain.accounts.model import AccountStatus as S
from domain.accounts.model import PlatformRole, SupportPriority
from domain.accounts.ports import ProfileQueries
from domain.accounts.search import BY_LAST_ACTIVITY, ProfileFilter, SearchCriteria, Sort, SortKey
from domain.shared.errors import InvalidInput
from domain.shared.pagination import PageRequest
from tests.support.ids import criteria_id

from .accounts_data import NOT_ISSUED, NOW, load_django, load_memory

# every parameter may touch the database; the memory ones simply do not
pytestmark = pytest.mark.django_db


@pytest.fixture(params=["memory", "django"])
def loaded(request: pytest.FixtureRequest) -> tuple[ProfileQueries, dict[str, int]]:
    if request.param == "django":
        from adapters.orm.accounts.queries import DjangoProfileQueries

        return DjangoProfileQueries(), load_django()
    store = InMemoryAccounts()
    return store, load_memory(store)


def names(
    loaded: tuple[ProfileQueries, dict[str, int]], q: str = "", sort: Sort = BY_LAST_ACTIVITY, **filters: Any
) -> list[str]:
    queries, ids = loaded
    by_id = {v: k for k, v in ids.items()}
    result = queries.search(SearchCriteria(q, ProfileFilter(**filters), sort), PageRequest(limit=50))
    assert result.total == len(result.items) and not result.total_is_estimate
    return [by_id[p.id] for p in result.items]


def as_set(loaded: tuple[ProfileQueries, dict[str, int]], **criteria: Any) -> set[str]:
    return set(names(loaded, **criteria))


CASES = [
    ({"q": "ANNA"}, {"anna", "carla", "eve", "annabel"}),  # username, email and last-name fragments, any case
    ({"q": "berg"}, {"anna"}),
    ({"q": "svensson"}, {"bob_s"}),
    ({"q": "zzz"}, set()),
    ({"q": "an"}, {"anna", "carla", "annabel"}),  # under 3 letters: word prefixes only
    ({"q": "e"}, {"eve"}),
    ({"statuses": frozenset({S.SUSPENDED, S.PENDING})}, {"bob_s", "eve"}),
    ({"statuses": frozenset({S.ARCHIVED})}, set()),
    ({"platform_role": PlatformRole.INSTRUCTOR}, {"dmitri"}),
    ({"support_priority": SupportPriority.URGENT}, {"carla"}),
    ({"enrollment_status": E.COMPLETED}, {"anna", "dmitri"}),
    ({"enrollment_status": E.COMPLETED, "course": "PY-101"}, {"anna"}),
    ({"course": "PY-101"}, {"anna", "bob_s", "eve"}),
    ({"course": "NOPE-1"}, set()),
    ({"enrollment_status": E.DROPPED, "course": "JS-1"}, set()),
    ({"last_active_after": NOW - timedelta(days=15)}, {"anna", "eve"}),
    ({"last_active_before": NOW - timedelta(days=30)}, {"bob_s", "dmitri", "annabel"}),
    ({"last_active_before": NOW - timedelta(days=90), "never_active_counts": True}, {"carla", "dmitri", "annabel"}),
    ({"risk_min": 70}, {"anna", "carla", "annabel"}),
    ({"risk_min": 50, "risk_max": 80}, {"anna", "bob_s", "annabel"}),
    ({"completion_min": 50}, {"anna", "dmitri"}),
    ({"completion_max": 0}, {"bob_s", "carla", "eve", "annabel"}),
    ({"joined_after": NOW - timedelta(days=30)}, {"carla", "eve"}),
    ({"joined_before": NOW - timedelta(days=30)}, {"anna", "bob_s", "dmitri", "annabel"}),
    ({"q": "anna", "risk_min": 75}, {"anna", "carla"}),
    ({"q": "Berg ANNA"}, {"anna"}),  # words in any order
    ({"q": "Bérg"}, {"anna"}),  # accents folded
    ({"q": "svenson"}, {"bob_s"}),  # one typo in eight letters
    ({"q": "svenson", "statuses": frozenset({S.ACTIVE})}, set()),  # the filters still apply
    ({"q": "svens bob"}, {"bob_s"}),
    ({"q": "anna zzzzz"}, set()),  # every word must match
]


@pytest.mark.parametrize(("criteria", "expected"), CASES, ids=[criteria_id(c) for c, _ in CASES])
def test_filter(loaded: tuple[ProfileQueries, dict[str, int]], criteria: dict[str, Any], expected: set[str]) -> None:
    assert as_set(loaded, **criteria) == expected


def test_exact_username_or_email_ranks_first_then_word_prefix(loaded: tuple[ProfileQueries, dict[str, int]]) -> None:
    order = names(loaded, q="anna", sort=Sort(SortKey.RELEVANCE, True))
    assert order[0] == "anna"  # the username, typed whole
    assert order[1] == "eve"  # a whole word of the e-mail (eve@anna-corp.example)
    assert set(order[2:4]) == {"carla", "annabel"}  # a word starts with "anna"


def test_exact_above_prefix_above_fragment_above_typo(loaded: tuple[ProfileQueries, dict[str, int]]) -> None:
    queries, ids = loaded
    by_id = {v: k for k, v in ids.items()}
    found = queries.search(SearchCriteria("svensso", sort=Sort(SortKey.RELEVANCE, True)), PageRequest(limit=50))
    assert [by_id[p.id] for p in found.items] == ["bob_s"]
    found = queries.search(SearchCriteria(str(ids["dmitri"]), sort=Sort(SortKey.RELEVANCE, True)), PageRequest())
    assert by_id[found.items[0].id] == "dmitri"  # an id typed whole goes straight to the person


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (Sort(SortKey.RISK_SCORE, True), ["carla", "anna", "annabel", "bob_s", "dmitri", "eve"]),
        (Sort(SortKey.RISK_SCORE, False), ["eve", "dmitri", "bob_s", "annabel", "anna", "carla"]),
        (Sort(SortKey.LAST_ACTIVITY, True), ["anna", "eve", "bob_s", "annabel", "dmitri", "carla"]),
        (Sort(SortKey.NAME, False), ["carla", "anna", "annabel", "dmitri", "bob_s", "eve"]),
        (Sort(SortKey.DATE_JOINED, True), ["eve", "carla", "anna", "bob_s", "dmitri", "annabel"]),
    ],
)
def test_sorts(loaded: tuple[ProfileQueries, dict[str, int]], sort: Sort, expected: list[str]) -> None:
    result = names(loaded, sort=sort)
    if sort.key is SortKey.DATE_JOINED:  # anna, bob_s, dmitri, annabel share a join date: id breaks the tie
        assert result[:2] == expected[:2] and set(result[2:]) == set(expected[2:])
    else:
        assert result == expected


@pytest.mark.parametrize("key", list(SortKey))
def test_cursor_walks_every_row_once(loaded: tuple[ProfileQueries, dict[str, int]], key: SortKey) -> None:
    queries, _ = loaded
    criteria = SearchCriteria(q="a" if key is SortKey.RELEVANCE else "", sort=Sort(key, True))
    everything = [p.id for p in queries.search(criteria, PageRequest(limit=50)).items]
    walked, cursor = [], None
    for _ in range(10):
        page = queries.search(criteria, PageRequest(limit=2, cursor=cursor))
        walked += [p.id for p in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert walked == everything


def test_a_cursor_from_another_sort_is_refused(loaded: tuple[ProfileQueries, dict[str, int]]) -> None:
    queries, _ = loaded
    page = queries.search(SearchCriteria(sort=Sort(SortKey.RISK_SCORE, True)), PageRequest(limit=2))
    with pytest.raises(InvalidInput) as refused:
        queries.search(SearchCriteria(sort=Sort(SortKey.NAME, True)), PageRequest(limit=2, cursor=page.next_cursor))
    assert refused.value.code == "invalid_cursor"


@pytest.mark.parametrize("cursor", NOT_ISSUED, ids=range(len(NOT_ISSUED)))
def test_a_cursor_the_search_did_not_issue_is_refused(
    loaded: tuple[ProfileQueries, dict[str, int]], cursor: str
) -> None:
    queries, _ = loaded
    for sort in (Sort(SortKey.RELEVANCE, True), Sort(SortKey.NAME, False), Sort(SortKey.RISK_SCORE, True)):
        with pytest.raises(InvalidInput) as refused:
            queries.search(SearchCriteria(q="ann", sort=sort), PageRequest(limit=2, cursor=cursor))
        assert refused.value.code == "invalid_cursor"

"""The search's rules, in the domain: how q is read, the relevance tiers, the order a search takes and what
inactive_days means. The router only parses; the adapters only translate (tests/contracts)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory.accounts import Person
from domain.accounts.model import Profile
from domain.accounts.search import (
    BEST_FIRST,
    BY_LAST_ACTIVITY,
    ProfileFilter,
    ProfileSearch,
    SearchCriteria,
    SearchKeys,
    Sort,
    SortKey,
    SortOrder,
    TextQuery,
    Tier,
)
from domain.shared.pagination import PageRequest
from domain.shared.permissions import Role
from domain.shared.principal import Principal
from entrypoints.harness import TestContainer

T0 = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
AGENT = Principal(7, "agent", frozenset({Role.SUPPORT_AGENT}))
ANNA = SearchKeys.of("Anna", "anna.berg@uni.example.edu", "Anna", "Berg")


def test_q_is_trimmed_and_lower_case_and_short_terms_are_prefixes() -> None:
    assert TextQuery.parse("  ANNA ") == TextQuery("anna")
    assert TextQuery.parse("an").prefix_only and not TextQuery.parse("an").fragment
    assert TextQuery.parse("ann").fragment and not TextQuery.parse("ann").prefix_only
    assert not TextQuery.parse("   ")


@pytest.mark.parametrize(
    ("q", "tier", "matches"),
    [
        ("anna", Tier.EXACT, True),  # the username
        ("ANNA.BERG@uni.example.edu", Tier.EXACT, True),  # the e-mail
        ("ber", Tier.WORD, True),  # the last name starts with it
        ("be", Tier.WORD, True),  # a short prefix
        ("example", Tier.INSIDE, True),  # inside the e-mail
        ("rg", Tier.INSIDE, False),  # under three characters only word starts count
        ("zzz", Tier.INSIDE, False),
    ],
)
def test_tiers_and_matches(q: str, tier: Tier, matches: bool) -> None:
    text = TextQuery.parse(q)
    assert text.tier(ANNA) is tier and text.matches(ANNA) is matches


def test_every_sort_a_client_may_ask_for() -> None:
    assert {o.value for o in SortOrder} == {p + k.value for k in SortKey for p in ("", "-")}
    assert SortOrder.RISK_SCORE_DESC.sort == Sort(SortKey.RISK_SCORE, True)
    assert SortOrder.NAME.sort == Sort(SortKey.NAME, False)


@pytest.mark.parametrize(
    ("q", "order", "expected"),
    [
        ("anna", None, BEST_FIRST),  # with a text: most relevant first
        ("", None, BY_LAST_ACTIVITY),  # without: most recently active first
        ("", SortOrder.RELEVANCE_DESC, BY_LAST_ACTIVITY),  # nothing to rank by
        ("anna", SortOrder.RELEVANCE, BEST_FIRST),  # relevance is best first either way
        ("anna", SortOrder.NAME, Sort(SortKey.NAME, False)),
        ("", SortOrder.DATE_JOINED_DESC, Sort(SortKey.DATE_JOINED, True)),
    ],
)
def test_the_order_a_search_takes(q: str, order: SortOrder | None, expected: Sort) -> None:
    assert ProfileSearch(q, sort=order).criteria(T0).sort == expected


def test_inactive_days_is_a_cutoff_that_keeps_never_active_people() -> None:
    criteria = ProfileSearch(inactive_days=30).criteria(T0)
    assert criteria.filters == ProfileFilter(last_active_before=T0 - timedelta(days=30), never_active_counts=True)
    earlier = ProfileFilter(last_active_before=T0 - timedelta(days=90))
    assert ProfileSearch(filters=earlier, inactive_days=30).criteria(T0).filters.last_active_before == (
        T0 - timedelta(days=90)
    )  # the stricter of the two
    later = ProfileFilter(last_active_before=T0 - timedelta(days=1))
    assert ProfileSearch(filters=later, inactive_days=30).criteria(T0).filters.last_active_before == (
        T0 - timedelta(days=30)
    )
    assert not ProfileSearch(filters=later).criteria(T0).filters.never_active_counts


def test_relevance_needs_a_text_and_is_best_first() -> None:
    with pytest.raises(ValueError, match="relevance"):
        SearchCriteria("", sort=BEST_FIRST)
    with pytest.raises(ValueError, match="relevance"):
        SearchCriteria("anna", sort=Sort(SortKey.RELEVANCE, False))


def test_the_service_decides_with_its_own_clock(harness: TestContainer) -> None:
    now = harness.clock.now()
    never = harness.people.add(Person("never", "never@example.com")).user_id
    recent = harness.people.add(Person("recent", "r@example.com"), Profile(0, last_activity=now - timedelta(days=2)))
    old = harness.people.add(Person("old", "o@example.com"), Profile(0, last_activity=now - timedelta(days=40)))
    found = harness.accounts.search(AGENT, ProfileSearch(inactive_days=30), PageRequest())
    assert [p.id for p in found.items] == [old.user_id, never]  # most recently active first
    harness.clock.advance(timedelta(days=29))
    found = harness.accounts.search(AGENT, ProfileSearch(inactive_days=30), PageRequest())
    assert {p.id for p in found.items} == {old.user_id, never, recent.user_id}
    assert found.total == 3 and harness.audit_log.entries[-1].record.details["sort"] == "-last_activity"

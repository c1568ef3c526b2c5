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


def test_q_is_trimmed_folded_and_split_into_words() -> None:
    assert TextQuery.parse("  ANNA ") == TextQuery("anna")
    assert TextQuery.parse(" Fréya   MÜLLER ").words == ("freya", "muller")
    assert TextQuery.parse("berg berg").words == ("berg",)
    assert TextQuery.parse("042").user_id == 42 and TextQuery.parse("a42").user_id is None
    assert not TextQuery.parse("   ")


def test_a_persons_keys_are_folded_on_write() -> None:
    keys = SearchKeys.of("JoséM", "José.Müller@Example.com", "José", "Müller-Straße")
    assert keys == SearchKeys("josem", "jose.muller@example.com", "jose", "muller-strasse")
    assert TextQuery.parse("muller jose").tier(keys) is Tier.EXACT


@pytest.mark.parametrize(
    ("q", "tier"),
    [
        ("anna", Tier.IDENTITY),  # the username
        ("ANNA.BERG@uni.example.edu", Tier.IDENTITY),  # the e-mail
        ("berg", Tier.EXACT),  # a whole word
        ("Berg ANNA", Tier.EXACT),  # words in any order
        ("Bérg", Tier.EXACT),  # accents folded
        ("ber", Tier.PREFIX),  # the last name starts with it
        ("be", Tier.PREFIX),  # a short prefix
        ("anna ber", Tier.PREFIX),  # the weakest word decides
        ("xample", Tier.FRAGMENT),  # inside the e-mail
        ("bergg", Tier.TYPO),  # five letters allow one typo (here a letter too many)
        ("brg", None),  # three letters allow none
        ("anna brgg", None),  # every word must match
        ("rg", None),  # under three characters only the start of a key counts
        ("zzz", None),
        ("7", Tier.IDENTITY),  # the id, typed whole
    ],
)
def test_tiers_and_matches(q: str, tier: Tier | None) -> None:
    text = TextQuery.parse(q)
    assert text.tier(ANNA, 7) is tier and text.matches(ANNA, 7) is (tier is not None)


@pytest.mark.parametrize(
    ("word", "name", "matches"),
    [
        ("fraya", "freya", True),  # one substitution in five letters
        ("freyaa", "freya", True),  # one insertion
        ("frya", "freya", True),  # a letter short of five: the longer word sets the allowance
        ("fry", "freya", False),  # two short
        ("frayya", "freya", False),  # two typos in six letters
        ("alexandrra", "alexandra", True),  # ten letters: two allowed
        ("aleksandra", "alexandra", True),
        ("alksandrra", "alexandra", False),  # three
    ],
)
def test_typo_allowance_grows_with_the_word(word: str, name: str, matches: bool) -> None:
    keys = SearchKeys.of("u1", "u1@example.com", name, "Zed")
    assert (TextQuery.parse(word).tier(keys) is Tier.TYPO) is matches


def test_tiers_rank_exact_above_prefix_above_fragment_above_typo() -> None:
    assert Tier.IDENTITY > Tier.EXACT > Tier.PREFIX > Tier.FRAGMENT > Tier.TYPO
    assert [t.match.value for t in Tier] == ["typo", "fragment", "prefix", "exact", "exact"]


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

"""Pure parts of the knowledge base: usefulness, word matching, query syntax, cursors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.knowledge.model import ArticleStatus, ArticleSummary, usefulness
from domain.knowledge.queries import RECENT, RELEVANCE, ArticleFilter, cursor_for, position_of, simple_search
from domain.knowledge.text import STOPWORDS, Doc, Group, parse_query, relevance, significant_terms, stem
from domain.shared.errors import InvalidInput
from domain.shared.pagination import PageRequest
from tests.support.cursors import raw_cursor

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("helpful", "not_helpful", "links", "expected"),
    [
        (0, 0, 0, 0.5),  # nobody has judged it: the prior alone
        (1, 0, 0, 0.667),  # one vote does not make it perfect
        (0, 1, 0, 0.333),
        (3, 1, 0, 0.667),
        (30, 10, 0, 0.738),  # the same ratio with more votes moves away from the prior
        (0, 0, 2, 0.667),  # two ticket links count as one helpful vote
        (0, 4, 0, 0.167),
        (10, 0, 20, 0.955),
    ],
)
def test_usefulness_formula(helpful: int, not_helpful: int, links: int, expected: float) -> None:
    assert usefulness(helpful, not_helpful, links) == expected
    assert usefulness(helpful, not_helpful, links) == round(
        (helpful + links / 2 + 1) / (helpful + links / 2 + not_helpful + 2), 3
    )


def test_usefulness_moves_the_right_way() -> None:
    base = usefulness(5, 5, 5)
    assert usefulness(6, 5, 5) > base and usefulness(5, 6, 5) < base and usefulness(5, 5, 6) > base
    assert 0 < usefulness(0, 100, 0) < usefulness(100, 0, 100) < 1


def test_summary_carries_usefulness() -> None:
    s = ArticleSummary(1, "T", "other", (), ArticleStatus.PUBLISHED, 3, 1, 0, T0, T0, 1)
    assert s.usefulness == 0.667


def test_stop_words_are_postgresqls_english_list() -> None:
    assert len(STOPWORDS) == 127 and {"the", "how", "can", "not", "don", "s", "t"} <= STOPWORDS
    assert "password" not in STOPWORDS


def test_significant_terms() -> None:
    assert significant_terms("How do I reset MY password? Password!") == ("reset", "password")
    assert significant_terms("two-factor course_content") == ("two", "factor", "course", "content")
    assert significant_terms(" ".join(f"w{i}" for i in range(100)), limit=3) == ("w0", "w1", "w2")
    assert significant_terms("") == ()


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("passwords", "password"),
        ("billing", "bill"),
        ("courses", "cours"),
        ("queries", "quer"),
        ("access", "access"),
        ("updated", "updat"),
        ("bus", "bus"),
        ("video", "video"),
        ("is", "is"),
    ],
)
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_weights_title_3_tags_2_body_1() -> None:
    doc = Doc.of("Reset your password", ["login", "two-factor"], "Open the settings page. Passwords expire.")
    assert doc.weight("password") == 3 + 1  # title, and the body's "Passwords"
    assert doc.weight("passwords") == 3 + 1  # a plural query finds the singular
    assert doc.weight("factor") == 2
    assert doc.weight("setting") == 1  # a word start matches
    assert doc.weight("logout") == 0
    assert relevance(["password", "factor", "password"], doc) == 6  # each distinct term once


def test_web_search_syntax() -> None:
    query = parse_query('reset my passwords or "two factor" -crab')
    assert query.groups == (Group(("reset", "passwords")), Group(("two", "factor"), ("crab",)))
    assert parse_query("the or and").groups == ()
    assert parse_query("-").groups == ()
    doc = Doc.of("Two factor setup", [], "No crabs here")
    assert not query.matches(doc)  # the second alternative excludes crab
    assert query.matches(Doc.of("Two factor setup", [], ""))
    assert query.matches(Doc.of("Reset a password", [], "crab"))
    assert not parse_query("reset password").matches(Doc.of("Reset", [], "nothing else"))


def _summary(i: int, title: str, minutes: int) -> tuple[ArticleSummary, str]:
    at = T0.replace(minute=minutes)
    return ArticleSummary(i, title, "other", (), ArticleStatus.PUBLISHED, 0, 0, 0, at, at, 1), ""


def test_simple_search_pages_by_keyset_with_ties() -> None:
    rows = [_summary(i, f"Password {i}", minutes=i // 2) for i in range(1, 8)]  # pairs share updated_at
    for q in ("", "password"):
        flt = ArticleFilter(q=q)
        everything = [s.id for s in simple_search(rows, flt, PageRequest(limit=50)).items]
        assert everything == [7, 6, 5, 4, 3, 2, 1]
        walked, cursor = [], None
        while True:
            page = simple_search(rows, flt, PageRequest(limit=2, cursor=cursor))
            walked += [s.id for s in page.items]
            cursor = page.next_cursor
            if cursor is None:
                break
        assert walked == everything


def test_cursors_belong_to_one_order() -> None:
    relevance_cursor = cursor_for(RELEVANCE, 2.5, T0, 3)
    assert position_of(PageRequest(cursor=relevance_cursor), RELEVANCE) == (2.5, T0, 3)
    assert position_of(PageRequest(cursor=cursor_for(RECENT, 0, T0, 3)), RECENT) == (0.0, T0, 3)
    bad = [
        relevance_cursor,  # read as the recent order
        raw_cursor(["kb:recent", "yesterday", 3]),
        raw_cursor(["kb:recent", T0.isoformat(), "3"]),
        raw_cursor(["kb:recent", T0.replace(tzinfo=None).isoformat(), 3]),
        raw_cursor(["kb:recent", T0.isoformat(), True]),
        raw_cursor(["kb:recent", T0.isoformat(), 2**70]),  # would overflow SQLite's integers
        raw_cursor(["kb:recent"]),
        "%%%",
    ]
    for cursor in bad:
        with pytest.raises(InvalidInput) as err:
            position_of(PageRequest(cursor=cursor), RECENT)
        assert err.value.code == "invalid_cursor"
    for score in ("high", float("nan"), float("inf")):
        with pytest.raises(InvalidInput):
            position_of(PageRequest(cursor=raw_cursor(["kb:relevance", score, T0.isoformat(), 3])), RELEVANCE)

"""The Knowledge port (what tickets ask of the knowledge base), as the container wires it: the knowledge service over
the in-memory articles, or over the Django adapters (SQLite's simple search in the main pass, PostgreSQL's weighted
full-text search in its pass). Suggestions, the category of a text and linking an article agree on both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from domain.knowledge.model import Article, ArticleStatus
from domain.knowledge.ports import ArticleRepository
from domain.shared.clock import FixedClock
from domain.shared.errors import InvalidInput, NotFound
from domain.shared.uow import UnitOfWork
from domain.tickets.ports import Knowledge
from entrypoints.bootstrap import build_container
from entrypoints.container import Container
from entrypoints.harness import build_test_container

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it
S = ArticleStatus
T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)

# name: (title, tags, body, category, status)
DATA: dict[str, tuple[str, list[str], str, str, S]] = {
    "refund": ("Refunds and invoices", ["billing"], "Refunds take five days.", "billing", S.PUBLISHED),
    "video": ("Videos do not play", ["playback"], "Clear the browser cache.", "technical", S.PUBLISHED),
    "cert": (
        "Download your certificate",
        ["certificate"],
        "Certificates appear when the course is completed.",
        "course_content",
        S.INTERNAL,
    ),
    "draft": ("Exam retake policy", ["exam"], "Retakes are allowed once.", "course_content", S.DRAFT),
    "tips": ("Browser tips", ["browser"], "A stale cache breaks playback.", "account", S.PUBLISHED),
}


@dataclass
class Base:
    knowledge: Knowledge
    articles: ArticleRepository
    uow: UnitOfWork
    ids: dict[str, int]

    def names(self, found: list[Any]) -> list[str]:
        by_id = {v: k for k, v in self.ids.items()}
        return [by_id[s.id] for s in found]

    def linked(self, name: str) -> int:
        stored = self.articles.get(self.ids[name])
        assert stored is not None
        return stored.linked_tickets


@pytest.fixture(params=["memory", "django"])
def base(request: pytest.FixtureRequest) -> Base:
    articles: ArticleRepository
    c: Container
    if request.param == "memory":
        c = build_test_container()
        articles = c.articles
    else:
        from adapters.orm.knowledge.repository import DjangoArticleRepository

        c = build_container(FixedClock(T0))
        articles = DjangoArticleRepository()
    ids = {}
    for i, (name, (title, tags, body, category, status)) in enumerate(DATA.items()):
        at = T0 + timedelta(minutes=i)
        ids[name] = articles.add(Article(0, title, body, category, tags, status, at, at, 1, 1)).id
    return Base(c.support.desk.steps.knowledge, articles, c.uow, ids)


def test_suggestions_are_published_articles_or_internal_ones_when_asked(base: Base) -> None:
    k = base.knowledge
    assert base.names(k.suggest("My refund has not arrived", include_internal=False)) == ["refund"]
    assert base.names(k.suggest("certificate download", include_internal=False)) == []
    assert base.names(k.suggest("certificate download", include_internal=True)) == ["cert"]
    assert base.names(k.suggest("exam retake", include_internal=True)) == []  # never a draft
    assert base.names(k.suggest("the and of it", include_internal=True)) == []  # no word that says anything


def test_suggestions_come_best_first_up_to_the_limit(base: Base) -> None:
    k = base.knowledge
    found = k.suggest("video playback stutters", include_internal=False)
    assert base.names(found) == ["video", "tips"]  # in the title and the tags beats in the body
    assert base.names(k.suggest("video playback stutters", include_internal=False, limit=1)) == ["video"]
    (refund,) = k.suggest("refund", include_internal=False)
    assert (refund.title, refund.category, refund.status) == ("Refunds and invoices", "billing", S.PUBLISHED)


@pytest.mark.parametrize("limit", [0, -1, 51])
def test_a_limit_out_of_range_is_refused(base: Base, limit: int) -> None:
    with pytest.raises(InvalidInput) as refused:
        base.knowledge.suggest("refund", include_internal=False, limit=limit)
    assert refused.value.code == "invalid_limit"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Where is my refund?", "billing"),  # title 3 + body 1
        ("invoice refund", "billing"),
        ("invoices", None),  # a title word alone scores 3: not enough
        ("cache", None),  # body words only
        ("certificate missing", "course_content"),  # internal articles count
        ("exam retake", None),  # drafts do not
        ("quantum physics", None),
        ("", None),
    ],
)
def test_the_best_category_needs_a_good_enough_match(base: Base, text: str, category: str | None) -> None:
    assert base.knowledge.best_category(text) == category


def test_a_link_is_counted_in_the_callers_unit_of_work(base: Base) -> None:
    with base.uow:
        first = base.knowledge.record_link(base.ids["refund"])
        base.uow.commit()
    with base.uow:
        second = base.knowledge.record_link(base.ids["refund"])
        internal = base.knowledge.record_link(base.ids["cert"])
        base.uow.commit()
    assert (first.id, first.linked_tickets, second.linked_tickets) == (base.ids["refund"], 1, 2)
    assert (base.linked("refund"), internal.linked_tickets, base.linked("cert")) == (2, 1, 1)
    with base.uow:
        base.knowledge.record_link(base.ids["video"])  # never committed
    assert base.linked("video") == 0


@pytest.mark.parametrize("name", ["draft", "unknown", "zero", "negative", "past bigint"])
def test_a_draft_or_missing_article_cannot_be_linked(base: Base, name: str) -> None:
    ids = {"unknown": 987_654, "zero": 0, "negative": -1, "past bigint": 2**63, "draft": base.ids["draft"]}
    article_id = ids[name]
    with pytest.raises(NotFound) as missing, base.uow:
        base.knowledge.record_link(article_id)
    assert missing.value.code == "article_not_found"
    if name == "draft":
        assert base.linked("draft") == 0

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from domain.knowledge.model import Article, ArticleStatus, NewArticle
from domain.shared.permissions import Role
from domain.shared.principal import Principal
from entrypoints.harness import TestContainer

AUTHOR = Principal(1, "author", frozenset({Role.SUPPORT_ADMIN}))
AGENT = Principal(2, "agent", frozenset({Role.SUPPORT_AGENT}))
LEARNER = Principal(3, "lea", frozenset({Role.LEARNER}))
OFFICER = Principal(4, "olivia", frozenset({Role.COMPLIANCE_OFFICER}))

MakeArticle = Callable[..., Article]


@pytest.fixture
def make_article(harness: TestContainer) -> MakeArticle:
    """Articles written by AUTHOR through the service, one minute apart."""

    def make(
        title: str,
        body: str = "",
        *,
        category: str = "technical",
        tags: Sequence[str] = (),
        status: ArticleStatus = ArticleStatus.PUBLISHED,
    ) -> Article:
        harness.clock.advance(minutes=1)
        return harness.knowledge.create(AUTHOR, NewArticle(title, body, category, tags, status))

    return make

"""The knowledge base assembled from its ports (the composition root calls `Knowledge.build`)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.uow import UnitOfWork

from .ports import ArticleRepository, ArticleSearch
from .service import KnowledgeService


@dataclass(frozen=True)
class KnowledgeStores:
    articles: ArticleRepository
    search: ArticleSearch


@dataclass(frozen=True)
class Knowledge:
    service: KnowledgeService  # articles, their versions and search

    @staticmethod
    def build(*, stores: KnowledgeStores, audit: AuditTrail, uow: UnitOfWork, clock: Clock) -> Knowledge:
        return Knowledge(KnowledgeService(stores.articles, stores.search, audit, uow, clock))

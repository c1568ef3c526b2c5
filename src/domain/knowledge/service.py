"""Use cases of the knowledge base: search and read, authoring, votes, and what tickets ask of it.

Who sees what: kb.manage sees every article; kb.read sees internal and published ones; a
learner (tickets.own) sees published ones, only through votes here and suggestions on tickets.
"""

from __future__ import annotations

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.support import DEFAULT_CATEGORIES
from domain.shared.uow import UnitOfWork

from .model import MAX_ID, Article, ArticleChanges, ArticleStatus, ArticleSummary, NewArticle, clean_category
from .ports import ArticleRepository, ArticleSearch
from .queries import ArticleFilter
from .text import significant_terms

S = ArticleStatus
CATEGORY_MIN_SCORE = 4  # e.g. two words of the title, a title word and a tag word, or four body words
MAX_SUGGESTIONS = 50
STAFF_VISIBLE = frozenset({S.INTERNAL, S.PUBLISHED})
LEARNER_VISIBLE = frozenset({S.PUBLISHED})


def visible_statuses(actor: Principal) -> frozenset[ArticleStatus]:
    if actor.can(Permission.KB_MANAGE):
        return frozenset(ArticleStatus)
    if actor.can(Permission.KB_READ):
        return STAFF_VISIBLE
    if actor.can(Permission.TICKETS_OWN):
        return LEARNER_VISIBLE
    return frozenset()


def not_found(article_id: int) -> NotFound:
    return NotFound("No such article.", code="article_not_found", details={"id": article_id})


class KnowledgeService:
    def __init__(
        self,
        articles: ArticleRepository,
        search: ArticleSearch,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
        categories: tuple[str, ...] = DEFAULT_CATEGORIES,
    ):
        self.articles = articles
        self.queries = search
        self.audit = audit
        self.uow = uow
        self.clock = clock
        self.categories = categories

    # -- reading ------------------------------------------------------------------------------
    def search(
        self,
        actor: Principal,
        q: str,
        page: PageRequest,
        category: str | None = None,
        status: ArticleStatus | None = None,
    ) -> Page[ArticleSummary]:
        actor.require(Permission.KB_READ)
        visible = visible_statuses(actor)
        if status is not None and status not in visible:
            raise PermissionDenied("Only knowledge-base managers see drafts.", details={"permission": "kb.manage"})
        if category is not None:
            clean_category(category, self.categories, where="query")
        statuses = frozenset({status}) if status is not None else visible
        return self.queries.search(ArticleFilter(q.strip(), category, statuses), page)

    def get(self, actor: Principal, article_id: int) -> Article:
        actor.require(Permission.KB_READ)
        return self._visible(actor, article_id)

    def _visible(self, actor: Principal, article_id: int) -> Article:
        article = self.articles.get(article_id) if 0 < article_id <= MAX_ID else None
        if article is None or article.status not in visible_statuses(actor):
            raise not_found(article_id)
        return article

    # -- authoring ----------------------------------------------------------------------------
    def create(self, actor: Principal, new: NewArticle) -> Article:
        actor.require(Permission.KB_MANAGE)
        article = Article.new(new, self.categories, actor.user_id or None, self.clock.now())
        with self.uow:
            article = self.articles.add(article)
            self.audit.record(
                actor,
                "kb.create",
                "article",
                article.id,
                {
                    "title": article.title,
                    "category": article.category,
                    "status": article.status.value,
                    "tags": article.tags,
                },
            )
            self.uow.commit()
        return article

    def update(self, actor: Principal, article_id: int, version: int, changes: ArticleChanges) -> Article:
        """A partial update of the version the editor read; a stale version is refused (409)."""
        actor.require(Permission.KB_MANAGE)
        if changes.empty:
            raise InvalidInput("Nothing to change.", code="empty_update")
        with self.uow:
            article = self.articles.get_for_update(article_id) if 0 < article_id <= MAX_ID else None
            if article is None:
                raise not_found(article_id)
            if article.version != version:
                raise self._stale(article_id, version, article.version)
            diff = article.apply(changes, self.categories, actor.user_id or None, self.clock.now())
            if diff:
                if not self.articles.save(article, version):
                    current = self.articles.get(article_id)
                    raise self._stale(article_id, version, current.version if current else None)
                self.audit.record(actor, "kb.update", "article", article_id, {"version": article.version, **diff})
            self.uow.commit()
        return article

    @staticmethod
    def _stale(article_id: int, given: int, current: int | None) -> Conflict:
        return Conflict(
            "The article changed since you read it: reload it and apply your edit again.",
            code="stale_article",
            details={"id": article_id, "version": given, "current_version": current},
        )

    def delete(self, actor: Principal, article_id: int) -> None:
        actor.require(Permission.KB_MANAGE)
        with self.uow:
            article = self.articles.get_for_update(article_id) if 0 < article_id <= MAX_ID else None
            if article is None:
                raise not_found(article_id)
            self.articles.delete(article_id)
            self.audit.record(
                actor,
                "kb.delete",
                "article",
                article_id,
                {
                    "title": article.title,
                    "category": article.category,
                    "status": article.status.value,
                    "version": article.version,
                },
            )
            self.uow.commit()

    # -- feedback -----------------------------------------------------------------------------
    def vote(self, actor: Principal, article_id: int, helpful: bool) -> ArticleSummary:
        """Staff who read the knowledge base and learners (published articles only) say whether an
        article helped; one vote a person, a second one replacing the first. Drafts take no votes."""
        if not (actor.can(Permission.KB_READ) or actor.can(Permission.TICKETS_OWN)):
            raise PermissionDenied("You do not have permission to do this.", details={"permission": "kb.read"})
        with self.uow:
            article = self._visible(actor, article_id)
            if article.status is S.DRAFT:
                raise Conflict("Drafts take no votes.", code="article_is_draft", details={"id": article_id})
            self.articles.record_vote(article_id, actor.user_id, helpful)
            voted = self.articles.get(article_id)
            self.uow.commit()
        assert voted is not None
        return voted.summary()

    # -- for tickets (the caller decides the audience and owns the unit of work) --------------
    def suggest(self, text: str, *, include_internal: bool, limit: int = 5) -> list[ArticleSummary]:
        """The best `limit` articles for a free text (a ticket's title and description): published
        ones, and internal ones too when `include_internal`; never drafts. No permission check."""
        if not 1 <= limit <= MAX_SUGGESTIONS:
            raise InvalidInput(f"limit must be between 1 and {MAX_SUGGESTIONS}", code="invalid_limit")
        terms = significant_terms(text)
        if not terms:
            return []
        statuses = STAFF_VISIBLE if include_internal else LEARNER_VISIBLE
        return self.queries.suggest(terms, statuses, limit)

    def best_category(self, text: str) -> str | None:
        """The category of the best published or internal article for the text, when it scores at
        least CATEGORY_MIN_SCORE by `text.relevance` (3 a term in the title, 2 in the tags, 1 in
        the body); None when nothing matches that well."""
        terms = significant_terms(text)
        match = self.queries.best_match(terms, STAFF_VISIBLE) if terms else None
        return match.summary.category if match is not None and match.score >= CATEGORY_MIN_SCORE else None

    def record_link(self, article_id: int) -> ArticleSummary:
        """A ticket linked this article: count it. Runs in the caller's unit of work. Unknown and
        draft articles raise NotFound (article_not_found)."""
        article = self.articles.get(article_id) if 0 < article_id <= MAX_ID else None
        if article is None or article.status is S.DRAFT:
            raise not_found(article_id)
        self.articles.add_link(article_id)
        linked = self.articles.get(article_id)
        assert linked is not None
        return linked.summary()

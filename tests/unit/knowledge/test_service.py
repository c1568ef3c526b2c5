"""The knowledge base's use cases on the in-memory harness: who may do what, drafts, versions,
audit, votes, and what tickets ask of it (suggestions, categories, links)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from domain.knowledge.model import ArticleChanges, ArticleStatus, NewArticle
from domain.knowledge.service import CATEGORY_MIN_SCORE
from domain.shared.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Unprocessable
from domain.shared.pagination import PageRequest
from domain.shared.permissions import Role
from domain.shared.principal import Principal
from entrypoints.harness import TestContainer

from .conftest import AGENT, AUTHOR, LEARNER, OFFICER, MakeArticle

S = ArticleStatus
R = Role
READERS = {R.SUPPORT_ADMIN, R.SUPPORT_AGENT, R.UX_MANAGER, R.PLATFORM_ADMIN, R.CUSTOMER_SUCCESS}
MANAGERS = {R.SUPPORT_ADMIN}
VOTERS = READERS | {R.LEARNER}


def who(role: Role) -> Principal:
    return Principal(100 + list(Role).index(role), role.value, frozenset({role}))


USE_CASES: dict[str, tuple[set[Role], Callable[[TestContainer, Principal, int], Any]]] = {
    "search": (READERS, lambda h, p, i: h.knowledge.search(p, "", PageRequest())),
    "get": (READERS, lambda h, p, i: h.knowledge.get(p, i)),
    "create": (MANAGERS, lambda h, p, i: h.knowledge.create(p, NewArticle("New", "", "billing"))),
    "update": (MANAGERS, lambda h, p, i: h.knowledge.update(p, i, 1, ArticleChanges(title="Renamed"))),
    "delete": (MANAGERS, lambda h, p, i: h.knowledge.delete(p, i)),
    "vote": (VOTERS, lambda h, p, i: h.knowledge.vote(p, i, helpful=True)),
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("use_case", list(USE_CASES))
def test_permissions_per_role(harness: TestContainer, make_article: MakeArticle, use_case: str, role: Role) -> None:
    allowed, call = USE_CASES[use_case]
    article = make_article("Published article", "Some text.")
    entries = len(harness.audit_log.entries)
    if role in allowed:
        call(harness, who(role), article.id)
    else:
        with pytest.raises(PermissionDenied):
            call(harness, who(role), article.id)
        assert len(harness.audit_log.entries) == entries
        assert harness.articles.articles[article.id].version == 1


def test_learners_vote_on_published_articles_only(harness: TestContainer, make_article: MakeArticle) -> None:
    internal = make_article("Internal notes", status=S.INTERNAL)
    published = make_article("Public answer")
    with pytest.raises(NotFound) as err:
        harness.knowledge.vote(LEARNER, internal.id, helpful=True)
    assert err.value.code == "article_not_found"
    assert harness.knowledge.vote(LEARNER, published.id, helpful=True).helpful_votes == 1


def test_drafts_are_for_managers_only(harness: TestContainer, make_article: MakeArticle) -> None:
    draft = make_article("Work in progress", status=S.DRAFT)
    internal = make_article("Internal", status=S.INTERNAL)
    published = make_article("Published")
    listed = [a.id for a in harness.knowledge.search(AGENT, "", PageRequest()).items]
    assert listed == [published.id, internal.id]
    with pytest.raises(NotFound) as err:
        harness.knowledge.get(AGENT, draft.id)
    assert err.value.code == "article_not_found"
    with pytest.raises(PermissionDenied):
        harness.knowledge.search(AGENT, "", PageRequest(), status=S.DRAFT)
    assert [a.id for a in harness.knowledge.search(AUTHOR, "", PageRequest()).items] == [
        published.id,
        internal.id,
        draft.id,
    ]
    assert [a.id for a in harness.knowledge.search(AUTHOR, "", PageRequest(), status=S.DRAFT).items] == [draft.id]
    assert harness.knowledge.get(AUTHOR, draft.id).title == "Work in progress"


def test_unknown_and_impossible_ids_are_not_found(harness: TestContainer) -> None:
    for article_id in (0, -1, 12345, 2**64):
        with pytest.raises(NotFound):
            harness.knowledge.get(AGENT, article_id)
        with pytest.raises(NotFound):
            harness.knowledge.update(AUTHOR, article_id, 1, ArticleChanges(title="x"))
        with pytest.raises(NotFound):
            harness.knowledge.delete(AUTHOR, article_id)


def test_create_validates_and_audits(harness: TestContainer) -> None:
    harness.clock.advance(minutes=5)
    new = NewArticle("  Reset your password  ", "# Steps\n1. ...", "account", ["Login", "password-reset", "login"])
    article = harness.knowledge.create(AUTHOR, new)
    assert (article.title, article.tags, article.status, article.version) == (
        "Reset your password",
        ["login", "password-reset"],
        S.DRAFT,
        1,
    )
    assert article.created_at == article.updated_at == harness.clock.now()
    assert article.created_by == article.updated_by == AUTHOR.user_id
    entry = harness.audit_log.entries[-1].record
    assert (entry.action, entry.target_type, entry.target_id, entry.actor_id) == (
        "kb.create",
        "article",
        str(article.id),
        AUTHOR.user_id,
    )
    assert entry.details == {
        "title": "Reset your password",
        "category": "account",
        "status": "draft",
        "tags": ["login", "password-reset"],
    }


@pytest.mark.parametrize(
    ("new", "code"),
    [
        (NewArticle("   ", "", "account"), "invalid_title"),
        (NewArticle("x" * 201, "", "account"), "invalid_title"),
        (NewArticle("Fine", "x" * 100_001, "account"), "body_too_long"),
        (NewArticle("Fine", "", "astrology"), "unknown_category"),
        (NewArticle("Fine", "", "account", ["not a slug"]), "invalid_tag"),
        (NewArticle("Fine", "", "account", ["x" * 41]), "invalid_tag"),
        (NewArticle("Fine", "", "account", ["-dash"]), "invalid_tag"),
        (NewArticle("Fine", "", "account", [f"t{i}" for i in range(21)]), "too_many_tags"),
    ],
)
def test_invalid_articles_are_refused(harness: TestContainer, new: NewArticle, code: str) -> None:
    with pytest.raises(Unprocessable) as err:
        harness.knowledge.create(AUTHOR, new)
    assert err.value.code == code
    assert err.value.details["fields"][0]["loc"][0] == "body"
    assert harness.articles.articles == {} and harness.audit_log.entries == []


def test_a_body_of_exactly_100k_and_20_tags_are_fine(harness: TestContainer) -> None:
    tags = [f"t{i}" for i in range(20)]
    article = harness.knowledge.create(AUTHOR, NewArticle("x" * 200, "y" * 100_000, "other", tags))
    assert len(article.body) == 100_000 and len(article.tags) == 20


def test_categories_come_from_the_service(harness: TestContainer) -> None:
    from domain.knowledge.service import KnowledgeService

    custom = KnowledgeService(harness.articles, harness.articles, harness.audit, harness.uow, harness.clock, ("gdpr",))
    assert custom.create(AUTHOR, NewArticle("Erasure requests", "", "gdpr")).category == "gdpr"
    with pytest.raises(Unprocessable):
        custom.create(AUTHOR, NewArticle("Refunds", "", "billing"))
    with pytest.raises(Unprocessable) as err:
        custom.search(AGENT, "", PageRequest(), category="billing")
    assert err.value.details["fields"][0]["loc"] == ["query", "category"]


def test_update_is_partial_versioned_and_audited(harness: TestContainer, make_article: MakeArticle) -> None:
    article = make_article("Old title", "Old body", tags=["a"], status=S.DRAFT)
    harness.clock.advance(hours=1)
    editor = Principal(9, "editor", frozenset({Role.SUPPORT_ADMIN}))
    updated = harness.knowledge.update(editor, article.id, 1, ArticleChanges(title="New title", status=S.PUBLISHED))
    assert (updated.title, updated.body, updated.tags, updated.status, updated.version) == (
        "New title",
        "Old body",
        ["a"],
        S.PUBLISHED,
        2,
    )
    assert updated.updated_at == harness.clock.now() and updated.updated_by == 9 and updated.created_by == 1
    assert harness.knowledge.get(AGENT, article.id).version == 2
    entry = harness.audit_log.entries[-1].record
    assert (entry.action, entry.target_id, entry.actor_id) == ("kb.update", str(article.id), 9)
    assert entry.details == {
        "version": 2,
        "title": {"from": "Old title", "to": "New title"},
        "status": {"from": "draft", "to": "published"},
    }
    harness.knowledge.update(editor, article.id, 2, ArticleChanges(body="A much longer body"))
    assert harness.audit_log.entries[-1].record.details["body"] == {"from_length": 8, "to_length": 18}


def test_a_stale_version_is_refused(harness: TestContainer, make_article: MakeArticle) -> None:
    article = make_article("Title")
    harness.knowledge.update(AUTHOR, article.id, 1, ArticleChanges(title="First edit"))
    entries = len(harness.audit_log.entries)
    with pytest.raises(Conflict) as err:
        harness.knowledge.update(AUTHOR, article.id, 1, ArticleChanges(title="Second edit from an old read"))
    assert err.value.code == "stale_article"
    assert err.value.details == {"id": article.id, "version": 1, "current_version": 2}
    assert harness.articles.articles[article.id].title == "First edit"
    assert len(harness.audit_log.entries) == entries
    with pytest.raises(Conflict):  # a version from the future is no better
        harness.knowledge.update(AUTHOR, article.id, 3, ArticleChanges(title="x"))


def test_the_repository_refuses_a_save_that_lost_the_race(harness: TestContainer, make_article: MakeArticle) -> None:
    article = make_article("Title")
    mine, theirs = harness.articles.get(article.id), harness.articles.get(article.id)
    assert mine is not None and theirs is not None
    theirs.apply(ArticleChanges(title="Theirs"), ("technical",), 2, harness.clock.now())
    assert harness.articles.save(theirs, expected_version=1)
    mine.apply(ArticleChanges(title="Mine"), ("technical",), 1, harness.clock.now())
    assert not harness.articles.save(mine, expected_version=1)
    assert harness.articles.articles[article.id].title == "Theirs"


def test_an_update_that_changes_nothing_keeps_the_version(harness: TestContainer, make_article: MakeArticle) -> None:
    article = make_article("Title", tags=["x"])
    entries = len(harness.audit_log.entries)
    same = harness.knowledge.update(AUTHOR, article.id, 1, ArticleChanges(title=" Title ", tags=["X"]))
    assert same.version == 1 and len(harness.audit_log.entries) == entries
    with pytest.raises(InvalidInput) as err:
        harness.knowledge.update(AUTHOR, article.id, 1, ArticleChanges())
    assert err.value.code == "empty_update"


def test_invalid_update_changes_nothing(harness: TestContainer, make_article: MakeArticle) -> None:
    article = make_article("Title")
    with pytest.raises(Unprocessable):
        harness.knowledge.update(AUTHOR, article.id, 1, ArticleChanges(title="Fine", category="nope"))
    stored = harness.articles.articles[article.id]
    assert (stored.title, stored.version) == ("Title", 1)


def test_delete_audits_and_removes(harness: TestContainer, make_article: MakeArticle) -> None:
    article = make_article("Going away", category="billing")
    harness.knowledge.vote(AGENT, article.id, helpful=True)
    harness.knowledge.delete(AUTHOR, article.id)
    with pytest.raises(NotFound):
        harness.knowledge.get(AUTHOR, article.id)
    assert harness.articles.votes == {}
    entry = harness.audit_log.entries[-1].record
    assert (entry.action, entry.target_id) == ("kb.delete", str(article.id))
    assert entry.details == {"title": "Going away", "category": "billing", "status": "published", "version": 1}
    with pytest.raises(NotFound):
        harness.knowledge.delete(AUTHOR, article.id)


def test_writes_commit_their_unit_of_work(harness: TestContainer, make_article: MakeArticle) -> None:
    before = harness.uow.commits
    article = make_article("Title")
    harness.knowledge.update(AUTHOR, article.id, 1, ArticleChanges(title="Other"))
    harness.knowledge.delete(AUTHOR, article.id)
    assert harness.uow.commits == before + 3
    assert [p.data["action"] for p in harness.publisher.on("audit")] == ["kb.create", "kb.update", "kb.delete"]


def test_one_vote_a_person(harness: TestContainer, make_article: MakeArticle) -> None:
    article = make_article("Title")
    assert harness.knowledge.vote(AGENT, article.id, helpful=True).helpful_votes == 1
    assert harness.knowledge.vote(AGENT, article.id, helpful=True).helpful_votes == 1  # again: no change
    changed = harness.knowledge.vote(AGENT, article.id, helpful=False)  # changed their mind
    assert (changed.helpful_votes, changed.not_helpful_votes) == (0, 1)
    other = harness.knowledge.vote(LEARNER, article.id, helpful=True)
    assert (other.helpful_votes, other.not_helpful_votes) == (1, 1)
    assert other.usefulness == 0.5
    assert harness.articles.articles[article.id].version == 1  # votes are not edits


def test_drafts_take_no_votes(harness: TestContainer, make_article: MakeArticle) -> None:
    draft = make_article("Draft", status=S.DRAFT)
    with pytest.raises(NotFound):
        harness.knowledge.vote(AGENT, draft.id, helpful=True)
    with pytest.raises(Conflict) as err:
        harness.knowledge.vote(AUTHOR, draft.id, helpful=True)
    assert err.value.code == "article_is_draft"
    with pytest.raises(PermissionDenied):
        harness.knowledge.vote(OFFICER, draft.id, helpful=True)


@pytest.fixture
def library(make_article: MakeArticle) -> dict[str, int]:
    made = {
        "title": make_article("Reset your password", "Open the settings page.", category="account", tags=["login"]),
        "body": make_article("Account settings", "To reset a forgotten password use the link.", category="account"),
        "internal": make_article("Password help", "Ask tier 2 to reset it.", category="account", status=S.INTERNAL),
        "draft": make_article("Password reset policy", "Password reset rules.", category="account", status=S.DRAFT),
        "video": make_article("Videos do not play", "Clear the browser cache.", tags=["video", "playback"]),
        "billing": make_article("Refunds", "Refunds take five days.", category="billing", tags=["refund"]),
    }
    return {name: a.id for name, a in made.items()}


def test_suggest_for_learners_gives_published_articles_best_first(
    harness: TestContainer, library: dict[str, int]
) -> None:
    names = {v: k for k, v in library.items()}
    found = harness.knowledge.suggest("I cannot reset my password!", include_internal=False)
    assert [names[a.id] for a in found] == ["title", "body"]


def test_suggest_for_staff_adds_internal_articles_never_drafts(harness: TestContainer, library: dict[str, int]) -> None:
    names = {v: k for k, v in library.items()}
    found = harness.knowledge.suggest("reset my password", include_internal=True)
    assert [names[a.id] for a in found] == ["title", "internal", "body"]
    assert harness.knowledge.suggest("password reset policy", include_internal=True, limit=1)[0].id == library["title"]


def test_suggest_limits_and_empty_texts(harness: TestContainer, library: dict[str, int]) -> None:
    assert len(harness.knowledge.suggest("password video refund", include_internal=True, limit=2)) == 2
    assert harness.knowledge.suggest("", include_internal=True) == []
    assert harness.knowledge.suggest("how can I do this?", include_internal=True) == []  # stop words only
    assert harness.knowledge.suggest("quantum chromodynamics", include_internal=True) == []
    for limit in (0, 51):
        with pytest.raises(InvalidInput):
            harness.knowledge.suggest("password", include_internal=True, limit=limit)


def test_best_category_needs_a_good_enough_match(harness: TestContainer, library: dict[str, int]) -> None:
    assert harness.knowledge.best_category("Password reset does not work") == "account"  # 3 + 3 (title) + ...
    assert harness.knowledge.best_category("The video will not play") == "technical"  # title 3 + tag 2
    assert harness.knowledge.best_category("refund") == "billing"  # title 3 + tag 2 + body 1
    assert harness.knowledge.best_category("settings") is None  # title 3 only: under the threshold
    assert harness.knowledge.best_category("cache") is None  # body 1 only
    assert harness.knowledge.best_category("") is None
    assert CATEGORY_MIN_SCORE == 4


def test_best_category_ignores_drafts(harness: TestContainer, make_article: MakeArticle) -> None:
    make_article("Certificate download", "Certificate download steps.", category="course_content", status=S.DRAFT)
    assert harness.knowledge.best_category("certificate download") is None
    make_article("Certificate download", "Steps.", category="course_content", status=S.INTERNAL)
    assert harness.knowledge.best_category("certificate download") == "course_content"


def test_record_link_counts_in_the_callers_unit_of_work(harness: TestContainer, library: dict[str, int]) -> None:
    commits = harness.uow.commits
    with harness.uow:
        first = harness.knowledge.record_link(library["internal"])
        second = harness.knowledge.record_link(library["internal"])
        assert harness.uow.commits == commits  # it opened and committed nothing of its own
        harness.uow.commit()
    assert (first.linked_tickets, second.linked_tickets) == (1, 2)
    assert second.usefulness == pytest.approx(0.667)
    assert harness.articles.articles[library["internal"]].version == 1
    for missing in (library["draft"], 99999):
        with pytest.raises(NotFound) as err:
            harness.knowledge.record_link(missing)
        assert err.value.code == "article_not_found"


def test_search_by_relevance_and_filters(harness: TestContainer, library: dict[str, int]) -> None:
    names = {v: k for k, v in library.items()}

    def search(q: str, **kw: Any) -> list[str]:
        return [names[a.id] for a in harness.knowledge.search(AGENT, q, PageRequest(), **kw).items]

    assert search("password") == ["internal", "title", "body"]  # title+... outranks body-only; no draft
    assert search("reset password") == ["title", "internal", "body"]
    assert search("password", status=S.PUBLISHED) == ["title", "body"]
    assert search("", category="billing") == ["billing"]
    assert search("password -forgotten") == ["internal", "title"]
    assert search("refund or video") == ["billing", "video"]
    assert search("the and") == []
    with pytest.raises(Unprocessable):
        search("", category="astrology")

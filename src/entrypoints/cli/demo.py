"""Demo data for `make run`: staff (one account per role, one password), knowledge-base articles, tickets."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from adapters.acting import ACTING
from domain.accounts.model import AccountStatus, PlatformRole, SupportPriority
from domain.accounts.ports import NewLearner
from domain.knowledge.model import ArticleStatus, NewArticle
from domain.shared.pagination import PageRequest
from domain.shared.permissions import STAFF_ROLES
from domain.shared.principal import PROVISIONING, SYSTEM
from domain.tickets.commands import NewTicket
from domain.tickets.queries import QueueCriteria
from domain.tickets.routing import DEFAULT_TEAM
from domain.tickets.status import UpdateType
from entrypoints.bootstrap import container

SUPERUSER = "admin"
LEARNER = "demo_learner"


def demo_password() -> str:
    """DEMO_PASSWORD, else the one generated on the first run (kept under var/, mode 0600)."""
    if os.environ.get("DEMO_PASSWORD"):
        return os.environ["DEMO_PASSWORD"]
    path = Path(settings.VAR_DIR) / "demo-password.txt"
    if path.exists():
        return path.read_text().strip()
    password = "run-" + secrets.token_urlsafe(16)  # no part of a username (the password policy)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password)
    path.chmod(0o600)
    return password


def ensure_staff(password: str) -> list[str]:
    """Create the demo staff that do not exist yet; the usernames that exist afterwards."""
    users = get_user_model().objects
    names = []
    for role in STAFF_ROLES:
        username = f"demo_{role.value}"
        if not users.filter(username=username).exists():  # audited as PROVISIONING; no role-change alert
            container().staff.create_staff(PROVISIONING, username, f"{username}@example.com", password, role)
        names.append(username)
    if not users.filter(username=SUPERUSER).exists():
        acting = ACTING.set(lambda: PROVISIONING)  # the role signals report the grant as the product's own
        try:
            users.create_superuser(SUPERUSER, "admin@example.com", password)
        finally:
            ACTING.reset(acting)
    names.append(SUPERUSER)
    agents = container().support.agents
    agents.enlist(SYSTEM, users.get(username="demo_support_agent").pk, DEFAULT_TEAM, is_escalation=False)
    agents.enlist(SYSTEM, users.get(username="demo_support_admin").pk, DEFAULT_TEAM, is_escalation=True)
    names.append(ensure_learner(password))
    return names


def ensure_learner(password: str) -> str:
    """A learner who can log in, to try the learner's side of the help desk."""
    users = get_user_model().objects
    if not users.filter(username=LEARNER).exists():
        new = NewLearner(
            LEARNER,
            "demo.learner@example.com",
            "Demo",
            "Learner",
            AccountStatus.ACTIVE,
            PlatformRole.LEARNER,
            SupportPriority.NORMAL,
            False,
            None,
        )
        user = users.get(pk=container().accounts.create(SYSTEM, new).summary.id)
        user.set_password(password)
        user.save()
    return LEARNER


DEMO_TICKETS = [
    ("I was charged twice for the Python course", "My card shows two payments of 49 EUR on the same day."),
    ("Video lessons will not play", "The player stays black in Firefox; audio works."),
    ("Cannot log in after changing my email", "It says my password is wrong, the reset mail never arrives."),
    ("Typo in quiz 3 answer key", "Question 4 marks the right answer as wrong."),
    ("Please add dark mode", "It would be nice for studying at night."),
    ("Certificate not issued", "I completed every module last week but have no certificate yet."),
]


def ensure_tickets() -> int:
    """A handful of tickets from demo learners, so the queue is not empty on first start."""
    desk = container().support.desk
    users = get_user_model().objects
    agent = users.get(username="demo_support_agent")
    principal = container().auth.principal_for_user(agent.pk)
    if principal is None or desk.queue(principal, QueueCriteria(), PageRequest(limit=1)).items:
        return 0
    learners = list(users.filter(is_staff=False, profile__isnull=False).order_by("pk").values_list("pk", flat=True)[:6])
    for (title, text), learner in zip(DEMO_TICKETS, learners, strict=False):
        view = desk.create(principal, NewTicket(title, text, user_id=learner))
        desk.post(principal, view.ticket.id, UpdateType.COMMENT, "Thanks for reaching out, we are on it.")
    return len(learners)


DEMO_ARTICLES = [
    NewArticle(
        "Charged twice for one course: duplicate payments and refunds",
        "Two charges of the same amount on the same day are usually one payment and one card authorisation "
        "that the bank releases within a few days.\n\nIf both payments are still on the card statement after "
        "five working days, reply to your ticket with the dates and amounts: we refund the duplicate payment "
        "to the same card.",
        "billing",
        ("payment", "refund", "charge"),
        ArticleStatus.PUBLISHED,
    ),
    NewArticle(
        "Video lessons will not play: a black player or sound without picture",
        "1. Reload the lesson and try another browser (a current Firefox, Chrome, Edge or Safari).\n"
        "2. Switch off browser extensions that block scripts or ads for the course site.\n"
        "3. In Firefox, check that hardware acceleration and DRM-controlled content are allowed.\n\n"
        "If the video still does not play, tell us the browser, its version and the lesson.",
        "technical",
        ("video", "browser", "firefox"),
        ArticleStatus.PUBLISHED,
    ),
    NewArticle(
        "Cannot log in after changing your email address",
        "After an email change, log in with the new address; the password stays the same. A password reset "
        "mail goes to the new address only, so check its spam folder.\n\nIf no reset mail arrives within ten "
        "minutes, open a ticket: support confirms the change and sends the reset link again.",
        "account",
        ("login", "password", "email"),
        ArticleStatus.PUBLISHED,
    ),
    NewArticle(
        "Reporting a mistake in a quiz or its answer key",
        "Tell us the course, the quiz and the question number, and what you think the right answer is. The "
        "course team checks the answer key; when a question was marked wrongly, your quiz grade is corrected.",
        "course_content",
        ("quiz", "answer-key", "grade"),
        ArticleStatus.PUBLISHED,
    ),
    NewArticle(
        "When is my certificate issued?",
        "A certificate is issued once every module of the course is completed and every graded quiz passed. "
        "It appears in your profile the day after the last module is completed.\n\nIf it is not there two "
        "days later, open a ticket with the course name: we check your progress and issue it.",
        "course_content",
        ("certificate", "module", "completion"),
        ArticleStatus.PUBLISHED,
    ),
    NewArticle(
        "Suggesting a feature, such as dark mode",
        "We read every suggestion. Open a ticket in the feature_request category with what you would like "
        "and why (for example dark mode for studying at night); the product team reviews suggestions every "
        "month and the ticket says what was decided.",
        "feature_request",
        ("feature", "dark-mode", "suggestion"),
        ArticleStatus.PUBLISHED,
    ),
]


def ensure_articles() -> int:
    """Published articles for the demo tickets, through the knowledge service (validated, audited, searchable),
    so suggestions show something; only into an empty knowledge base, so a re-run adds nothing."""
    knowledge = container().knowledge
    if knowledge.search(SYSTEM, "", PageRequest(limit=1)).items:
        return 0
    for article in DEMO_ARTICLES:
        knowledge.create(SYSTEM, article)
    return len(DEMO_ARTICLES)

"""Demo staff accounts for `make run`: one per role, sharing one password."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from domain.accounts.model import AccountStatus, PlatformRole, SupportPriority
from domain.accounts.ports import NewLearner
from domain.shared.pagination import PageRequest
from domain.shared.permissions import STAFF_ROLES
from domain.shared.principal import SYSTEM
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
    password = "demo-" + secrets.token_urlsafe(12)
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
        if not users.filter(username=username).exists():
            container().staff.create_staff(SYSTEM, username, f"{username}@example.com", password, role)
        names.append(username)
    if not users.filter(username=SUPERUSER).exists():
        users.create_superuser(SUPERUSER, "admin@example.com", password)
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

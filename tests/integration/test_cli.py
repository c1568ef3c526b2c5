from __future__ import annotations

import io
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from domain.tickets.queries import QueueCriteria
from entrypoints.cli.demo import ensure_staff

pytestmark = pytest.mark.django_db


def test_create_staff_takes_the_password_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STAFF_PASSWORD", "a-long-cli-password")
    call_command("create_staff", "cli_admin", role="platform_admin", email="c@example.com")
    user = User.objects.get(username="cli_admin")
    assert user.check_password("a-long-cli-password") and [g.name for g in user.groups.all()] == ["platform_admin"]
    with pytest.raises(CommandError, match="taken"):
        call_command("create_staff", "cli_admin", role="platform_admin")


def test_create_staff_refuses_a_weak_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STAFF_PASSWORD", "123")
    with pytest.raises(CommandError, match="too_short"):
        call_command("create_staff", "cli_admin", role="support_agent")


def test_demo_staff_has_one_account_per_role_and_is_idempotent() -> None:
    names = ensure_staff("a-long-shared-password")
    assert ensure_staff("a-long-shared-password") == names
    assert User.objects.filter(username__startswith="demo_", is_staff=True).count() == 7
    assert User.objects.get(username="demo_learner").check_password("a-long-shared-password")
    assert User.objects.get(username="admin").is_superuser


def test_demo_tickets_fill_an_empty_queue_once() -> None:
    from django.core.management import call_command

    from adapters.orm.tickets.models import SupportTicket
    from entrypoints.cli.demo import ensure_tickets

    ensure_staff("a-long-shared-password")
    call_command("seed_demo", users=10, activities_per_user=3)
    assert ensure_tickets() == 6 and ensure_tickets() == 0
    assert SupportTicket.objects.count() == 6


def test_serve_prepares_learners_staff_and_tickets_before_starting(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.management import call_command

    from adapters.orm.accounts.models import UserProfile
    from adapters.orm.tickets.models import SupportTicket
    from entrypoints.cli.management.commands.serve import Command

    monkeypatch.setenv("DEMO_PASSWORD", "a-long-shared-password")
    monkeypatch.setattr(Command, "_run", lambda self, host, port: None)  # no servers in a test
    out = io.StringIO()
    call_command("serve", demo_users=30, stdout=out)
    assert UserProfile.objects.count() == 331  # 30 seeded + 300 validation learners (analytics) + demo_learner
    assert SupportTicket.objects.filter(created_by__isnull=False).count() == 6  # the demo queue
    # the seeded hour of telemetry: its repeated error opened one proactive ticket, as monitoring does
    assert SupportTicket.objects.filter(created_by__isnull=True).count() == 1
    assert "MFA:                 not required in development" in out.getvalue()
    assert out.getvalue().split("is starting.\n", 1)[1].startswith("  Staff console:")
    assert "MFA_REQUIRED_ROLES=support_admin,platform_admin make run" in out.getvalue()


def test_the_banner_starts_with_the_console_or_how_to_get_it(settings: Any, tmp_path: Path) -> None:
    from entrypoints.cli.management.commands.serve import console_lines

    settings.CONSOLE_DIST = tmp_path
    missing = "\n".join(console_lines("http://127.0.0.1:8000", "pw-123"))
    assert "not built" in missing and "Node.js 20+" in missing and "http://127.0.0.1:8000/console/" in missing
    (tmp_path / "index.html").write_text("<!doctype html>")
    built = console_lines("http://127.0.0.1:8000", "pw-123")
    assert built[0] == "  Staff console:       http://127.0.0.1:8000/console/"
    assert "demo_support_agent" in built[1] and "pw-123" in built[1]


def test_the_banner_names_the_roles_that_require_mfa() -> None:
    from entrypoints.cli.management.commands.serve import mfa_line

    assert "required for support_admin, platform_admin (MFA_REQUIRED_ROLES)" in mfa_line(
        ["support_admin", "platform_admin"]
    )


def test_create_staff_without_a_password_or_a_terminal_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.delenv("STAFF_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # a pipe, not a terminal
    with pytest.raises(CommandError, match="set STAFF_PASSWORD"):
        call_command("create_staff", "cli_admin", role="support_agent")


def test_demo_articles_are_published_once_and_every_demo_ticket_gets_suggestions() -> None:
    from domain.knowledge.model import ArticleStatus
    from domain.shared.pagination import PageRequest
    from domain.shared.principal import SYSTEM
    from entrypoints.bootstrap import container
    from entrypoints.cli.demo import DEMO_ARTICLES, DEMO_TICKETS, ensure_articles, ensure_tickets

    ensure_staff("a-long-shared-password")
    call_command("seed_demo", users=10, activities_per_user=3)
    assert ensure_articles() == len(DEMO_ARTICLES) and ensure_articles() == 0
    articles = container().knowledge.search(SYSTEM, "", PageRequest(limit=50)).items
    assert len(articles) == len(DEMO_ARTICLES) >= 5
    assert {a.status for a in articles} == {ArticleStatus.PUBLISHED}
    assert ensure_tickets() == len(DEMO_TICKETS)

    c = container()
    agent = c.auth.principal_for_user(User.objects.get(username="demo_support_agent").pk)
    assert agent is not None
    for ticket in c.support.desk.queue(agent, QueueCriteria(), PageRequest(limit=50)).items:
        learner = c.auth.principal_for_user(ticket.user_id)
        assert learner is not None
        assert c.support.desk.suggestions(agent, ticket.id).items, ticket.title  # what the desk sees
        # what the learner sees: published articles only
        assert c.support.learner.suggestions(learner, ticket.id).items, ticket.title


def test_security_replay_prints_the_table_and_meets_its_targets() -> None:
    out = StringIO()
    call_command("security_replay", "--users", "300", "--seed", "2", "--check", stdout=out)
    text = out.getvalue()
    assert "impossible_travel" in text and "recall on injected attacks: 100.0%" in text and "elapsed:" in text

"""`make run`'s demo password: a refused DEMO_PASSWORD stops it before anything is migrated, in one line; a changed
one is set on the demo accounts seeded before, so the password the banner prints is the one that logs in."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from entrypoints.cli.demo import ensure_staff
from entrypoints.cli.demo_access import align_demo_passwords, demo_password_refusal
from tests.support.live import ROOT, server_env


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("short", "shorter than 15 characters"),
        ("demo_support_admin-and-more", "contains part of a demo username"),
        ("1q2w3e4r5t6y7u8i9o0p", "common passwords"),
    ],
)
def test_the_refusal_says_why_in_one_line(password: str, says: str) -> None:
    refusal = demo_password_refusal(password)
    assert says in refusal and "\n" not in refusal
    assert demo_password_refusal("a-long-shared-password") == ""


def test_serve_with_a_refused_password_exits_in_one_line_before_migrating(tmp_path: Path) -> None:
    env = server_env(tmp_path) | {"DEMO_PASSWORD": "short"}
    done = subprocess.run(
        [sys.executable, "manage.py", "serve"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "CommandError: DEMO_PASSWORD is refused by the password policy: shorter than 15 characters "
        "(PASSWORD_MIN_LENGTH). Choose another, or unset it to get one."
    ]
    assert not (tmp_path / "db.sqlite3").exists()  # nothing migrated, nothing seeded


@pytest.mark.django_db
def test_serve_refuses_before_it_migrates(monkeypatch: pytest.MonkeyPatch) -> None:
    from entrypoints.cli.management.commands.serve import Command

    monkeypatch.setenv("DEMO_PASSWORD", "short")
    monkeypatch.setattr(Command, "_run", lambda self, host, port: pytest.fail("started"))
    with pytest.raises(CommandError, match=r"^DEMO_PASSWORD is refused"):
        call_command("serve", demo_users=0, stdout=io.StringIO())
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_changed_demo_password_is_set_on_the_existing_accounts(monkeypatch: pytest.MonkeyPatch) -> None:
    from entrypoints.cli.management.commands.serve import Command

    ensure_staff("first-shared-password")
    monkeypatch.setenv("DEMO_PASSWORD", "second-shared-password")
    monkeypatch.setattr(Command, "_run", lambda self, host, port: None)
    out = io.StringIO()
    call_command("serve", demo_users=0, stdout=out)
    assert "set on 9 existing demo accounts" in out.getvalue()
    assert "Password (all):      second-shared-password" in out.getvalue()
    demo = User.objects.filter(username__in=["admin", "demo_learner"]) | User.objects.filter(
        username__startswith="demo_"
    )
    assert demo.count() == 9
    assert all(user.check_password("second-shared-password") for user in demo)
    assert align_demo_passwords("second-shared-password") == []  # unchanged: nothing to do, nothing printed

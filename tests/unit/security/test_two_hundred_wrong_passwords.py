"""The closing figure of issue 10: what 200 wrong passwords in a row for one account from one network get, on the
harness with its clock (no sleeps): once by a client that retries at once, once by one that waits Retry-After."""

from __future__ import annotations

from datetime import timedelta
from itertools import groupby

from domain.shared.errors import NotAuthenticated, Throttled
from domain.shared.principal import RequestMeta
from entrypoints.harness import TestContainer

ATTACKER = RequestMeta(ip="203.0.113.66", user_agent="hydra")


def hammer(harness: TestContainer, wait: bool) -> list[tuple[int, int | None]]:
    harness.directory.add("target", "the target's real password", email="target@example.com")
    answers: list[tuple[int, int | None]] = []
    for _ in range(200):
        try:
            harness.auth.login("target", "wrong password", ATTACKER)
            answers.append((200, None))
        except Throttled as err:
            answers.append((429, err.retry_after))
            if wait:
                harness.clock.advance(seconds=err.retry_after)
        except NotAuthenticated:
            answers.append((401, None))
    return answers


def runs(answers: list[tuple[int, int | None]]) -> list[tuple[int, int | None, int]]:
    return [(status, wait, len(list(group))) for (status, wait), group in groupby(answers)]


def test_a_client_that_retries_at_once(harness: TestContainer) -> None:
    answers = hammer(harness, wait=False)
    assert runs(answers) == [(401, None, 5), (429, 60, 195)]
    assert harness.auth.login("target", "the target's real password", RequestMeta(ip="198.51.100.1")).token


def test_a_client_that_waits_as_told(harness: TestContainer) -> None:
    start = harness.clock.now()
    answers = hammer(harness, wait=True)
    waits = [w for s, w in answers if s == 429]
    assert answers[:5] == [(401, None)] * 5
    assert waits == [60, 120, 240, 480] + [900] * 91 + [43200]
    assert answers[5:195] == [x for w in waits[:-1] for x in ((429, w), (401, None))]
    assert answers[195:] == [(429, 43200)] + [(401, None)] * 4  # the cap at 100 failures, then 12 h, then afresh
    assert sum(1 for s, _ in answers if s == 401) == 104
    assert harness.clock.now() - start == timedelta(seconds=sum(waits)) == timedelta(hours=35)
    mails = {n.to: n.subject for n in harness.notifier.sent}
    assert mails == {"target@example.com": "Sign-in to your account is paused"}  # no admins in this harness
    kinds = [e.event_type for e in harness.security_events.events]
    assert kinds == ["login_throttled", "account_login_blocked"]

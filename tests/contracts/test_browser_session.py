"""BrowserSession: the in-memory fake and Django's sessions sign a browser in alike (a new key each time, the one
it replaced named; no session fixation)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from adapters.memory.identity import InMemoryBrowserSession
from domain.identity.ports import BrowserSession

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it


@pytest.fixture(params=["memory", "django"])
def browser(request: pytest.FixtureRequest) -> Callable[[], tuple[BrowserSession, int]]:
    """A browser that already has a session (as a visitor who fetched the CSRF token has), and a person."""
    if request.param == "memory":
        return lambda: (InMemoryBrowserSession("visitor-key"), 7)

    from adapters.browser_sessions import DjangoBrowserSession

    def make() -> tuple[BrowserSession, int]:
        user = get_user_model().objects.create_user("ana", "ana@example.com", "x", is_staff=True)
        http = RequestFactory().get("/")
        http.session = SessionStore()
        http.session["visited"] = True
        http.session.save()
        return DjangoBrowserSession(http), user.pk

    return make


def test_signing_in_replaces_the_key(browser: Callable[[], tuple[BrowserSession, int]]) -> None:
    session, user_id = browser()
    key, replaced = session.open(user_id)
    assert key and replaced and key != replaced
    again, before = session.open(user_id)
    assert before == key and again not in (key, replaced)


def test_the_django_session_names_the_person_and_forgets_the_old_data() -> None:
    from adapters.browser_sessions import DjangoBrowserSession

    user = get_user_model().objects.create_user("ben", "ben@example.com", "x", is_staff=True)
    http = RequestFactory().get("/")
    http.session = SessionStore()
    http.session["visited"] = True
    http.session.save()
    key, replaced = DjangoBrowserSession(http).open(user.pk)
    assert http.session.session_key == key  # the response's middleware saves it under this key
    assert http.session.get(SESSION_KEY) == str(user.pk) and "visited" not in http.session
    assert replaced and not SessionStore().exists(replaced)  # the old key and its data are gone

"""A request's Django session as the sign-in's BrowserSession port (domain.identity.ports)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.http import HttpRequest
from django.middleware.csrf import rotate_token


class DjangoBrowserSession:
    """What django.contrib.auth.login does, without its `user_logged_in` signal (whose handler gives an admin-site
    session its row: the sign-in use case saves this one's row itself, with the login's scope). The session starts
    empty under a new key (the old key is deleted: no fixation) and the CSRF secret is rotated, so a token read
    before signing in is no longer accepted."""

    def __init__(self, request: HttpRequest):
        self.request = request

    def open(self, user_id: int) -> tuple[str, str | None]:
        request = self.request
        session = request.session
        replaced = session.session_key
        user = get_user_model().objects.get(pk=user_id)
        session.flush()
        session.cycle_key()  # creates the new key now: the session row is stored under it
        session[SESSION_KEY] = user._meta.pk.value_to_string(user)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        request.user = user
        rotate_token(request)
        key = session.session_key
        assert key is not None, "the session backend gave the new session no key"
        return key, replaced

"""Under ASGI, as the product runs, the whole middleware chain is sync-only, so Django runs it and the view in one
thread hop (an async-capable chain of Django's middleware hops threads for each of its hooks); the edge's middleware
does its work under the async handler too."""

from __future__ import annotations

from asgiref.sync import async_to_sync
from django.conf import settings
from django.test import AsyncClient, override_settings
from django.utils.module_loading import import_string


def test_every_middleware_is_sync_only() -> None:
    async_capable = [path for path in settings.MIDDLEWARE if getattr(import_string(path), "async_capable", False)]
    assert async_capable == []


def test_errors_outside_ninja_get_the_error_body_and_the_request_id_in_async_mode() -> None:
    response = async_to_sync(AsyncClient().get)("/api/no-such-route", headers={"X-Request-ID": "req-42"})
    assert response.status_code == 404
    assert response["X-Request-ID"] == "req-42"
    assert response.json()["error"]["code"] == "not_found"


@override_settings(WHITENOISE_AUTOREFRESH=True, WHITENOISE_USE_FINDERS=True)
def test_static_files_are_served_in_async_mode() -> None:
    response = async_to_sync(AsyncClient().get)("/static/ninja/swagger-ui.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    missing = async_to_sync(AsyncClient().get)("/static/ninja/no-such-file.css")
    assert missing.status_code == 404

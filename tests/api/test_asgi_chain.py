"""Under ASGI, as the product runs, the middleware chain is built sync, so Django runs it and the view in one
thread hop (an async-capable chain of Django's middleware hops threads for each of its hooks); the edge's middleware
does its work under Django's stock async handler too."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

from asgiref.sync import AsyncToSync, SyncToAsync, async_to_sync
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.test import AsyncClient, override_settings

from entrypoints.asgi import PooledASGIHandler


def links(node: Any) -> Iterator[Any]:
    """The chain from its outermost middleware inwards: through Django's exception wrappers and each get_response."""
    while node is not None:
        yield node
        node = getattr(node, "__wrapped__", None) or getattr(node, "get_response", None)


def hops(chain: Any) -> list[Any]:
    return [n for n in links(chain) if isinstance(n, AsyncToSync | SyncToAsync) or inspect.iscoroutinefunction(n)]


def test_the_product_handler_runs_the_whole_chain_without_a_thread_hop() -> None:
    chain = list(links(PooledASGIHandler().sync_chain))
    assert len(chain) >= 2 * len(settings.MIDDLEWARE)  # each middleware and its exception wrapper: walked through
    assert hops(PooledASGIHandler().sync_chain) == []
    stock = ASGIHandler()  # the check can fail: Django's own async handler hops around the sync-only entries
    assert hops(stock._middleware_chain)


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

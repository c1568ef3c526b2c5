"""Read-your-writes: a write request reads from the primary, and so does the writer for a moment after it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import DEFAULT_DB_ALIAS
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from adapters.replicas.routing import read_alias, read_intent
from adapters.replicas.status import STATUS
from entrypoints.api.read_your_writes import COOKIE, ReadYourWritesMiddleware


@pytest.fixture
def fit(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(STATUS, "probe", lambda alias: 0.0)
    STATUS.forget()
    yield
    STATUS.forget()


class View:
    def __init__(self, status: int = 200):
        self.status, self.read_on = status, ""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with read_intent():
            self.read_on = read_alias()
        return HttpResponse(status=self.status)


@override_settings(
    DATABASE_REPLICAS=("replica_1",), DATABASE_REPLICA_MAX_LAG_SECONDS=5, DATABASE_REPLICA_CHECK_SECONDS=2
)
def test_a_writer_reads_from_the_primary_until_any_replica_has_the_write(fit: None, rf: RequestFactory) -> None:
    write = View(201)
    response = ReadYourWritesMiddleware(write)(rf.post("/api/users/profiles/"))
    assert write.read_on == DEFAULT_DB_ALIAS
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["max-age"] == 8  # the lag bound, plus how long a lag reading is kept

    read = View()
    after = rf.get("/api/users/profiles/1/")
    after.COOKIES[COOKIE] = cookie.value
    ReadYourWritesMiddleware(read)(after)
    assert read.read_on == DEFAULT_DB_ALIAS

    ReadYourWritesMiddleware(read)(rf.get("/api/users/profiles/1/"))
    assert read.read_on == "replica_1"
    forged = rf.get("/api/users/profiles/1/")
    forged.COOKIES[COOKIE] = "1"
    ReadYourWritesMiddleware(read)(forged)
    assert read.read_on == "replica_1"
    assert read_alias() == DEFAULT_DB_ALIAS  # nothing outlives the request


@override_settings(DATABASE_REPLICAS=("replica_1",))
def test_a_refused_write_pins_nobody_afterwards(fit: None, rf: RequestFactory) -> None:
    response = ReadYourWritesMiddleware(View(400))(rf.post("/api/users/profiles/"))
    assert COOKIE not in response.cookies


@override_settings(DATABASE_REPLICAS=())
def test_without_replicas_no_cookie_is_set(rf: RequestFactory) -> None:
    response = ReadYourWritesMiddleware(View(201))(rf.post("/api/users/profiles/"))
    assert COOKIE not in response.cookies

"""The routing rules of adapters/replicas: which reads may go to a replica, which replica is fit, and the fallback
to the primary when a replica fails mid-read."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, transaction
from django.test import override_settings

from adapters.replicas.reads import on_replica, on_replicas
from adapters.replicas.routing import ReplicaRouter, pin, read_alias, read_intent, unpin
from adapters.replicas.status import STATUS, ReplicaStatus, lsn

ONE, TWO = ("replica_1",), ("replica_1", "replica_2")


class Lags:
    """A probe answering from a table (seconds behind, or an exception), counting its calls."""

    def __init__(self, **lags: float | Exception):
        self.lags, self.calls = lags, 0

    def __call__(self, alias: str) -> float:
        self.calls += 1
        found = self.lags[alias]
        if isinstance(found, Exception):
            raise found
        return found


@pytest.fixture
def lags(monkeypatch: pytest.MonkeyPatch) -> Iterator[Lags]:
    probe = Lags(replica_1=0.0, replica_2=0.0)
    monkeypatch.setattr(STATUS, "probe", probe)
    STATUS.forget()
    yield probe
    STATUS.forget()


@override_settings(DATABASE_REPLICAS=ONE)
def test_a_read_goes_to_a_replica_only_when_the_caller_declared_the_intent(lags: Lags) -> None:
    assert read_alias() == DEFAULT_DB_ALIAS
    with read_intent():
        assert read_alias() == "replica_1"
    assert ReplicaRouter().db_for_read(object) == DEFAULT_DB_ALIAS


@override_settings(DATABASE_REPLICAS=())
def test_without_replicas_every_read_is_on_the_primary(lags: Lags) -> None:
    with read_intent():
        assert read_alias() == DEFAULT_DB_ALIAS
    assert lags.calls == 0


@override_settings(DATABASE_REPLICAS=ONE)
def test_writes_and_migrations_stay_on_the_primary(lags: Lags) -> None:
    router = ReplicaRouter()
    with read_intent():
        assert router.db_for_read(object) == "replica_1"
        assert router.db_for_write(object) == DEFAULT_DB_ALIAS
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "accounts") and not router.allow_migrate("replica_1", "accounts")


@override_settings(DATABASE_REPLICAS=ONE)
def test_a_pinned_request_reads_from_the_primary(lags: Lags) -> None:
    token = pin(True)
    try:
        with read_intent():
            assert read_alias() == DEFAULT_DB_ALIAS
    finally:
        unpin(token)
    with read_intent():
        assert read_alias() == "replica_1"


@pytest.mark.django_db(transaction=True)
@override_settings(DATABASE_REPLICAS=ONE)
def test_a_read_inside_a_transaction_reads_its_own_writes_on_the_primary(lags: Lags) -> None:
    with read_intent():
        assert read_alias() == "replica_1"
        with transaction.atomic():
            assert read_alias() == DEFAULT_DB_ALIAS


@override_settings(DATABASE_REPLICAS=TWO, DATABASE_REPLICA_MAX_LAG_SECONDS=5.0)
def test_a_replica_lagging_past_the_bound_or_gone_is_skipped(lags: Lags) -> None:
    lags.lags.update(replica_1=7.5, replica_2=OSError("connection refused"))
    with read_intent():
        assert read_alias() == DEFAULT_DB_ALIAS
    assert "7.5 s behind" in STATUS.reading("replica_1").reason
    assert STATUS.reading("replica_2").reason == "unreachable (OSError)"


@override_settings(DATABASE_REPLICAS=TWO)
def test_fit_replicas_take_turns(lags: Lags) -> None:
    with read_intent():
        assert {read_alias() for _ in range(4)} == {"replica_1", "replica_2"}


@override_settings(DATABASE_REPLICA_CHECK_SECONDS=2.0, DATABASE_REPLICA_MAX_LAG_SECONDS=5.0)
def test_a_reading_is_kept_for_the_check_interval() -> None:
    clock = [100.0]
    probe = Lags(replica_1=1.0)
    status = ReplicaStatus(probe, now=lambda: clock[0])
    assert status.reading("replica_1").fit and status.reading("replica_1").lag == 1.0
    probe.lags["replica_1"] = 9.0
    clock[0] += 1.9
    assert status.reading("replica_1").fit and probe.calls == 1
    clock[0] += 0.2
    assert not status.reading("replica_1").fit and probe.calls == 2


@override_settings(DATABASE_REPLICAS=ONE)
def test_a_replica_failing_mid_read_is_marked_down_and_the_read_runs_again_on_the_primary(lags: Lags) -> None:
    seen: list[str] = []

    def read() -> str:
        seen.append(alias := read_alias())
        if alias != DEFAULT_DB_ALIAS:
            raise OperationalError("server closed the connection unexpectedly")
        return "answer"

    assert on_replica(read) == "answer"
    assert seen == ["replica_1", DEFAULT_DB_ALIAS]
    assert STATUS.reading("replica_1").reason == "read failed (OperationalError)"


@override_settings(DATABASE_REPLICAS=ONE)
def test_an_error_on_the_primary_is_not_retried(lags: Lags) -> None:
    def read() -> None:
        with read_intent(False):
            read_alias()
        raise OperationalError("on the primary")

    with pytest.raises(OperationalError):
        on_replica(read)


@override_settings(DATABASE_REPLICAS=ONE)
def test_the_wrapped_adapter_reads_under_the_intent(lags: Lags) -> None:
    class Queries:
        limit = 3

        def where(self) -> str:
            return read_alias()

    wrapped = on_replicas(Queries())
    assert wrapped.where() == "replica_1" and wrapped.limit == 3
    assert Queries().where() == DEFAULT_DB_ALIAS


def test_wal_positions_compare_as_numbers() -> None:
    assert lsn("1/0") > lsn("0/FFFFFFFF") and lsn("0/10") == 16

"""SourceMapStore on memory (the harness) and on Django: the same tests, each asserting the port's docstring."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory.monitoring_sourcemaps import InMemorySourceMapStore
from adapters.orm.monitoring.sourcemaps import DjangoSourceMapStore
from domain.monitoring.ports import SourceMapStore

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it
T0 = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(params=["memory", "django"])
def store(request: pytest.FixtureRequest) -> SourceMapStore:
    return InMemorySourceMapStore() if request.param == "memory" else DjangoSourceMapStore()


def test_a_map_is_kept_per_release_and_file_and_a_re_upload_replaces_it(store: SourceMapStore) -> None:
    assert store.load("web@1", "app.js") is None
    store.save("web@1", "app.js", '{"v": 1}', T0, 7)
    store.save("web@2", "app.js", '{"v": 2}', T0, 7)
    assert store.load("web@1", "app.js") == ('{"v": 1}', T0)
    store.save("web@1", "app.js", '{"v": 3}', T0 + timedelta(minutes=1), 8)
    assert store.load("web@1", "app.js") == ('{"v": 3}', T0 + timedelta(minutes=1))
    assert store.load("web@2", "app.js") == ('{"v": 2}', T0)
    assert store.load("web@1", "other.js") is None

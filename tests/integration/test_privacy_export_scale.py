"""A person with 100,000 activity rows is exported within 30 s (the issue's figure), on SQLite and PostgreSQL."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings

from adapters.orm.accounts.models import UserActivityLog
from adapters.orm.accounts.repository import DjangoProfileRepository
from adapters.sealed_files import open_read
from adapters.sealed_upkeep import settings_keys
from domain.accounts.model import AccountStatus, PlatformRole, SupportPriority
from domain.accounts.ports import NewLearner
from domain.privacy.model import RequestKind, Stage
from domain.shared.clock import FixedClock
from domain.shared.permissions import Role
from domain.shared.principal import Principal
from entrypoints.bootstrap import build_container, use_container

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_container() -> Iterator[None]:
    """The real adapters on a FixedClock for this test only; the next test gets the process's container again."""
    yield
    use_container(None)


NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ROWS = 100_000


def test_a_100k_activity_person_exports_within_30_seconds(capsys: pytest.CaptureFixture[str]) -> None:
    c = build_container(FixedClock(NOW))
    use_container(c)
    new = NewLearner(
        "busy",
        "busy@example.com",
        "Busy",
        "Bee",
        AccountStatus.ACTIVE,
        PlatformRole.LEARNER,
        SupportPriority.NORMAL,
        False,
        None,
    )
    uid = DjangoProfileRepository().create(new, NOW).user_id
    data = {"course": "PY101", "lesson": 12, "score": 0.8}
    for start in range(0, ROWS, 20_000):
        UserActivityLog.objects.bulk_create(
            [
                UserActivityLog(
                    user_id=uid,
                    activity_type="lesson.viewed",
                    activity_data=data,
                    ip_address="192.0.2.1",
                    user_agent="Mozilla/5.0",
                    timestamp=NOW - timedelta(seconds=i),
                    session_id="s",
                )
                for i in range(start, start + 20_000)
            ]
        )
    learner = Principal(uid, "busy", frozenset({Role.LEARNER}))
    made = c.privacy.requests.create(learner, RequestKind.EXPORT, None, "")
    began = time.perf_counter()
    c.privacy.jobs.export(made.request.id)
    took = time.perf_counter() - began
    done = c.privacy.requests.get(learner, made.request.id).request
    with capsys.disabled():
        print(f"\nprivacy export of {ROWS} activity rows: {took:.2f} s, {done.file_size / 1e6:.1f} MB ZIP")
    assert done.stage is Stage.DOWNLOAD_READY and done.results["activity"] == ROWS
    assert took <= 30
    sealed = open_read(Path(settings.PRIVACY_FILES_DIR) / done.file_key, settings_keys())
    with sealed, zipfile.ZipFile(sealed) as archive:
        assert archive.getinfo("activity.json").file_size > 0

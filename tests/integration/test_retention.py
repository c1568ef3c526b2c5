"""Retention on the database: `manage.py retention --dry-run` counts and deletes nothing, a run deletes expired
rows except a held person's and records each class's run, and a reached data_retention_date opens one erasure."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from adapters.orm.accounts.models import UserActivityLog, UserProfile
from adapters.orm.accounts.repository import DjangoProfileRepository
from adapters.orm.privacy.models import PrivacyRequestRow, RetentionRunRow
from domain.accounts.model import AccountStatus, PlatformRole, SupportPriority
from domain.accounts.ports import NewLearner
from domain.privacy.model import DataClass
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
OFFICER = Principal(9, "officer", frozenset({Role.COMPLIANCE_OFFICER}))


def person(name: str) -> int:
    new = NewLearner(
        name,
        f"{name}@example.com",
        name,
        "Ng",
        AccountStatus.ACTIVE,
        PlatformRole.LEARNER,
        SupportPriority.NORMAL,
        False,
        None,
    )
    uid = DjangoProfileRepository().create(new, NOW).user_id
    old, recent = NOW - timedelta(days=800), NOW - timedelta(days=10)
    UserActivityLog.objects.bulk_create(
        [UserActivityLog(user_id=uid, activity_type="x", timestamp=t) for t in (old, old, recent)]
    )
    return uid


def test_dry_run_counts_the_run_deletes_and_holds_and_retention_dates_are_respected() -> None:
    c = build_container(FixedClock(NOW))
    use_container(c)
    lea, held = person("lea"), person("max")
    c.privacy.holds.place(OFFICER, held, "litigation", None)
    UserProfile.objects.filter(user_id=lea).update(data_retention_date=NOW - timedelta(days=1))
    out = io.StringIO()
    call_command("retention", "--dry-run", stdout=out)
    assert "activity             would remove        2 rows" in out.getvalue()
    assert "would open erasure requests for 1 people" in out.getvalue()
    assert UserActivityLog.objects.count() == 6 and not PrivacyRequestRow.objects.exists()
    report = c.privacy.retention.run()
    runs = {r.data_class: r.rows for r in report.runs}
    assert runs[DataClass.ACTIVITY] == 2 and report.erasures_requested == [lea]
    assert UserActivityLog.objects.filter(user_id=held).count() == 3  # the hold keeps the held person's rows
    assert UserActivityLog.objects.filter(user_id=lea).count() == 1
    assert RetentionRunRow.objects.filter(dry_run=False).count() == len(DataClass)
    request = PrivacyRequestRow.objects.get()
    assert (request.user_id, request.stage, request.requested_by) == (lea, "awaiting_approval", 0)
    assert c.privacy.retention.run().erasures_requested == []  # asked once, reviewed like any other

"""Progress inside a long batch: the batch's transaction holds the operation row until it commits, so a slow batch
reports at once from its row loop and between its writes, at least every 2 s (on the harness's clock)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

from domain.accounts.model import AccountStatus, Profile
from domain.bulk.model import OperationType
from domain.bulk.parameters import StatusParams, Targets
from domain.bulk.ports import BulkAccounts
from domain.shared.clock import FixedClock
from entrypoints.harness import TestContainer

from .conftest import ADMIN, learner, run, start

SLOW = timedelta(seconds=2.5)  # each slow call of the storage: longer than the 2 s between reports


class SlowAccounts:
    """The harness's accounts, with reading and writing profiles each taking SLOW on the clock."""

    def __init__(self, inner: BulkAccounts, clock: FixedClock):
        self.inner, self.clock = inner, clock

    def profiles_for_update(self, user_ids: Iterable[int]) -> dict[int, Profile]:
        self.clock.advance(seconds=SLOW.total_seconds())
        return self.inner.profiles_for_update(user_ids)

    def save_profiles(self, profiles: Sequence[Profile]) -> None:
        self.clock.advance(seconds=SLOW.total_seconds())
        self.inner.save_profiles(profiles)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_a_slow_batch_reports_at_least_every_two_seconds(h: TestContainer) -> None:
    ids = [learner(h, f"u{i}") for i in range(5)]  # batches of 3 on the harness: two batches
    assert isinstance(h.clock, FixedClock)
    h.bulk_runner.accounts = SlowAccounts(h.bulk_runner.accounts, h.clock)  # type: ignore[assignment]
    op = run(
        h,
        ADMIN,
        start(OperationType.UPDATE_STATUS, StatusParams(Targets.of_ids(ids), AccountStatus.SUSPENDED, "policy")),
    )
    assert op.success_count == 5
    events = [p.data for p in h.publisher.on(f"bulk-{op.id}") if p.type == "bulk.progress"]
    times = [datetime.fromisoformat(str(e["at"])) for e in events]
    gaps = [later - earlier for earlier, later in pairwise(times)]
    assert max(gaps) <= SLOW  # each batch takes 2 x SLOW: without reports from inside it, a gap would be 5 s
    during = [e["processed"] for e in events if e["status"] == "in_progress"]
    assert during == sorted(during) and 3 in during and during[-1] == 5
    assert len(events) > 4  # start, two batches, the end: and reports in between

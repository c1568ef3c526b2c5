"""Progress while a batch runs: the batch's transaction holds the operation row until it commits, so a slow batch
reports from its row loop and between its writes, at once (outside the transaction) and at most every 2 s."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from domain.shared.clock import Clock
from domain.shared.uow import UnitOfWork

from .events import BulkProgress
from .model import BulkOperation

PROGRESS_EVERY = timedelta(seconds=2)
Tick = Callable[[int], None]  # told how many of the batch's items are done so far


def no_tick(done: int) -> None:
    """For a caller that reports nothing."""


@dataclass
class Ticker:
    """One batch's Tick: publishes the operation's progress, counting the batch's items done so far, when
    PROGRESS_EVERY has passed since the last report (the batch began just after the previous one's). The count
    never goes back: a later phase of the batch may count a part of its items only."""

    uow: UnitOfWork
    clock: Clock
    op: BulkOperation
    last: datetime
    done: int = 0

    def __call__(self, done: int) -> None:
        self.done = max(self.done, done)
        now = self.clock.now()
        if now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        self.uow.publish_now(BulkProgress.of(replace(self.op, processed=self.op.processed + self.done), now))

from __future__ import annotations

from domain.accounts.model import AccountStatus
from domain.bulk.model import OperationStatus, OperationType
from domain.bulk.parameters import StatusParams, Targets
from entrypoints.bootstrap import TestContainer

from .conftest import ADMIN, learner, run, start


def test_update_status_smoke(h: TestContainer) -> None:
    ids = [learner(h, f"user{i}") for i in range(4)]
    op = run(
        h, ADMIN, start(OperationType.UPDATE_STATUS, StatusParams(Targets.of_ids(ids), AccountStatus.SUSPENDED, "x"))
    )
    assert op.status is OperationStatus.COMPLETED, op
    assert op.success_count == 4
    assert all(h.people.profiles[i].account_status is AccountStatus.SUSPENDED for i in ids)

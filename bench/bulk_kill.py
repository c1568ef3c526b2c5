"""The kill test: SIGKILL the Huey consumer at random points during an import and a status change, restart it, and
count at the end: 0 rows lost, 0 doubled, the operation's counters equal to the tables' truth.

    .venv/bin/python bench/bulk_kill.py [--import-rows 100000] [--status-users 50000] [--kills 10]

After each kill the operation is enqueued again at once: that is what the sweeper does a minute later (its own test
is tests/unit/bulk/test_targets.py); the benchmark does not wait the minute 20 times. Same database as bench/bulk.py."""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from bulk import Consumer, Upload, csv_file, environment, fresh_database, setup, start


def kill_during(operation_id: int, consumer: Consumer, kills: int, rng: random.Random) -> tuple[int, float]:
    from entrypoints.bootstrap import container

    c = container()
    began, done, last = time.perf_counter(), 0, 0
    while True:
        op = c.bulk_runner.store.get(operation_id)
        assert op is not None
        if op.status.value in ("completed", "failed", "cancelled"):
            return done, time.perf_counter() - began
        if done < kills and op.processed > last:  # the restarted consumer has done a batch: kill it mid-work
            last = op.processed
            time.sleep(rng.uniform(0.5, 3.0))
            consumer.kill()
            done += 1
            print(f"  kill {done}: after {op.processed:,} of {op.total_items:,}", flush=True)
            consumer.start()
            c.tasks.enqueue("bulk.run", operation_id=operation_id)  # the sweeper's work, without the minute
        time.sleep(0.2)


def truth_import(operation_id: int, prefix: str, rows: int) -> dict[str, Any]:
    from django.contrib.auth.models import User

    from adapters.orm.accounts.models import UserProfile
    from adapters.orm.bulk.models import BulkRowErrorRow
    from adapters.orm.outbox.models import OutboxMessage
    from entrypoints.bootstrap import container

    op = container().bulk_runner.store.get(operation_id)
    assert op is not None
    users = User.objects.filter(username__startswith=prefix)
    invites = OutboxMessage.objects.filter(kind="notification", payload__to__startswith=prefix).values("payload__to")
    sent = list(invites.values_list("payload__to", flat=True))
    return {
        "status": op.status.value,
        "rows": rows,
        "accounts": users.count(),
        "profiles": UserProfile.objects.filter(username_key__startswith=prefix).count(),
        "lost": rows - users.count(),
        "doubled invitations": len(sent) - len(set(sent)),
        "missing invitations": rows - len(set(sent)),
        "counters": (op.processed, op.success_count, op.error_count, op.skipped_count),
        "row errors stored": BulkRowErrorRow.objects.filter(operation_id=operation_id).count(),
    }


def truth_status(operation_id: int, ids: list[int]) -> dict[str, Any]:
    from django.db.models import Count

    from adapters.orm.accounts.models import StatusChange, UserProfile
    from entrypoints.bootstrap import container

    op = container().bulk_runner.store.get(operation_id)
    assert op is not None
    changes = StatusChange.objects.filter(user_id__in=ids, reason="kill test").values("user_id").annotate(n=Count("id"))
    per_user = [c["n"] for c in changes]
    suspended = UserProfile.objects.filter(user_id__in=ids, account_status="suspended").count()
    return {
        "status": op.status.value,
        "people": len(ids),
        "suspended": suspended,
        "lost": len(ids) - len(per_user),
        "doubled": sum(1 for n in per_user if n > 1),
        "counters": (op.processed, op.success_count, op.error_count, op.skipped_count),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--status-users", type=int, default=50_000)
    parser.add_argument("--kills", type=int, default=10, help="per operation")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    env = environment(Path(tempfile.mkdtemp(prefix="bulk-kill-")))
    fresh_database(env)
    setup(env)
    from adapters.orm.accounts.models import UserProfile
    from domain.accounts.model import AccountStatus
    from domain.bulk import parameters as p
    from domain.bulk.model import OperationType as T
    from domain.bulk.service import StartRequest

    consumer = Consumer(env)
    consumer.start()
    prefix = "kill_"
    op_id = start(
        StartRequest(
            T.IMPORT_USERS,
            False,
            mode=p.ImportMode.UPSERT,
            upload=Upload("kill.csv", csv_file(args.import_rows, prefix)),
        )
    )
    kills, seconds = kill_during(op_id, consumer, args.kills, rng)
    imported = truth_import(op_id, prefix, args.import_rows)
    print(f"import of {args.import_rows:,} rows, {kills} kills, {seconds:.1f} s: {imported}", flush=True)
    ids = list(UserProfile.objects.order_by("user_id").values_list("user_id", flat=True)[: args.status_users])
    params = p.StatusParams(p.Targets.of_ids(ids), AccountStatus.SUSPENDED, "kill test")
    op_id = start(StartRequest(T.UPDATE_STATUS, False, params))
    kills2, seconds = kill_during(op_id, consumer, args.kills, rng)
    changed = truth_status(op_id, ids)
    print(f"update_status of {len(ids):,} people, {kills2} kills, {seconds:.1f} s: {changed}", flush=True)
    consumer.stop()
    ok = (
        imported["lost"] == 0
        and imported["doubled invitations"] == 0
        and imported["missing invitations"] == 0
        and imported["counters"][:2] == (args.import_rows, args.import_rows)
        and changed["lost"] == 0
        and changed["doubled"] == 0
        and changed["counters"][1] == changed["suspended"] == len(ids)
    )
    print("KILL TEST " + ("PASSED" if ok else "FAILED"))
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()

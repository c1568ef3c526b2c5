from __future__ import annotations

from adapters.huey.queue import periodic, task
from domain.bulk.model import RUN_TASK
from entrypoints.bootstrap import container


@task(RUN_TASK, retries=0)
def run_bulk_operation(operation_id: int) -> None:
    """Run or resume one bulk operation; the database holds its state, so a lost run is resumed by the sweep."""
    container().bulk_runner.run(operation_id)


@periodic("bulk.sweep", minute="*")
def sweep_bulk_operations() -> list[int]:
    """Re-enqueue operations whose worker died (heartbeat older than a minute) or whose task was lost."""
    return container().bulk_runner.sweep()

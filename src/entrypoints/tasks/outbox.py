from __future__ import annotations

from adapters.huey.queue import periodic, task
from entrypoints.bootstrap import container


@task("outbox.relay", retries=5, retry_delay=15)
def relay_outbox() -> int:
    return container().relay_outbox()


@periodic("outbox.relay_periodic", minute="*")
def relay_outbox_periodically() -> int:
    return container().relay_outbox()

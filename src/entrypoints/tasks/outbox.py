from __future__ import annotations

from django.conf import settings

from adapters.huey.queue import periodic, task
from entrypoints.bootstrap import container


@task("outbox.relay", retries=5, retry_delay=15)
def relay_outbox() -> int:
    return container().relay_outbox()


@periodic("outbox.relay_periodic", minute="*")
def relay_outbox_periodically() -> int:
    return container().relay_outbox()


@periodic("outbox.purge", minute="*/10")
def purge_outbox() -> int:
    """Delivered events leave after the replay window (EVENT_REPLAY_MINUTES); notifications after 30 days."""
    return container().purge_outbox(settings.EVENT_REPLAY_WINDOW)

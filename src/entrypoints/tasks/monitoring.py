"""Monitoring's background work: the delayed pulse, the per-minute detection run, replay and rollup retention."""

from __future__ import annotations

from adapters.huey.queue import periodic, task
from entrypoints.bootstrap import container


@task("monitoring.pulse", retries=0)
def pulse() -> bool:
    """Publish the waiting pulse on the monitoring channel once its 5-second window is over."""
    return container().monitoring.pulse.flush()


@periodic("monitoring.detect", minute="*")
def detect() -> int:
    """The detection rules, once a minute across every worker (the minute is claimed in the database); also
    publishes a pulse that no delayed task did (Redis down)."""
    monitoring = container().monitoring
    monitoring.pulse.flush()
    return len(monitoring.detection.run())


@periodic("monitoring.purge", minute="17")
def purge() -> int:
    """Replays older than MONITORING_REPLAY_DAYS leave."""
    return container().monitoring.purge_replays()

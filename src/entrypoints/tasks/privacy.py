"""Privacy's background work: exports, erasures, the sweep that starts due erasures, and the daily retention run."""

from __future__ import annotations

from adapters.huey.queue import periodic, task
from domain.privacy.model import ERASE_TASK, EXPORT_TASK
from entrypoints.bootstrap import container


@task(EXPORT_TASK, retries=0)
def build_privacy_export(privacy_request: int) -> None:
    """Build (or rebuild) one export's ZIP; the request row holds its state, so a lost run is taken up by the sweep."""
    container().privacy.jobs.export(privacy_request)


@task(ERASE_TASK, retries=0)
def erase_person(privacy_request: int) -> None:
    """Erase the person of an approved request whose cool-off is over (not under a legal hold)."""
    container().privacy.jobs.erase(privacy_request)


@periodic("privacy.sweep", minute="*")
def sweep_privacy_requests() -> list[int]:
    """Start due erasures, take up stalled exports and erasures, expire download links."""
    return container().privacy.jobs.sweep()


@periodic("privacy.retention", hour="3", minute="30")
def apply_retention() -> int:
    """Each data class's expired rows leave (legal holds respected); reached data_retention_dates open erasures."""
    report = container().privacy.retention.run()
    return sum(r.rows for r in report.runs)

from __future__ import annotations

from adapters.huey.queue import periodic
from entrypoints.bootstrap import container


@periodic("security.purge_login_throttle", minute="*/15")
def purge_login_throttle() -> int:
    """Expired login-failure tallies and unblock links leave the database (Redis expires its own)."""
    return container().login_protection.purge_expired()


@periodic("security.detect_mass_access", minute="*")
def detect_mass_access() -> int:
    """The mass-access rule over the reads audited since the last run (see domain.security.detection.detector)."""
    return container().detector.sweep_mass_access()


@periodic("security.forget_old_devices", hour="3", minute="40")
def forget_old_devices() -> int:
    """Devices and networks not seen for the known period (90 days) are forgotten."""
    return container().detector.forget_old()


@periodic("impersonation.sweep", minute="*")
def sweep_impersonations() -> int:
    """Impersonation sessions whose time ran out (or whose approval was never given) are written down as ended."""
    return container().impersonation.sessions.sweep()

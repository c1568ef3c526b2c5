from __future__ import annotations

from adapters.huey.queue import periodic
from entrypoints.bootstrap import container


@periodic("security.purge_login_throttle", minute="*/15")
def purge_login_throttle() -> int:
    """Expired login-failure tallies and unblock links leave the database (Redis expires its own)."""
    return container().login_protection.purge_expired()

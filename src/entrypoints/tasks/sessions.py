from __future__ import annotations

from adapters.huey.queue import periodic
from entrypoints.bootstrap import container


@periodic("identity.purge_sessions", minute="*/15")
def purge_sessions() -> int:
    """Sessions that are over (revoked, idle or past their absolute lifetime) leave the database, with the browser
    sessions they stood for and Django's own expired sessions."""
    return container().sessions.purge()

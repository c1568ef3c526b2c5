"""Access limits' Marks over the security module's ThrottleStore (the database, or Redis in front of it)."""

from __future__ import annotations

from datetime import datetime

from domain.security.ports import ThrottleStore


class ThrottleMarks:
    """Marks over a ThrottleStore: a claim keeps the live value and its expiry (the value is its expiry)."""

    def __init__(self, store: ThrottleStore) -> None:
        self.store = store

    def live(self, key: str) -> str | None:
        return self.store.read([key]).get(key)

    def put(self, key: str, value: str, until: datetime) -> None:
        self.store.put_all({key: (value, until)})

    def claim(self, key: str, value: str, until: datetime) -> bool:
        won = False

        def update(current: str | None) -> tuple[str, datetime]:
            nonlocal won
            if current is None:
                won = True
                return f"{until.isoformat()}|{value}", until
            won = False
            return current, datetime.fromisoformat(current.partition("|")[0])

        self.store.change(key, update)
        return won

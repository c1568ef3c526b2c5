"""What identity lends before it is built: ending a person's tokens and sessions."""

from __future__ import annotations

from collections.abc import Sequence

from domain.shared.clock import Clock

from .ports import TokenStore


class TokenRevocation:
    """Ends a person's tokens and sessions, in the caller's unit of work: what identity lends the modules that end
    access (security's password and MFA resets, accounts on leaving `active`, bulk's batches). Built from the token
    store before the modules that need it, so no module is patched after construction."""

    def __init__(self, tokens: TokenStore, clock: Clock):
        self.tokens, self.clock = tokens, clock

    def revoke_all_access(self, user_id: int, keep: int | None = None) -> int:
        return self.tokens.revoke_all(user_id, self.clock.now(), keep=keep)

    def revoke_all_access_of(self, user_ids: Sequence[int]) -> int:
        return self.tokens.revoke_all_of(user_ids, self.clock.now()) if user_ids else 0

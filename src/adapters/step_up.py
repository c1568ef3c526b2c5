"""The StepUp port until the MFA module lands: nobody is enrolled yet, so no code is asked for (and none would
verify). The seam the MFA module replaces: `enrolled(user_id)` and `verify(user_id, code)` on its TOTP service."""

from __future__ import annotations


class NoMfaYet:
    def enrolled(self, user_id: int) -> bool:
        return False

    def verify(self, user_id: int, code: str) -> bool:
        return False

"""Impersonation's StepUp port, answered by the MFA service: a current TOTP code of the person's confirmed MFA,
used up (a code works once), with the MFA service's stepped delays after wrong codes (429 `mfa_throttled`)."""

from __future__ import annotations

from domain.security.mfa_service import MfaService
from domain.shared.principal import Principal


class MfaStepUp:
    def __init__(self, mfa: MfaService):
        self.mfa = mfa

    def enrolled(self, user_id: int) -> bool:
        return self.mfa.has_mfa(user_id)

    def verify(self, principal: Principal, code: str) -> bool:
        return self.mfa.verify_step_up(principal, code, "impersonation")

"""Access limits' error codes, each with its HTTP status and what it means; `domain.shared.error_codes` assembles
every module's codes into the one catalogue (docs/errors.md)."""

from __future__ import annotations

CODES: dict[str, tuple[int, str]] = {
    "network_not_allowed": (
        403,
        "Staff accounts may only be used from the networks their role is allowed (`details.network_list` names the "
        "list): connect through the office network or VPN. Learners are never limited.",
    ),
    "invalid_break_glass": (
        400,
        "A break-glass exemption is for an active platform admin, for 1 to 240 minutes, with a reason of 10 to 500 "
        "characters.",
    ),
}

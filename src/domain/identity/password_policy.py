"""The password policy (NIST SP 800-63B-4), pure: one rule for every path that sets a password.

Length counts Unicode code points after NFKC normalisation (the same normalisation login applies, so a password
set on one keyboard matches when typed on another): at least `min_length` for an account without a second factor,
`min_length_with_mfa` with one, at most `max_length`. No composition rules, no forced rotation. Refused when it is
on the blocklist (common and breached passwords), contains the person's username, e-mail local part or name (parts
of `min_part` characters or more, case-insensitive), or is one of the person's last `history` passwords.
Reasons are codes: never the password, never a hint of it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from .ports import PasswordBlocklist


class Reason(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    COMMON = "common"
    CONTAINS_PERSONAL_INFO = "contains_personal_info"
    RECENTLY_USED = "recently_used"


_SEPARATORS = re.compile(r"[\W_]+")


def normalise(password: str) -> str:
    """NFKC: full-width, ligatures and composed accents become one form."""
    return unicodedata.normalize("NFKC", password)


@dataclass(frozen=True)
class Holder:
    """Who the password is for: what it must not contain."""

    username: str
    email: str = ""
    name: str = ""
    has_mfa: bool = False

    def parts(self, shortest: int) -> set[str]:
        local = self.email.partition("@")[0]
        found: set[str] = set()
        for whole in (self.username, local, self.name):
            text = normalise(whole).casefold().strip()
            for part in (text, *_SEPARATORS.split(text)):
                if len(part) >= shortest:
                    found.add(part)
        return found


@dataclass(frozen=True)
class PasswordPolicy:
    min_length: int = 15
    min_length_with_mfa: int = 8
    max_length: int = 128
    history: int = 5
    min_part: int = 4

    def __post_init__(self) -> None:
        if not 1 <= self.min_length_with_mfa <= self.min_length <= self.max_length or self.history < 0:
            raise ValueError("password lengths must satisfy 1 <= with MFA <= without MFA <= maximum")

    def minimum(self, has_mfa: bool) -> int:
        return self.min_length_with_mfa if has_mfa else self.min_length

    def problems(self, password: str, holder: Holder, blocklist: PasswordBlocklist) -> list[Reason]:
        """Why the password is refused for this person (empty when accepted), history aside (see `reused`)."""
        if len(password) > self.max_length * 4:
            return [Reason.TOO_LONG]  # not even normalised: NFKC of a huge string is work for nothing
        text = normalise(password)
        if len(text) > self.max_length:
            return [Reason.TOO_LONG]
        reasons: list[Reason] = []
        if len(text) < self.minimum(holder.has_mfa):
            reasons.append(Reason.TOO_SHORT)
        folded = text.casefold()
        if blocklist.contains(folded.strip()):
            reasons.append(Reason.COMMON)
        if any(part in folded for part in holder.parts(self.min_part)):
            reasons.append(Reason.CONTAINS_PERSONAL_INFO)
        return reasons

    def describe(self, blocklist_size: int) -> dict[str, object]:
        """The rules as a front end shows them (GET /api/security/password-policy)."""
        return {
            "min_length": self.min_length,
            "min_length_with_mfa": self.min_length_with_mfa,
            "max_length": self.max_length,
            "history": self.history,
            "blocklist_size": blocklist_size,
            "normalisation": "NFKC",
            "rules": [r.value for r in Reason],
        }


def reason_codes(reasons: Iterable[Reason]) -> list[str]:
    return [r.value for r in reasons]


PolicySource = Callable[[], PasswordPolicy]  # the policy in force now (run-time policies: domain.policies)


def current_of(policy: PasswordPolicy | PolicySource) -> PasswordPolicy:
    """The policy itself, or the one its source says is in force now."""
    return policy if isinstance(policy, PasswordPolicy) else policy()

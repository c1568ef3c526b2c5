"""Rules over account changes and staff access, pure: each takes facts (and, for mass access, when it last fired)
and returns the security events to raise."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ..model import NewSecurityEvent, Severity
from .facts import MfaChange, MfaChanged, PersonalDataExported, ProfilesRead, RecoveryCodeUsed, RoleChanged
from .policy import DetectionPolicy

SAMPLE = 20  # people's ids named in an event's facts at most (the full list is in the audit log)
CRITICAL_GRANTS = frozenset({"superuser", "platform_admin"})


def mfa_changed(fact: MfaChanged) -> NewSecurityEvent | None:
    """MFA turned off by the person, or reset by an admin: high (the second factor is gone until re-enrolled).
    Turning it on raises nothing."""
    if fact.change is MfaChange.ENABLED:
        return None
    self_service = fact.by == fact.user_id
    who = "the person" if self_service else ("an admin" if fact.by is not None else "someone")
    verb = "turned off" if fact.change is MfaChange.DISABLED else "reset"
    return NewSecurityEvent(
        f"mfa_{fact.change.value}",
        Severity.HIGH,
        "mfa_disabled_or_reset",
        fact.at,
        fact.user_id,
        f"Multi-factor authentication was {verb} by {who}.",
        {"change": fact.change.value, "by": fact.by, "self_service": self_service},
        fact.ip,
        fact.user_agent,
    )


def recovery_code_used(fact: RecoveryCodeUsed) -> NewSecurityEvent:
    """A sign-in with a recovery code instead of the authenticator: high (it bypasses the second factor); critical
    when it was the last code."""
    last = fact.remaining == 0
    return NewSecurityEvent(
        "recovery_code_used",
        Severity.CRITICAL if last else Severity.HIGH,
        "recovery_code_used",
        fact.at,
        fact.user_id,
        "A recovery code was used to sign in" + (": it was the last one." if last else "."),
        {"remaining": fact.remaining},
        fact.ip,
        fact.user_agent,
    )


def role_changed(fact: RoleChanged) -> NewSecurityEvent | None:
    """Any change of a person's roles, permissions, staff or superuser flag: high, critical when it grants superuser
    or platform_admin. Every change is reported: privilege changes are reviewed, routine or not."""
    granted, revoked = sorted(fact.granted), sorted(fact.revoked)
    if not granted and not revoked:
        return None
    critical = bool(CRITICAL_GRANTS & fact.granted)
    parts = [f"granted {', '.join(granted)}" if granted else "", f"revoked {', '.join(revoked)}" if revoked else ""]
    by = f"user {fact.by}" if fact.by is not None else "an unknown actor"
    return NewSecurityEvent(
        "role_changed",
        Severity.CRITICAL if critical else Severity.HIGH,
        "role_or_permission_change",
        fact.at,
        fact.user_id,
        f"Roles or permissions changed by {by} ({fact.via}): " + "; ".join(p for p in parts if p) + ".",
        {"granted": granted, "revoked": revoked, "by": fact.by, "via": fact.via},
        fact.ip,
    )


def personal_data_exported(fact: PersonalDataExported, policy: DetectionPolicy) -> NewSecurityEvent:
    """Personal data left the system in a file: medium for one person's data (a subject access request), high for
    more than `bulk_export_people` people. About the staff member who exported it."""
    bulk = fact.count > policy.bulk_export_people
    return NewSecurityEvent(
        "personal_data_export",
        Severity.HIGH if bulk else Severity.MEDIUM,
        "personal_data_export",
        fact.at,
        fact.actor_id,
        f"Personal data of {fact.count} {'people' if fact.count != 1 else 'person'} exported ({fact.what}).",
        {"count": fact.count, "what": fact.what, "user_ids": list(fact.user_ids[:SAMPLE])},
        fact.ip,
        fact.user_agent,
    )


@dataclass(frozen=True)
class MassAccess:
    events: list[NewSecurityEvent]
    last_fired: datetime | None  # keep it for the next evaluation of this staff member


def mass_access(
    actor_id: int,
    reads: Iterable[ProfilesRead],
    policy: DetectionPolicy,
    last_fired: datetime | None = None,
    fire_from: datetime | None = None,
) -> MassAccess:
    """A staff member read more than `mass_access_profiles` distinct people's data within `mass_access_window`
    (a read at t counts in the windows (t - window, t]): high, at the read that crossed the line. It fires again for
    the same person only once a whole window has passed since it last fired. `reads` are the person's, in time
    order, starting at least a window before `fire_from`; only reads at or after `fire_from` may fire (the evaluation
    is incremental: the earlier ones were evaluated last time)."""
    window, limit = policy.mass_access_window, policy.mass_access_profiles
    recent: deque[tuple[datetime, int]] = deque()
    counts: Counter[int] = Counter()
    events: list[NewSecurityEvent] = []
    for read in reads:
        if read.actor_id != actor_id:
            continue
        for uid in read.user_ids:
            if uid != actor_id:  # one's own data is not somebody else's
                recent.append((read.at, uid))
                counts[uid] += 1
        while recent and recent[0][0] <= read.at - window:
            _, gone = recent.popleft()
            counts[gone] -= 1
            if not counts[gone]:
                del counts[gone]
        if len(counts) <= limit or (fire_from is not None and read.at < fire_from):
            continue
        if last_fired is not None and read.at - last_fired < window:
            continue
        last_fired = read.at
        sample = sorted(counts)[:SAMPLE]
        events.append(
            NewSecurityEvent(
                "mass_profile_access",
                Severity.HIGH,
                "mass_access",
                read.at,
                actor_id,
                f"Read {len(counts)} people's data within {int(window.total_seconds() // 60)} minutes "
                f"(more than {limit}).",
                {
                    "profiles": len(counts),
                    "threshold": limit,
                    "window_seconds": int(window.total_seconds()),
                    "first_read": recent[0][0].isoformat(),
                    "user_ids": sample,
                },
            )
        )
    return MassAccess(events, last_fired)

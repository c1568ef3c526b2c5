"""The detection rules' thresholds and windows: one frozen value, built from settings in the composition root."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

MASS_ACCESS_PROFILES = 200  # the default of the MASS_ACCESS_PROFILES setting


@dataclass(frozen=True)
class DetectionPolicy:
    # a device or network seen at a successful login stays known this long after it was last seen; a person seen on
    # nothing within it is a new baseline (their next login alerts on nothing)
    known_for: timedelta = timedelta(days=90)
    # a new device or network within this long after a password reset or an MFA reset is high, not medium
    escalate_within: timedelta = timedelta(hours=24)
    # two logins from different regions (/16, IPv6 /32) at most this far apart: impossible travel
    travel_within: timedelta = timedelta(minutes=10)
    # a staff member reading more than this many distinct people's data within mass_access_window
    mass_access_profiles: int = MASS_ACCESS_PROFILES
    mass_access_window: timedelta = timedelta(minutes=10)
    # a personal-data export of more than this many people is high (one person's own export: medium)
    bulk_export_people: int = 1

    def __post_init__(self) -> None:
        if self.mass_access_profiles < 1 or self.bulk_export_people < 1:
            raise ValueError("detection thresholds must be positive")

"""Learner analytics' error codes, each with its HTTP status and what it means; `domain.shared.error_codes`
assembles every module's codes into the one catalogue (docs/errors.md)."""

from __future__ import annotations

CODES: dict[str, tuple[int, str]] = {
    "invalid_segment": (
        400,
        "`segment` (or `compare`) is DIMENSION:VALUE with a dimension of platform_role, support_priority, "
        "account_status, signup_month, enrolment_month or course.",
    ),
    "invalid_interval": (400, "`interval` is day, week or month (`period` of cohorts: week or month)."),
    "invalid_cohort": (400, "`by` is signup_month or first_enrolment_month."),
    "invalid_period": (400, "`n`, the period compared across segments, is 0 to 10."),
    "course_not_found": (404, "No course has that code."),
}

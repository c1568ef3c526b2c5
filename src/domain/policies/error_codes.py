"""Run-time policies' error codes, each with its HTTP status and what it means; `domain.shared.error_codes` assembles
every module's codes into the one catalogue (docs/errors.md)."""

from __future__ import annotations

CODES: dict[str, tuple[int, str]] = {
    "policy_group_not_found": (404, "No policy group has that name (see GET /api/policies/ for the groups)."),
    "invalid_policy": (400, "A policy value is refused: `details.problems` names each field and what it must be."),
    "policy_version_conflict": (
        409,
        "The group changed since you read it: read it again (GET /api/policies/) and send its current version.",
    ),
}

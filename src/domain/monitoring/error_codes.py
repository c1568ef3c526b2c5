"""Live monitoring's error codes, each with its HTTP status and what it means; `domain.shared.error_codes`
assembles every module's codes into the one catalogue (docs/errors.md)."""

from __future__ import annotations

CODES: dict[str, tuple[int, str]] = {
    "error_group_not_found": (
        404,
        "No such error group; a merged one names the group it joined in `details.merged_into`.",
    ),
    "invalid_group_status": (
        409,
        "A group is set unresolved, resolved or ignored; `regressed` is set when a resolved error returns.",
    ),
    "merge_into_itself": (400, "A group cannot be merged into itself."),
    "group_has_ticket": (409, "The error group has a linked ticket already; `details.ticket_id` names it."),
    "group_has_no_learner": (409, "No learner has hit this error: name the learner the ticket is for with `user_id`."),
    "invalid_assignee": (400, "The assignee must be an active staff member who may see error groups."),
    "invalid_sourcemap": (400, "A file is not a version 3 source map, or its name is not the minified file's name."),
    "sourcemap_too_large": (400, "A source map is over 10 MiB, or an upload has over 50 files."),
    "alert_not_found": (404, "No such alert."),
    "alert_resolved": (409, "The alert is resolved (30 minutes without a firing): a new firing opens a new alert."),
    "alert_rule_not_found": (404, "No such alert rule: `GET /api/monitoring/alert-rules/` lists them."),
}

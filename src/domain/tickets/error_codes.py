"""The support desk's error codes, each with its HTTP status and what it means; `domain.shared.error_codes`
assembles every module's codes into the one catalogue (docs/errors.md)."""

from __future__ import annotations

CODES: dict[str, tuple[int, str]] = {
    "ticket_not_found": (404, "No such ticket (or not one of yours)."),
    "invalid_ticket": (400, "A ticket needs a title (1-200) and a description (1-20,000 characters)."),
    "invalid_category": (400, "Unknown ticket category; `details.allowed` lists them."),
    "invalid_tags": (400, "Tags are short words; too many or too long."),
    "invalid_content": (400, "The update's text is empty or too long."),
    "invalid_update_type": (400, "Unknown kind of ticket update."),
    "invalid_rating": (400, "A satisfaction rating is 1 to 5."),
    "invalid_range": (400, "`from` must precede `to`, at most 366 days apart; `group_by` day, week or month."),
    "invalid_ticket_transition": (409, "The ticket cannot move to that status; `details.allowed` lists targets."),
    "stale_ticket": (409, "Someone changed the ticket since you read it: re-read it and send its `version`."),
    "ticket_closed": (409, "The ticket is closed."),
    "ticket_not_open": (409, "The ticket is no longer open for this."),
    "ticket_not_resolved": (409, "Only a resolved ticket can be rated."),
    "reason_required": (400, "This action needs a reason."),
    "user_required": (400, "A staff member opening a ticket names the learner it is for."),
    "not_an_agent": (400, "The assignee is not an agent of the desk."),
    "not_staff": (400, "Only active staff can be agents."),
    "agent_not_found": (404, "No such agent."),
    "team_not_found": (404, "No such team."),
}

"""Saved views' error codes, each with its HTTP status and what it means; `domain.shared.error_codes` assembles
every module's codes into the one catalogue (docs/errors.md)."""

from __future__ import annotations

CODES: dict[str, tuple[int, str]] = {
    "saved_view_not_found": (404, "No saved view of yours or your team's has that id."),
    "not_view_owner": (403, "Only the person who saved a view may change or delete it (your team shares this one)."),
    "saved_view_name_taken": (409, "You have a saved view of this screen by that name already (names ignore case)."),
    "too_many_saved_views": (409, "You keep 200 saved views already: delete one first."),
    "no_team": (409, "You are on no support team, so a view cannot be shared with one."),
    "invalid_view_name": (400, "A saved view's name is 1 to 80 characters, without control characters."),
    "invalid_view_params": (
        400,
        "A saved view's params: at most 30, names of letters, digits and _.-[], values of at most 500 characters "
        "without control characters, 4,000 characters in all (`details.problems` says which).",
    ),
}

"""Who may be a support agent."""

from __future__ import annotations

from .ports import Candidate


def refusal(candidate: Candidate | None, team_exists: bool) -> str | None:
    """Why the user may not be made an agent of the team, or None when they may: the team must exist, and
    agents are active staff (never learners, never a user that does not exist)."""
    if not team_exists:
        return "team_not_found"
    if candidate is None or not candidate.is_staff or not candidate.is_active:
        return "not_staff"
    return None

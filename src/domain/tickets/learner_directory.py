"""Learners as the support desk sees them, through the accounts module's service."""

from __future__ import annotations

from typing import Any

from domain.accounts.learning import EnrollmentStatus
from domain.accounts.service import AccountsService

from .ports import Learner


class AccountsLearnerDirectory:
    def __init__(self, accounts: AccountsService):
        self.accounts = accounts

    def learner(self, user_id: int) -> Learner | None:
        detail = self.accounts.context_of(user_id)
        if detail is None:
            return None
        s = detail.summary
        by_status = {status.value: 0 for status in EnrollmentStatus}
        for e in detail.enrollments:
            by_status[e.status.value] += 1
        snapshot: dict[str, Any] = {
            "account_status": s.account_status.value,
            "support_priority": s.support_priority.value,
            "last_activity": s.last_activity.isoformat() if s.last_activity else None,
            "recent_activity": [
                {"type": a.activity_type, "at": a.timestamp.isoformat(), "session_id": a.session_id}
                for a in detail.recent_activity[:20]
            ],
            "enrollments": {
                "count": s.enrollment_count,
                "completion_rate": s.completion_rate,
                "by_status": by_status,
                "recent": [
                    {"course": e.course_code, "status": e.status.value, "progress": e.progress}
                    for e in detail.enrollments[:10]
                ],
            },
            "security_events": [
                {"type": e.event_type, "severity": e.severity, "at": e.timestamp.isoformat(), "resolved": e.resolved}
                for e in detail.security_events[:10]
            ],
        }
        name = f"{s.first_name} {s.last_name}".strip() or s.username
        return Learner(user_id, s.email, name, s.support_priority.value, snapshot)

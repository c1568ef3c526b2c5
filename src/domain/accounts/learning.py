"""Courses and enrollments, fed by the platform's course system through ingestion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.shared.pagination import Cursor

COURSES_CURSOR = Cursor("courses", (str,))  # by code, A-Z


class EnrollmentStatus(StrEnum):
    ENROLLED = "enrolled"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DROPPED = "dropped"


class LearningEventKind(StrEnum):
    ENROLLED = "enrolled"
    PROGRESS = "progress"
    COMPLETED = "completed"
    DROPPED = "dropped"


@dataclass(frozen=True)
class Course:
    id: int
    code: str
    title: str


@dataclass
class Enrollment:
    user_id: int
    course_id: int
    status: EnrollmentStatus
    progress: int
    time_spent: int
    enrolled_at: datetime
    completed_at: datetime | None = None
    last_accessed_at: datetime | None = None
    is_new: bool = False
    id: int | None = None

    def apply(self, kind: LearningEventKind, at: datetime, progress: int | None, time_spent: int) -> None:
        """Move the enrollment on by one learning event. Events may arrive late: the latest
        access time wins, and a completed course stays completed unless dropped."""
        self.time_spent += time_spent
        if self.last_accessed_at is None or at > self.last_accessed_at:
            self.last_accessed_at = at
        if kind is LearningEventKind.ENROLLED:
            if self.status is EnrollmentStatus.DROPPED:
                self.status, self.completed_at = EnrollmentStatus.ENROLLED, None
        elif kind is LearningEventKind.PROGRESS:
            if progress is not None:
                self.progress = max(self.progress, progress) if self.status is EnrollmentStatus.COMPLETED else progress
            if self.status in (EnrollmentStatus.ENROLLED, EnrollmentStatus.DROPPED):
                self.status = EnrollmentStatus.IN_PROGRESS
        elif kind is LearningEventKind.COMPLETED:
            self.status, self.progress = EnrollmentStatus.COMPLETED, 100
            self.completed_at = self.completed_at or at
        elif kind is LearningEventKind.DROPPED:
            self.status, self.completed_at = EnrollmentStatus.DROPPED, None

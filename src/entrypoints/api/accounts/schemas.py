from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import SkipValidation

from domain.accounts.ingestion import CODE_RE, MAX_BATCH, MAX_DATA_BYTES, MAX_LENGTH, RANGE, TYPE_RE, Rejection
from domain.accounts.learning import EnrollmentStatus, LearningEventKind
from domain.accounts.matching import Match
from domain.accounts.model import AccountStatus, PlatformRole, Severity, SupportPriority
from domain.accounts.queries import ActivityEntry, ProfileDetail
from domain.accounts.search import ProfileFilter, ProfileSearch, SortOrder
from entrypoints.api.identity.schemas import EMAIL_PATTERN
from entrypoints.api.schemas import Flag, Moment, PageQuery, ReadModelOut


class ProfileFilters(Schema):
    """The filters of the learner search (`GET users/profiles/`); bulk operations take the same names."""

    q: str = Field("", max_length=200, description="partial, case-insensitive: username, email, first or last name")
    status: list[AccountStatus] = Field(default_factory=list, description="repeat for several")
    platform_role: PlatformRole | None = None
    support_priority: SupportPriority | None = None
    enrollment_status: EnrollmentStatus | None = None
    course: str | None = Field(None, max_length=50, description="course code; with or without enrollment_status")
    last_active_after: Moment | None = None
    last_active_before: Moment | None = None
    inactive_days: int | None = Field(None, ge=0, le=36500, description="no activity for this many days (or never)")
    risk_min: float | None = Field(None, ge=0, le=100)
    risk_max: float | None = Field(None, ge=0, le=100)
    completion_min: float | None = Field(None, ge=0, le=100)
    completion_max: float | None = Field(None, ge=0, le=100)
    joined_after: Moment | None = None
    joined_before: Moment | None = None
    sort: SortOrder | None = Field(
        None, description="a key, '-' first for descending; by default relevance with q, else -last_activity"
    )

    def search(self) -> ProfileSearch:
        filters = ProfileFilter(
            statuses=frozenset(self.status),
            platform_role=self.platform_role,
            support_priority=self.support_priority,
            enrollment_status=self.enrollment_status,
            course=self.course,
            last_active_after=self.last_active_after,
            last_active_before=self.last_active_before,
            risk_min=self.risk_min,
            risk_max=self.risk_max,
            completion_min=self.completion_min,
            completion_max=self.completion_max,
            joined_after=self.joined_after,
            joined_before=self.joined_before,
        )
        return ProfileSearch(self.q, filters, self.sort, self.inactive_days)


class ProfileSearchQuery(ProfileFilters, PageQuery):
    pass


class ProfileSummaryOut(ReadModelOut):
    id: int
    username: str
    email: str
    first_name: str
    last_name: str
    account_status: AccountStatus
    last_activity: datetime | None
    risk_score: float
    support_priority: SupportPriority
    platform_role: PlatformRole
    date_joined: datetime
    enrollment_count: int
    completion_rate: float
    match: Match | None = Field(
        None, description="How the person matched `q`: exact, prefix, fragment or typo (null without `q`)"
    )


class ProfilePageOut(ReadModelOut):
    items: list[ProfileSummaryOut]
    next_cursor: str | None
    total: int
    total_is_estimate: bool


class EnrollmentOut(ReadModelOut):
    course_id: int
    course: str
    course_title: str
    status: EnrollmentStatus
    progress: int
    time_spent: int
    enrolled_at: datetime
    completed_at: datetime | None
    last_accessed_at: datetime | None


class StatusHistoryOut(ReadModelOut):
    from_status: AccountStatus
    to_status: AccountStatus
    reason: str
    actor_id: int | None
    at: datetime


class ActivityOut(ReadModelOut):
    id: int
    activity_type: str
    description: str = Field(description="the activity in words, for a timeline")
    activity_data: dict[str, Any]
    ip_address: str | None
    user_agent: str
    timestamp: datetime
    session_id: str

    @staticmethod
    def of(a: ActivityEntry) -> ActivityOut:
        return ActivityOut(
            id=a.id,
            activity_type=a.activity_type,
            description=a.description,
            activity_data=dict(a.activity_data),
            ip_address=a.ip_address,
            user_agent=a.user_agent,
            timestamp=a.timestamp,
            session_id=a.session_id,
        )


class ProfileSecurityEventOut(ReadModelOut):
    """A security event as a profile lists it; the security screen's SecurityEventOut carries the whole record."""

    id: int
    event_type: str
    severity: Severity
    description: str
    ip_address: str | None
    timestamp: datetime
    resolved: bool


class UserProfileDetailOut(ProfileSummaryOut):
    status_reason: str
    total_learning_time: int
    data_consent_date: datetime | None
    marketing_consent: bool
    data_retention_date: datetime | None
    security_events: list[ProfileSecurityEventOut]
    recent_activity: list[ActivityOut]
    enrollments: list[EnrollmentOut]
    status_history: list[StatusHistoryOut]
    allowed_transitions: list[AccountStatus] = Field(
        description="the statuses the reader may move this account to (none without profiles.update; archived -> "
        "active only with profiles.restore); anything else answers 409 invalid_status_transition"
    )

    @staticmethod
    def of_detail(d: ProfileDetail) -> UserProfileDetailOut:
        return UserProfileDetailOut(
            **d.summary.__dict__,
            status_reason=d.status_reason,
            allowed_transitions=list(d.allowed_transitions),
            total_learning_time=d.total_learning_time,
            data_consent_date=d.data_consent_date,
            marketing_consent=d.marketing_consent,
            data_retention_date=d.data_retention_date,
            security_events=[ProfileSecurityEventOut(**s.__dict__) for s in d.security_events],
            recent_activity=[ActivityOut.of(a) for a in d.recent_activity],
            enrollments=[
                EnrollmentOut(
                    course_id=e.course_id,
                    course=e.course_code,
                    course_title=e.course_title,
                    status=e.status,
                    progress=e.progress,
                    time_spent=e.time_spent,
                    enrolled_at=e.enrolled_at,
                    completed_at=e.completed_at,
                    last_accessed_at=e.last_accessed_at,
                )
                for e in d.enrollments
            ],
            status_history=[StatusHistoryOut(**h.__dict__) for h in d.status_history],
        )


class ProfilePatchIn(Schema):
    account_status: AccountStatus | None = None
    status_reason: str = Field("", max_length=2000)
    support_priority: SupportPriority | None = None


class ProfileCreateIn(Schema):
    username: str = Field(min_length=3, max_length=150)
    email: str = Field(max_length=254, pattern=EMAIL_PATTERN)
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)
    account_status: AccountStatus = AccountStatus.ACTIVE
    platform_role: PlatformRole = PlatformRole.LEARNER
    support_priority: SupportPriority = SupportPriority.NORMAL
    marketing_consent: Flag = False
    data_consent_date: Moment | None = None


class ActivityQuery(PageQuery):
    type: list[str] = Field(default_factory=list, description="activity types; repeat for several")
    since: Moment | None = None
    until: Moment | None = None
    session_id: str | None = Field(None, max_length=255)


class ActivityPageOut(ReadModelOut):
    items: list[ActivityOut]
    next_cursor: str | None


class EventCommon(Schema):
    user_id: int = Field(ge=RANGE["user_id"][0], le=RANGE["user_id"][1])
    timestamp: datetime = Field(description="with a time zone; from 1970 up to a day ahead of the server's clock")
    event_id: str | None = Field(None, max_length=MAX_LENGTH["event_id"], description="a re-sent id is a no-op")
    session_id: str | None = Field(None, max_length=MAX_LENGTH["session_id"])
    ip_address: str | None = Field(None, max_length=MAX_LENGTH["ip_address"], description="IPv4 or IPv6")
    user_agent: str | None = Field(None, max_length=MAX_LENGTH["user_agent"])


class ActivityEventIn(EventCommon):
    kind: Literal["activity"]
    activity_type: str = Field(max_length=MAX_LENGTH["activity_type"], pattern=TYPE_RE.pattern)
    activity_data: dict[str, Any] = Field(
        default_factory=dict,
        description=f"at most {MAX_DATA_BYTES} bytes as JSON; for security.* types, severity and description",
    )


class LearningEventIn(EventCommon):
    kind: Literal["learning"]
    course: str = Field(max_length=MAX_LENGTH["course"], pattern=CODE_RE.pattern, description="a course code")
    course_title: str | None = Field(
        None, max_length=MAX_LENGTH["course_title"], description="needed the first time a course is named"
    )
    event: LearningEventKind
    progress: int | None = Field(None, ge=RANGE["progress"][0], le=RANGE["progress"][1], description="percent")
    time_spent: int | None = Field(None, ge=RANGE["time_spent"][0], le=RANGE["time_spent"][1], description="seconds")
    course_module: str | None = Field(
        None,
        max_length=MAX_LENGTH["course_module"],
        description="the module or step the event happened in (journeys find drop-off points from it)",
    )


# What an item is, for the OpenAPI document. The endpoint does not validate items against it: the domain checks
# each item on its own (domain.accounts.ingestion), so that one bad item is reported in `rejected` with its index
# while the rest of the batch is stored. The limits above are the domain's own.
EventItem = Annotated[ActivityEventIn | LearningEventIn, Field(discriminator="kind")]


class EventsIn(Schema):
    events: list[SkipValidation[EventItem]] = Field(
        min_length=1,
        max_length=MAX_BATCH,
        description="activity or learning items; each is checked on its own: one that does not fit is "
        "reported in `rejected` by its index, and the others are stored",
    )


class RejectedOut(ReadModelOut):
    index: int
    code: Rejection
    reason: str


class IngestOut(ReadModelOut):
    accepted: int
    duplicates: list[int]
    rejected: list[RejectedOut]

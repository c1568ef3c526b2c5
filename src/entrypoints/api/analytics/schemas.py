"""Learner analytics: query parameters and answers (numbers a front end can chart as they are)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal, cast

from ninja import Field, Schema

from domain.analytics.journeys import DropOff, Step
from domain.analytics.metrics import Engagement, Pattern, Point
from domain.analytics.ports import AtRiskLearner, HistoryPoint
from domain.analytics.risk import Band, Reason, RiskScore
from domain.analytics.service import Cohorts, Journeys, RiskView, SegmentFigures, TrendWeek
from entrypoints.api.schemas import PageQuery, ReadModelOut

SEGMENT_HELP = (
    "DIMENSION:VALUE, e.g. platform_role:learner, support_priority:high, account_status:active, "
    "signup_month:2026-03, enrolment_month:2026-03 or course:PYTH-100"
)
Segment = Field(None, max_length=80, description=SEGMENT_HELP)
Day = Field(None, description="a local day (ANALYTICS_TIMEZONE), YYYY-MM-DD")


class RangeQuery(Schema):
    from_: date | None = Field(None, alias="from", description="first local day (default: 29 days before `to`)")
    to: date | None = Field(None, description="last local day, inclusive (default: today)")


class EngagementQuery(RangeQuery):
    interval: Literal["day", "week", "month"] = "day"
    segment: str | None = Segment


class JourneyQuery(RangeQuery):
    course: str | None = Field(None, max_length=50, description="a course code; default: across courses")


class CohortQuery(RangeQuery):
    by: Literal["signup_month", "first_enrolment_month"] = "signup_month"
    period: Literal["week", "month"] = "month"
    segment: str | None = Segment
    compare: str | None = Field(None, max_length=80, description="a second segment to compare side by side")
    n: int = Field(1, ge=0, le=10, description="the period whose retention the comparison shows")


AccountStatus = Literal["pending", "active", "suspended", "disabled", "archived"]


class AtRiskQuery(PageQuery):
    course: str | None = Field(None, max_length=50, description="learners enrolled in this course (not finished)")
    band: Band | None = None
    status: list[AccountStatus] | None = Field(
        None, max_length=5, description="account statuses, repeatable (default: active only)"
    )


class LifecycleOut(ReadModelOut):
    new: int
    returning: int
    resurrecting: int
    dormant: int


class PointOut(ReadModelOut):
    start: date
    end: date
    active: int
    dau: float
    wau: int
    mau: int
    stickiness: float
    minutes: int
    minutes_per_active: float
    median_day_minutes: int | None
    p90_day_minutes: int | None
    lifecycle: LifecycleOut

    @staticmethod
    def of(p: Point) -> PointOut:
        return PointOut.model_validate(p)


class PatternOut(ReadModelOut):
    name: str
    description: str
    learners: int
    share: float

    @staticmethod
    def of(p: Pattern) -> PatternOut:
        return PatternOut.model_validate(p)


class EngagementOut(ReadModelOut):
    start: date
    end: date
    interval: str
    segment: str
    active: int = Field(description="distinct learners active in the range")
    dau: float = Field(description="average daily active learners")
    wau: int = Field(description="distinct learners over the 7 days ending on `end`")
    mau: int = Field(description="distinct learners over the 30 days ending on `end`")
    stickiness: float = Field(description="dau / mau")
    minutes: int
    median_day_minutes: int | None = Field(description="median minutes learned on a learner's active day")
    p90_day_minutes: int | None
    series: list[PointOut]
    heatmap: list[list[int]] = Field(description="[weekday, Monday first][local hour]: learners active, summed")
    patterns: list[PatternOut]
    today_by_hour: list[int] | None = Field(description="learners active in each local hour today (in range only)")

    @staticmethod
    def of(e: Engagement) -> EngagementOut:
        return EngagementOut.model_validate(e)


class StepOut(ReadModelOut):
    name: str
    learners: int
    conversion: float | None
    overall: float
    median_hours_from_previous: float | None

    @staticmethod
    def of(s: Step) -> StepOut:
        return StepOut.model_validate(s)


class DropOffOut(ReadModelOut):
    course: str
    module: str
    learners_lost: int
    share_of_course_stops: float

    @staticmethod
    def of(d: DropOff) -> DropOffOut:
        return DropOffOut.model_validate(d)


class JourneysOut(ReadModelOut):
    start: date
    end: date
    course: str | None
    funnel: list[StepOut]
    drop_offs: list[DropOffOut]

    @staticmethod
    def of(j: Journeys) -> JourneysOut:
        return JourneysOut(
            start=j.start,
            end=j.end,
            course=j.course,
            funnel=[StepOut.of(s) for s in j.funnel.steps],
            drop_offs=[DropOffOut.of(d) for d in j.drop_offs],
        )


class CohortRowOut(ReadModelOut):
    cohort: str
    size: int
    counts: list[int]
    shares: list[float]


class SegmentFiguresOut(ReadModelOut):
    segment: str
    active: int
    minutes: int
    minutes_per_active: float
    completers: int
    completion_share: float
    retention_at_n: float | None

    @staticmethod
    def of(f: SegmentFigures) -> SegmentFiguresOut:
        return SegmentFiguresOut.model_validate(f)


class CohortsOut(ReadModelOut):
    by: str
    period: str
    segment: str
    n: int
    rows: list[CohortRowOut]
    comparison: list[SegmentFiguresOut]

    @staticmethod
    def of(c: Cohorts) -> CohortsOut:
        return CohortsOut.model_validate(c)


class TrendWeekOut(ReadModelOut):
    week: date
    active_learners: int
    tickets: int
    by_category: dict[str, int]
    tickets_per_1000_active: float | None

    @staticmethod
    def of(t: TrendWeek) -> TrendWeekOut:
        return TrendWeekOut.model_validate(t)


class SupportTrendsOut(ReadModelOut):
    weeks: list[TrendWeekOut]


class ReasonOut(ReadModelOut):
    indicator: str
    contribution: float
    detail: str

    @staticmethod
    def of(r: Reason) -> ReasonOut:
        return ReasonOut.model_validate(r)


class RiskOut(ReadModelOut):
    user_id: int
    score: float = Field(description="0-100")
    band: Band
    reasons: list[ReasonOut]
    computed_at: datetime

    @staticmethod
    def of(s: RiskScore) -> RiskOut:
        return RiskOut(
            user_id=s.user_id,
            score=s.score,
            band=s.band,
            reasons=[ReasonOut.of(r) for r in s.reasons],
            computed_at=s.computed_at,
        )


class HistoryPointOut(ReadModelOut):
    at: datetime
    score: float
    band: Band

    @staticmethod
    def of(h: HistoryPoint) -> HistoryPointOut:
        return HistoryPointOut.model_validate(h)


class RiskDetailOut(RiskOut):
    history: list[HistoryPointOut] = Field(description="newest first; a point whenever the score moved")

    @staticmethod
    def of_view(v: RiskView) -> RiskDetailOut:
        base = RiskOut.of(v.score)
        return RiskDetailOut(**base.model_dump(), history=[HistoryPointOut.of(h) for h in v.history])


class AtRiskOut(RiskOut):
    username: str
    name: str = Field(description="first and last name; empty when the account has none")
    email: str
    account_status: AccountStatus

    @staticmethod
    def of_learner(a: AtRiskLearner) -> AtRiskOut:
        return AtRiskOut(
            **RiskOut.of(a.score).model_dump(),
            username=a.username,
            name=a.name,
            email=a.email,
            account_status=cast(AccountStatus, a.account_status),
        )


class AtRiskPageOut(ReadModelOut):
    items: list[AtRiskOut]
    next_cursor: str | None

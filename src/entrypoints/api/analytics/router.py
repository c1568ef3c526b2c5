"""Learner analytics endpoints (analytics.read; the at-risk list and a person's risk: analytics.risk)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from entrypoints.api.auth import principal
from entrypoints.api.schemas import errors
from entrypoints.bootstrap import container

from .schemas import (
    AtRiskOut,
    AtRiskPageOut,
    AtRiskQuery,
    CohortQuery,
    CohortsOut,
    EngagementOut,
    EngagementQuery,
    JourneyQuery,
    JourneysOut,
    RangeQuery,
    RiskDetailOut,
    SupportTrendsOut,
    TrendWeekOut,
)

router = Router(tags=["analytics"])
users_router = Router(tags=["analytics"])


@router.get(
    "/engagement",
    summary="Get engagement figures",
    response={200: EngagementOut, **errors(400, 401, 403, 404, 422)},
    by_alias=True,
)
def get_engagement(request: HttpRequest, f: Query[EngagementQuery]) -> EngagementOut:
    """Active learners, DAU/WAU/MAU and stickiness, minutes learned (total, median and p90 per learner-day), a series by
    `interval` (day, week or month), the weekday-by-hour heatmap, lifecycle counts and usage patterns, over `from`/`to`
    (the last 30 days by default, 366 at most). `segment=DIMENSION:VALUE` (e.g. `course:PYTH-100`,
    `platform_role:learner`) narrows everything to one segment. Needs `analytics.read`."""
    found = container().analytics.engagement(principal(request), f.from_, f.to, f.interval, f.segment)
    return EngagementOut.of(found)


@router.get(
    "/at-risk",
    summary="List learners at risk of dropping out",
    response={200: AtRiskPageOut, **errors(400, 401, 403, 404, 422)},
)
def list_at_risk(request: HttpRequest, f: Query[AtRiskQuery]) -> AtRiskPageOut:
    """Learners ordered by their dropout risk score, highest first, one cursor page (`limit`, `cursor`). Narrow with
    `course` (a course code; 404 when unknown), `band` (`low`, `medium`, `high`, `critical`) and `status` (account
    statuses, repeatable; active accounts only by default). Each item has the learner's username, name, e-mail and
    account status, the score, its band and the factors behind it. Needs `analytics.risk` (customer_success); the read
    is audited."""
    statuses = f.status or ["active"]
    page = container().analytics.at_risk(principal(request), f.course, f.band, f.page(), statuses)
    return AtRiskPageOut(items=[AtRiskOut.of_learner(s) for s in page.items], next_cursor=page.next_cursor)


@router.get(
    "/journeys",
    summary="Get the learner journey funnel",
    response={200: JourneysOut, **errors(400, 401, 403, 404, 422)},
)
def get_journeys(request: HttpRequest, f: Query[JourneyQuery]) -> JourneysOut:
    """The funnel signup, first login, first enrolment, 25/50/75% progress and completion for the learners who signed up
    from `from` to `to` (the last 30 days by default), each step with its learners, conversion from the step before and
    median hours from it; and the drop-off points per course (the module after which most learners stop). `course`
    narrows to one course (404 when unknown). Needs `analytics.read`."""
    return JourneysOut.of(container().analytics.journeys(principal(request), f.course, f.from_, f.to))


@router.get(
    "/cohorts",
    summary="Get the retention matrix of cohorts",
    response={200: CohortsOut, **errors(400, 401, 403, 404, 422)},
)
def get_cohorts(request: HttpRequest, f: Query[CohortQuery]) -> CohortsOut:
    """Learners grouped by signup month or first enrolment month (`by`), and the share of each cohort active in each
    following `period` (week or month), up to `n` periods. `segment=DIMENSION:VALUE` narrows to one segment and
    `compare` sets a second one beside it. `from`/`to` choose the cohorts (366 days at most). Needs `analytics.read`."""
    found = container().analytics.cohorts(principal(request), f.by, f.period, f.segment, f.compare, f.n, f.from_, f.to)
    return CohortsOut.of(found)


@router.get(
    "/support-trends",
    summary="Get weekly support trends",
    response={200: SupportTrendsOut, **errors(400, 401, 403, 422)},
)
def get_support_trends(request: HttpRequest, f: Query[RangeQuery]) -> SupportTrendsOut:
    """Per week from `from` to `to`: tickets opened and resolved, first response and resolution times, satisfaction, and
    the categories that grew. Needs `support.analytics`."""
    weeks = container().analytics.support_trends(principal(request), f.from_, f.to)
    return SupportTrendsOut(weeks=[TrendWeekOut.of(w) for w in weeks])


@users_router.get(
    "/profiles/{id:user_id}/risk",
    summary="Get a learner's dropout risk",
    response={200: RiskDetailOut, **errors(401, 403, 404)},
)
def get_profile_risk(request: HttpRequest, user_id: int) -> RiskDetailOut:
    """The learner's current dropout risk score, its band, the factors behind it and its history. Needs `analytics.risk`
    (customer_success); the read is audited."""
    return RiskDetailOut.of_view(container().analytics.risk_of(principal(request), user_id))

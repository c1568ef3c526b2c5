"""Learner analytics endpoints (analytics.read; the at-risk list and a person's risk: analytics.risk)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from entrypoints.api.auth import principal
from entrypoints.api.schemas import errors
from entrypoints.bootstrap import container

from .schemas import (
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
    RiskOut,
    SupportTrendsOut,
    TrendWeekOut,
)

router = Router(tags=["analytics"])
users_router = Router(tags=["analytics"])


@router.get("/engagement", response={200: EngagementOut, **errors(400, 401, 403, 404, 422)}, by_alias=True)
def get_engagement(request: HttpRequest, f: Query[EngagementQuery]) -> EngagementOut:
    found = container().analytics.engagement(principal(request), f.from_, f.to, f.interval, f.segment)
    return EngagementOut.of(found)


@router.get("/at-risk", response={200: AtRiskPageOut, **errors(400, 401, 403, 404, 422)})
def list_at_risk(request: HttpRequest, f: Query[AtRiskQuery]) -> AtRiskPageOut:
    page = container().analytics.at_risk(principal(request), f.course, f.band, f.page())
    return AtRiskPageOut(items=[RiskOut.of(s) for s in page.items], next_cursor=page.next_cursor)


@router.get("/journeys", response={200: JourneysOut, **errors(400, 401, 403, 404, 422)})
def get_journeys(request: HttpRequest, f: Query[JourneyQuery]) -> JourneysOut:
    return JourneysOut.of(container().analytics.journeys(principal(request), f.course, f.from_, f.to))


@router.get("/cohorts", response={200: CohortsOut, **errors(400, 401, 403, 404, 422)})
def get_cohorts(request: HttpRequest, f: Query[CohortQuery]) -> CohortsOut:
    found = container().analytics.cohorts(principal(request), f.by, f.period, f.segment, f.compare, f.n, f.from_, f.to)
    return CohortsOut.of(found)


@router.get("/support-trends", response={200: SupportTrendsOut, **errors(400, 401, 403, 422)})
def get_support_trends(request: HttpRequest, f: Query[RangeQuery]) -> SupportTrendsOut:
    weeks = container().analytics.support_trends(principal(request), f.from_, f.to)
    return SupportTrendsOut(weeks=[TrendWeekOut.of(w) for w in weeks])


@users_router.get("/profiles/{id:user_id}/risk", response={200: RiskDetailOut, **errors(401, 403, 404)})
def get_profile_risk(request: HttpRequest, user_id: int) -> RiskDetailOut:
    return RiskDetailOut.of_view(container().analytics.risk_of(principal(request), user_id))

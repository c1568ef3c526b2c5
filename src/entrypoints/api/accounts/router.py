from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from domain.accounts.ports import NewLearner
from domain.accounts.queries import ActivityFilter, SearchResult
from domain.accounts.service import ProfileUpdate
from entrypoints.api.auth import principal
from entrypoints.api.schemas import errors
from entrypoints.bootstrap import container

from .schemas import (
    ActivityOut,
    ActivityPageOut,
    ActivityQuery,
    EventsIn,
    IngestOut,
    ProfileCreateIn,
    ProfilePageOut,
    ProfilePatchIn,
    ProfileSearchQuery,
    RejectedOut,
    UserProfileDetailOut,
)

users_router = Router(tags=["users"])
activity_router = Router(tags=["activity"])


@users_router.get("/profiles/", response={200: ProfilePageOut, **errors(400, 401, 403, 422)})
def search_profiles(request: HttpRequest, f: Query[ProfileSearchQuery]) -> SearchResult:
    return container().accounts.search(principal(request), f.search(), f.page())  # validated by ProfilePageOut


@users_router.post("/profiles/", response={201: UserProfileDetailOut, **errors(400, 401, 403, 409, 422)})
def create_profile(request: HttpRequest, body: ProfileCreateIn) -> Status[UserProfileDetailOut]:
    new = NewLearner(
        username=body.username,
        email=body.email,
        first_name=body.first_name,
        last_name=body.last_name,
        account_status=body.account_status,
        platform_role=body.platform_role,
        support_priority=body.support_priority,
        marketing_consent=body.marketing_consent,
        data_consent_date=body.data_consent_date,
    )
    detail = container().accounts.create(principal(request), new)
    return Status(201, UserProfileDetailOut.of_detail(detail))


@users_router.get("/profiles/{id:user_id}/", response={200: UserProfileDetailOut, **errors(401, 403, 404)})
def get_profile(request: HttpRequest, user_id: int) -> UserProfileDetailOut:
    return UserProfileDetailOut.of_detail(container().accounts.detail(principal(request), user_id))


@users_router.patch(
    "/profiles/{id:user_id}/", response={200: UserProfileDetailOut, **errors(400, 401, 403, 404, 409, 422)}
)
def update_profile(request: HttpRequest, user_id: int, body: ProfilePatchIn) -> UserProfileDetailOut:
    change = ProfileUpdate(body.account_status, body.status_reason, body.support_priority)
    return UserProfileDetailOut.of_detail(container().accounts.update(principal(request), user_id, change))


@users_router.get("/activity/{id:user_id}/", response={200: ActivityPageOut, **errors(400, 401, 403, 404, 422)})
def list_user_activity(request: HttpRequest, user_id: int, f: Query[ActivityQuery]) -> ActivityPageOut:
    flt = ActivityFilter(types=frozenset(f.type), since=f.since, until=f.until, session_id=f.session_id)
    page = container().accounts.activity(principal(request), user_id, flt, f.page())
    return ActivityPageOut(items=[ActivityOut.of(a) for a in page.items], next_cursor=page.next_cursor)


@activity_router.post("/events", response={200: IngestOut, **errors(400, 401, 403, 413, 422)})
def ingest_events(request: HttpRequest, body: EventsIn) -> IngestOut:
    result = container().ingestion.ingest(principal(request), body.events)
    return IngestOut(
        accepted=result.accepted,
        duplicates=list(result.duplicates),
        rejected=[RejectedOut(index=r.index, code=r.code, reason=r.reason) for r in result.rejected],
    )

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


@users_router.get(
    "/profiles/", summary="Search learner profiles", response={200: ProfilePageOut, **errors(400, 401, 403, 422)}
)
def search_profiles(request: HttpRequest, f: Query[ProfileSearchQuery]) -> SearchResult:
    """Learners matching `q` (name, username or e-mail, typo-tolerant) and the filters (status, role, priority,
    enrolment, course, activity, risk, completion, signup dates), one cursor page sorted by `sort`, with `total` (an
    estimate past 10,000 matches: `total_is_estimate`). Needs `profiles.search`."""
    return container().accounts.search(principal(request), f.search(), f.page())  # validated by ProfilePageOut


@users_router.post(
    "/profiles/", summary="Create a learner", response={201: UserProfileDetailOut, **errors(400, 401, 403, 409, 422)}
)
def create_profile(request: HttpRequest, body: ProfileCreateIn) -> Status[UserProfileDetailOut]:
    """A learner or instructor account with its profile; they receive an invitation e-mail to choose a password. 409
    `username_taken` or `email_taken`. Needs `profiles.create`; audited."""
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


@users_router.get(
    "/profiles/{id:user_id}/",
    summary="Get a learner's profile",
    response={200: UserProfileDetailOut, **errors(401, 403, 404)},
)
def get_profile(request: HttpRequest, user_id: int) -> UserProfileDetailOut:
    """A learner's profile: account status with its reason, role, support priority, enrolments with progress, learning
    time, risk score, consents and last activity. Needs `profiles.read`; the read is audited."""
    return UserProfileDetailOut.of_detail(container().accounts.detail(principal(request), user_id))


@users_router.patch(
    "/profiles/{id:user_id}/",
    summary="Update a learner's profile",
    response={200: UserProfileDetailOut, **errors(400, 401, 403, 404, 409, 422)},
)
def update_profile(request: HttpRequest, user_id: int, body: ProfilePatchIn) -> UserProfileDetailOut:
    """Change status (with `status_reason`; the status machine decides the allowed moves, 409
    `invalid_status_transition`), support priority, role or names. Needs `profiles.update` (restoring an archived
    account `profiles.restore`); audited and published on `users` and `user-<id>`."""
    change = ProfileUpdate(body.account_status, body.status_reason, body.support_priority)
    return UserProfileDetailOut.of_detail(container().accounts.update(principal(request), user_id, change))


@users_router.get(
    "/activity/{id:user_id}/",
    summary="List a learner's activity",
    response={200: ActivityPageOut, **errors(400, 401, 403, 404, 422)},
)
def list_user_activity(request: HttpRequest, user_id: int, f: Query[ActivityQuery]) -> ActivityPageOut:
    """A learner's activity log, newest first, one cursor page; filter by `type`, `since`/`until` and `session_id`.
    Needs `activity.read`; the read is audited."""
    flt = ActivityFilter(types=frozenset(f.type), since=f.since, until=f.until, session_id=f.session_id)
    page = container().accounts.activity(principal(request), user_id, flt, f.page())
    return ActivityPageOut(items=[ActivityOut.of(a) for a in page.items], next_cursor=page.next_cursor)


@activity_router.post(
    "/events", summary="Ingest learner activity events", response={200: IngestOut, **errors(400, 401, 403, 413, 422)}
)
def ingest_events(request: HttpRequest, body: EventsIn) -> IngestOut:
    """Push learner activity from the learning platform in batches (service accounts, `activity.ingest`). Each item
    names the learner, the activity type, its time and data; learning events (`course.enrolled`, `course.progress`,
    `course.completed`, `course.dropped`) feed the analytics rollups. The answer counts the accepted items and lists the
    positions of duplicates (already received) and of refused items with the reason of each. 413 when the batch is too
    large."""
    result = container().ingestion.ingest(principal(request), body.events)
    return IngestOut(
        accepted=result.accepted,
        duplicates=list(result.duplicates),
        rejected=[RejectedOut(index=r.index, code=r.code, reason=r.reason) for r in result.rejected],
    )

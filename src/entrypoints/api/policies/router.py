"""Run-time policies: platform admins change the password policy and the staff network allowlists without a
redeploy; every web and worker process applies a change within POLICIES_MAX_AGE_SECONDS."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from entrypoints.api.auth import principal
from entrypoints.api.schemas import errors
from entrypoints.bootstrap import container
from entrypoints.modules import POLICIES

from .schemas import PolicyGroup, PolicyIn, PolicyListOut, PolicyOut

router = Router(tags=["policies"])


class VersionQuery(Schema):
    version: int = Field(ge=0, le=2**31, description="the group's version as you read it")


@router.get("/", response={200: PolicyListOut, **errors(401, 403)}, summary="List the run-time policies")
def list_policies(request: HttpRequest) -> PolicyListOut:
    """Every policy group: the values in force, the environment's defaults, whether they are overridden, the
    version to send back when changing it and who changed it last. Platform admins (`policies.manage`)."""
    views = container()[POLICIES].service.overview(principal(request))
    return PolicyListOut(items=[PolicyOut.of(v) for v in views])


@router.put(
    "/{group}", response={200: PolicyOut, **errors(400, 401, 403, 404, 409, 422)}, summary="Change a run-time policy"
)
def change_policy(request: HttpRequest, group: PolicyGroup, body: PolicyIn) -> PolicyOut:
    """Replace a group's values (send every field) with the version you read. Audited with the values before and
    after, raised as a `policy_changed` security event (high when it weakens security: shorter passwords, less
    history, wider networks). 400 `invalid_policy` with `details.problems` per field; 409
    `policy_version_conflict` when someone changed it since you read it. Careful with `network`: a list that
    leaves out your own address locks you out on your next request."""
    view = container()[POLICIES].service.change(principal(request), group.value, body.values, body.version)
    return PolicyOut.of(view)


@router.delete(
    "/{group}", response={200: PolicyOut, **errors(400, 401, 403, 404, 409, 422)}, summary="Reset a run-time policy"
)
def reset_policy(request: HttpRequest, group: PolicyGroup, q: Query[VersionQuery]) -> PolicyOut:
    """Back to the environment's defaults (`?version=` as you read it), audited and raised like a change; 409
    `policy_version_conflict` on a stale version."""
    view = container()[POLICIES].service.reset(principal(request), group.value, q.version)
    return PolicyOut.of(view)

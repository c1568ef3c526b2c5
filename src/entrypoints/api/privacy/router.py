"""Privacy and compliance: consents (staff and the learner's own), privacy requests (export, erasure) with their
review, cool-off and download, legal holds, and compliance reports. Only `getMyConsents` is learner-facing: an
impersonation token reaches nothing else here (a learner's own request or consent change is theirs alone)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from ninja import Query, Router, Status

from domain.bulk.exporting import safe_row
from domain.privacy.model import RequestKind
from domain.privacy.reports import COLUMNS, ReportFilter, ReportName
from entrypoints.api.auth import LEARNER_FACING, principal
from entrypoints.api.schemas import PageQuery, errors
from entrypoints.bootstrap import container

from .schemas import (
    ConsentsIn,
    ConsentsOut,
    DecisionIn,
    LegalHoldIn,
    LegalHoldOut,
    LegalHoldPageOut,
    LegalHoldQuery,
    PrivacyRequestIn,
    PrivacyRequestOut,
    PrivacyRequestPageOut,
    PrivacyRequestQuery,
    ReportOut,
    ReportQuery,
    RetentionDryRunOut,
    RetentionRunOut,
    StaffConsentsIn,
)

consents_router = Router(tags=["privacy"])  # under /api/users
me_router = Router(tags=["privacy"])  # under /api/me
router = Router(tags=["privacy"])  # under /api/privacy
reports_router = Router(tags=["compliance"])  # under /api/compliance
ONE = "/requests/{id:request_id}"


def _file(content_type: str, what: str) -> dict[str, Any]:
    return {"responses": {200: {"description": what, "content": {content_type: {"schema": {"type": "string"}}}}}}


@consents_router.get(
    "/profiles/{id:user_id}/consents",
    summary="Get a person's consents",
    response={200: ConsentsOut, **errors(400, 401, 403, 404, 422)},
)
def get_user_consents(request: HttpRequest, user_id: int, f: Query[PageQuery]) -> ConsentsOut:
    """A person's consents: each type's current state, and the history of every grant and withdrawal."""
    return ConsentsOut.of(container().privacy.consents.of(principal(request), user_id, f.page()))


@consents_router.post(
    "/profiles/{id:user_id}/consents",
    summary="Record a person's consent change",
    response={200: ConsentsOut, **errors(400, 401, 403, 404, 422)},
)
def record_user_consents(request: HttpRequest, user_id: int, body: StaffConsentsIn) -> ConsentsOut:
    """Record a change of a person's consents on their word (a signed form, a call), with a reason (`privacy.request`:
    support_admin, compliance_officer, platform_admin; not support agents)."""
    view = container().privacy.consents.record(principal(request), user_id, body.mapping(), body.reason)
    return ConsentsOut.of(view)


@me_router.get(
    "/consents",
    summary="Get my consents",
    auth=LEARNER_FACING,
    response={200: ConsentsOut, **errors(400, 401, 403, 404, 422)},
)
def get_my_consents(request: HttpRequest, f: Query[PageQuery]) -> ConsentsOut:
    """The caller's own consents: each consent type's current state (granted or not, the version agreed to) and the
    history of every grant and withdrawal, one cursor page. For any signed-in person."""
    return ConsentsOut.of(container().privacy.consents.mine(principal(request), f.page()))


@me_router.put(
    "/consents", summary="Update my consents", response={200: ConsentsOut, **errors(400, 401, 403, 404, 422)}
)
def update_my_consents(request: HttpRequest, body: ConsentsIn) -> ConsentsOut:
    """Give or withdraw your own consents. Withdrawing session_recording deletes your stored recordings."""
    return ConsentsOut.of(container().privacy.consents.change_mine(principal(request), body.mapping()))


@router.post(
    "/requests",
    summary="Create a privacy request",
    response={201: PrivacyRequestOut, **errors(400, 401, 403, 404, 409, 422)},
)
def create_privacy_request(request: HttpRequest, response: HttpResponse, body: PrivacyRequestIn) -> Any:
    """An export (built in the background) or an erasure (reviewed by a compliance officer), for yourself or, with
    privacy.request, on a learner's behalf."""
    found = container().privacy.requests.create(principal(request), RequestKind(body.type), body.user_id, body.reason)
    response["Location"] = f"/api/privacy/requests/{found.request.id}"
    return Status(201, PrivacyRequestOut.of(found))


@router.get(
    "/requests", summary="List privacy requests", response={200: PrivacyRequestPageOut, **errors(400, 401, 403, 422)}
)
def list_privacy_requests(request: HttpRequest, f: Query[PrivacyRequestQuery]) -> PrivacyRequestPageOut:
    """Export and erasure requests, newest first. Staff with `privacy.request` see anyone's (filter by `user_id`);
    everyone else, a learner included, sees their own (another `user_id`: 403). Audited."""
    page = container().privacy.requests.search(principal(request), f.stage, f.user_id, f.page())
    return PrivacyRequestPageOut(items=[PrivacyRequestOut.of(v) for v in page.items], next_cursor=page.next_cursor)


@router.get(ONE, summary="Get one privacy request", response={200: PrivacyRequestOut, **errors(401, 403, 404)})
def get_privacy_request(request: HttpRequest, request_id: int) -> PrivacyRequestOut:
    """One export or erasure request with its stage, who asked, the decision, the cool-off end and (for an export)
    whether its file can be downloaded. Needs `privacy.request`; audited."""
    return PrivacyRequestOut.of(container().privacy.requests.get(principal(request), request_id))


@router.post(
    ONE + "/approve",
    summary="Approve an erasure request",
    response={200: PrivacyRequestOut, **errors(400, 401, 403, 404, 409, 422)},
)
def approve_privacy_request(request: HttpRequest, request_id: int, body: DecisionIn) -> PrivacyRequestOut:
    """A compliance officer approves an erasure: the cool-off (PRIVACY_ERASURE_COOLOFF_DAYS) starts."""
    return PrivacyRequestOut.of(container().privacy.requests.decide(principal(request), request_id, True, body.reason))


@router.post(
    ONE + "/reject",
    summary="Reject an erasure request",
    response={200: PrivacyRequestOut, **errors(400, 401, 403, 404, 409, 422)},
)
def reject_privacy_request(request: HttpRequest, request_id: int, body: DecisionIn) -> PrivacyRequestOut:
    """A compliance officer refuses an erasure, with the reason (told to the person). 409 when the request is no longer
    awaiting a decision. Needs `privacy.decide`; audited and published on the `privacy` channel."""
    return PrivacyRequestOut.of(container().privacy.requests.decide(principal(request), request_id, False, body.reason))


@router.post(
    ONE + "/cancel", summary="Cancel a privacy request", response={200: PrivacyRequestOut, **errors(401, 403, 404, 409)}
)
def cancel_privacy_request(request: HttpRequest, request_id: int) -> PrivacyRequestOut:
    """The learner or staff, until the cool-off ends (409 once the erasure ran)."""
    return PrivacyRequestOut.of(container().privacy.requests.cancel(principal(request), request_id))


@router.get(
    ONE + "/download",
    summary="Download a privacy export",
    response=errors(401, 403, 404, 409),
    openapi_extra=_file("application/zip", "the export: one JSON file per area and index.html"),
)
def download_privacy_export(request: HttpRequest, request_id: int) -> StreamingHttpResponse:
    """The export while its link lasts (PRIVACY_EXPORT_TTL_DAYS). Audited, and raised as a security event."""
    found = container().privacy.requests.download(principal(request), request_id)
    answer = StreamingHttpResponse(found.chunks, content_type="application/zip")
    answer["Content-Disposition"] = f'attachment; filename="{found.file_name}"'
    return answer


@router.post("/holds", summary="Place a legal hold", response={201: LegalHoldOut, **errors(400, 401, 403, 404, 422)})
def place_legal_hold(request: HttpRequest, body: LegalHoldIn) -> Any:
    """Keep a person's data (no erasure, no retention purge) until `ends_at` or until released."""
    c = container()
    hold = c.privacy.holds.place(principal(request), body.user_id, body.reason, body.ends_at)
    return Status(201, LegalHoldOut.of(hold, c.clock.now()))


@router.get("/holds", summary="List legal holds", response={200: LegalHoldPageOut, **errors(400, 401, 403, 422)})
def list_legal_holds(request: HttpRequest, f: Query[LegalHoldQuery]) -> LegalHoldPageOut:
    """Legal holds (data kept from erasure and retention purges), newest first, one cursor page; `user_id` narrows to
    one person. Needs `privacy.request`."""
    c = container()
    page = c.privacy.holds.search(principal(request), f.user_id, f.page())
    now = c.clock.now()
    return LegalHoldPageOut(items=[LegalHoldOut.of(h, now) for h in page.items], next_cursor=page.next_cursor)


@router.post(
    "/holds/{id:hold_id}/release",
    summary="Release a legal hold",
    response={200: LegalHoldOut, **errors(401, 403, 404, 409)},
)
def release_legal_hold(request: HttpRequest, hold_id: int) -> LegalHoldOut:
    """End a legal hold before its `ends_at`: the person's data is again subject to erasure and retention. 409 when it
    was released already. Needs `privacy.decide` (compliance_officer); audited."""
    c = container()
    return LegalHoldOut.of(c.privacy.holds.release(principal(request), hold_id), c.clock.now())


@reports_router.get(
    "/reports/{name}",
    summary="Get a compliance report",
    response={200: ReportOut, **errors(400, 401, 403, 422)},
    openapi_extra=_file("text/csv", "with format=csv: the whole report"),
)
def get_compliance_report(request: HttpRequest, name: ReportName, f: Query[ReportQuery]) -> Any:
    """A report as JSON pages, or with `format=csv` the whole of it as a streamed CSV. Each read is audited.
    `data-access` and `admin-actions` name the actor and the person (and their e-mail) beside their ids;
    a person's `data-access` includes reads of their tickets and bulk changes made to them (docs/compliance.md)."""
    reports = container().privacy.reports
    flt = ReportFilter(f.actor_id, f.person_id, f.action, f.since, f.until)
    if f.format == "json":
        return ReportOut.of(reports.page(principal(request), name, flt, f.page()))
    rows = reports.download(principal(request), name, flt)

    def lines() -> Iterator[str]:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(COLUMNS[name])
        for row in rows:
            writer.writerow(safe_row(["" if c is None else c for c in row]))
            yield out.getvalue()
            out.seek(0)
            out.truncate()
        yield out.getvalue()

    answer = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    answer["Content-Disposition"] = f'attachment; filename="compliance-{name.value}.csv"'
    return answer


@reports_router.post(
    "/retention/dry-run",
    summary="Dry-run the retention policies",
    response={200: RetentionDryRunOut, **errors(401, 403)},
)
def dry_run_retention(request: HttpRequest) -> RetentionDryRunOut:
    """Per data class, how many rows a retention run would remove now (people under a legal hold left out); nothing
    is removed. The dry run joins the history (the `retention` report). Needs `compliance.reports`; audited."""
    report = container().privacy.retention.dry_run(principal(request))
    return RetentionDryRunOut(
        runs=[
            RetentionRunOut(
                data_class=r.data_class.value,
                dry_run=r.dry_run,
                rows=r.rows,
                cutoff=r.cutoff,
                started_at=r.started_at,
                duration_ms=r.duration_ms,
            )
            for r in report.runs
        ]
    )

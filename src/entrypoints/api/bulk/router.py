"""/api/users/bulk-operations/: start (JSON, or multipart for imports), list, read, row errors, cancel, approve,
and an export's download. The work runs in the background (202 + Location); progress is on SSE `bulk-<id>`."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import Query, Router, Status
from ninja.errors import ValidationError
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticError

from domain.bulk.exporting import safe_row
from domain.bulk.model import OperationType
from domain.bulk.ports import OperationFilter
from domain.bulk.service import StartRequest
from entrypoints.api.auth import principal
from entrypoints.api.errors import error_response
from entrypoints.api.parsing import StrictParser
from entrypoints.api.schemas import PageQuery, errors
from entrypoints.bootstrap import container

from .schemas import (
    BulkOperationIn,
    BulkOperationOut,
    BulkOperationPageOut,
    BulkOperationQuery,
    ImportParamsIn,
    RowChangeOut,
    RowChangePageOut,
    RowErrorOut,
    RowErrorPageOut,
    domain_params,
)

router = Router(tags=["bulk"])
BODY: TypeAdapter[Any] = TypeAdapter(BulkOperationIn)
ONE = "/{id:operation_id}/"
START_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/BulkOperationIn"}},
            "multipart/form-data": {"schema": {"$ref": "#/components/schemas/ImportForm"}},
        },
    }
}


@dataclass(frozen=True)
class Upload:
    name: str
    size: int
    chunks: Callable[[], Iterator[bytes]]


def _file(content_type: str, what: str) -> dict[str, Any]:
    return {"responses": {200: {"description": what, "content": {content_type: {"schema": {"type": "string"}}}}}}


def _invalid(errors_: list[Any], where: str) -> ValidationError:
    return ValidationError([{**e, "loc": (where, *e.get("loc", ()))} for e in errors_])


def _too_large() -> HttpResponse:
    limit = settings.BULK_MAX_UPLOAD_MB
    return error_response(413, "bulk_file_too_large", f"The file is larger than {limit:g} MB.", {"max_mb": limit})


def _start_request(request: HttpRequest) -> StartRequest | HttpResponse:
    content_type = request.content_type or ""
    max_bytes = int(settings.BULK_MAX_UPLOAD_MB * 1024 * 1024)
    if content_type == "multipart/form-data":
        if int(request.META.get("CONTENT_LENGTH") or 0) > max_bytes + 64 * 1024:
            return _too_large()  # refused before the body is read
        try:
            upload = request.FILES.get("file")
        except MultiPartParserError:  # no boundary, or one that is not ASCII
            return error_response(400, "bad_request", "The multipart body cannot be read: check its boundary.")
        if upload is not None and (upload.size or 0) > max_bytes:
            return _too_large()
        if request.POST.get("operation_type") != OperationType.IMPORT_USERS.value:
            raise _invalid(
                [{"loc": ("operation_type",), "msg": "multipart is for import_users", "type": "value"}], "form"
            )
        if upload is None:
            raise _invalid([{"loc": ("file",), "msg": "a CSV or XLSX file is required", "type": "missing"}], "form")
        dry = request.POST.get("dry_run", "false")  # left out: false; anything unclear is refused, never read as false
        if dry not in ("true", "false"):
            raise _invalid([{"loc": ("dry_run",), "msg": "true or false", "type": "bool_parsing"}], "form")
        try:
            params = ImportParamsIn.model_validate_json(request.POST.get("parameters") or "{}")
        except PydanticError as exc:
            raise _invalid(exc.errors(include_url=False), "parameters") from exc
        file = Upload(upload.name or "upload", upload.size or 0, upload.chunks)
        return StartRequest(OperationType.IMPORT_USERS, dry == "true", mode=params.mode, upload=file)
    if content_type != "application/json":
        return error_response(415, "unsupported_media_type", "Send application/json, or multipart/form-data to import.")
    try:
        body = BODY.validate_python(StrictParser().parse_body(request))
    except PydanticError as exc:
        raise _invalid(exc.errors(include_url=False), "body") from exc
    except ValueError as exc:
        raise _invalid([{"loc": (), "msg": "not JSON", "type": "json_invalid"}], "body") from exc
    return StartRequest(OperationType(body.operation_type), body.dry_run, domain_params(body))


@router.post(
    "/",
    summary="Start a bulk operation",
    response={202: BulkOperationOut, **errors(400, 401, 403, 409, 413, 415, 422)},
    openapi_extra=START_BODY,
)
def start_bulk_operation(request: HttpRequest, response: HttpResponse) -> Any:
    """Start an operation: `update_status`, `update_fields`, `notify` or `export` as JSON, `import_users` as
    multipart with a file. Over BULK_APPROVAL_THRESHOLD people it waits for a second admin's approval."""
    start = _start_request(request)
    if isinstance(start, HttpResponse):
        return start
    c = container()
    op = c.bulk.start(principal(request), start)
    response["Location"] = f"/api/users/bulk-operations/{op.id}/"
    return Status(202, BulkOperationOut.of(op, c.clock.now()))


@router.get("/", summary="List bulk operations", response={200: BulkOperationPageOut, **errors(400, 401, 403, 422)})
def list_bulk_operations(request: HttpRequest, f: Query[BulkOperationQuery]) -> BulkOperationPageOut:
    """Bulk operations, newest first, one cursor page; filter by `type`, `status`, `created_by` and `since`. Each with
    its counters and progress. Needs `bulk.run`."""
    c = container()
    flt = OperationFilter(f.type, f.status, f.created_by, f.since)
    page = c.bulk.search(principal(request), flt, f.page())
    now = c.clock.now()
    return BulkOperationPageOut(items=[BulkOperationOut.of(o, now) for o in page.items], next_cursor=page.next_cursor)


@router.get(ONE, summary="Get one bulk operation", response={200: BulkOperationOut, **errors(401, 403, 404)})
def get_bulk_operation(request: HttpRequest, operation_id: int) -> BulkOperationOut:
    """An operation's status, counters (processed, succeeded, failed, skipped), `rate_per_s` and `eta_s`, its parameters
    and who started and approved it. Live progress comes on the `bulk-<id>` event channel. Needs `bulk.run`."""
    c = container()
    return BulkOperationOut.of(c.bulk.get(principal(request), operation_id), c.clock.now())


@router.get(
    ONE + "errors",
    summary="List a bulk operation's row errors",
    response={200: RowErrorPageOut, **errors(400, 401, 403, 404, 422)},
)
def list_bulk_operation_errors(request: HttpRequest, operation_id: int, f: Query[PageQuery]) -> RowErrorPageOut:
    """The rows (or people) that could not be done, in order, one cursor page: row number or user id, field, code and
    message. Needs `bulk.run`."""
    page = container().bulk.errors(principal(request), operation_id, f.page())
    return RowErrorPageOut(items=[RowErrorOut.of(e) for e in page.items], next_cursor=page.next_cursor)


@router.get(
    ONE + "changes",
    summary="List what a bulk dry run would change per person",
    response={200: RowChangePageOut, **errors(400, 401, 403, 404, 422)},
)
def list_bulk_operation_changes(request: HttpRequest, operation_id: int, f: Query[PageQuery]) -> RowChangePageOut:
    """A dry run of update_status, update_fields or an import (update_only, upsert): each person it would change, in
    order, one cursor page, with each changed field's value before and after. The first 1,000 such people are kept
    (the operation's `changed_rows` counts them all). Needs `bulk.run`; each person listed is audited as read."""
    page = container().bulk.changes(principal(request), operation_id, f.page())
    return RowChangePageOut(items=[RowChangeOut.of(c) for c in page.items], next_cursor=page.next_cursor)


@router.get(
    ONE + "errors.csv",
    summary="Download a bulk operation's row errors as CSV",
    response=errors(401, 403, 404),
    openapi_extra=_file("text/csv", "the row errors"),
)
def download_bulk_operation_errors(request: HttpRequest, operation_id: int) -> StreamingHttpResponse:
    """Every row error of the operation as a CSV file (row, user id, field, code, message). Needs `bulk.run`."""
    found = container().bulk.all_errors(principal(request), operation_id)

    def lines() -> Iterator[str]:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["row", "user_id", "field", "code", "message"])
        for e in found:
            writer.writerow(
                safe_row(
                    [
                        "" if e.row is None else e.row,
                        "" if e.user_id is None else e.user_id,
                        e.field,
                        e.code.value,
                        e.message,
                    ]
                )
            )
            yield out.getvalue()
            out.seek(0)
            out.truncate()
        yield out.getvalue()

    answer = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    answer["Content-Disposition"] = f'attachment; filename="bulk-{operation_id}-errors.csv"'
    return answer


@router.post(
    ONE + "cancel", summary="Cancel a bulk operation", response={200: BulkOperationOut, **errors(401, 403, 404, 409)}
)
def cancel_bulk_operation(request: HttpRequest, operation_id: int) -> BulkOperationOut:
    """Stop an operation: batches already committed stay, the rest is not done. 409 `bulk_operation_finished` when it
    has ended. Audited."""
    c = container()
    return BulkOperationOut.of(c.bulk.cancel(principal(request), operation_id), c.clock.now())


@router.post(
    ONE + "approve", summary="Approve a bulk operation", response={200: BulkOperationOut, **errors(401, 403, 404, 409)}
)
def approve_bulk_operation(request: HttpRequest, operation_id: int) -> BulkOperationOut:
    """A second admin approves an operation that waits for approval (more people than BULK_APPROVAL_THRESHOLD); it
    starts then. The requester cannot approve their own (403 `second_admin_required`); 409 `not_awaiting_approval`
    otherwise. Audited."""
    c = container()
    return BulkOperationOut.of(c.bulk.approve(principal(request), operation_id), c.clock.now())


@router.get(
    ONE + "download",
    summary="Download a bulk export",
    response=errors(401, 403, 404, 409),
    openapi_extra=_file("application/octet-stream", "the export (CSV, XLSX or JSON)"),
)
def download_bulk_export(request: HttpRequest, operation_id: int) -> StreamingHttpResponse:
    """The export's file while its link lasts (BULK_EXPORT_TTL_HOURS). Audited, and raised as a security event."""
    found = container().bulk.download(principal(request), operation_id)
    answer = StreamingHttpResponse(found.chunks, content_type=found.content_type)
    answer["Content-Disposition"] = f'attachment; filename="{found.file_name}"'
    return answer

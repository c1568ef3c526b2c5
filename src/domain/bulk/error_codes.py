"""Bulk operations' error codes, each with its HTTP status and what it means; `domain.shared.error_codes`
assembles every module's codes into the one catalogue (docs/errors.md)."""

from __future__ import annotations

CODES: dict[str, tuple[int, str]] = {
    "bulk_operation_not_found": (404, "No such bulk operation."),
    "bulk_operation_running": (
        409,
        "You already have an unfinished operation of this type (pending, awaiting approval or in progress): wait for "
        "it or cancel it.",
    ),
    "bulk_operation_finished": (409, "The operation is completed, failed or cancelled already."),
    "not_awaiting_approval": (409, "Only an operation awaiting approval can be approved."),
    "second_admin_required": (409, "Another admin than the one who started the operation must approve it."),
    "invalid_bulk_parameters": (
        422,
        "The operation's parameters do not fit its type (see docs/bulk-operations.md); `details.field` says which.",
    ),
    "invalid_import_file": (422, "The import file is not readable CSV or XLSX, or holds no rows."),
    "invalid_import_columns": (
        422,
        "The import file's header has unknown, repeated or missing columns; `details` lists them and the allowed.",
    ),
    "too_many_rows": (422, "More rows or people than BULK_MAX_ROWS; nothing was started."),
    "bulk_file_too_large": (413, "The import file is larger than BULK_MAX_UPLOAD_MB; nothing was started."),
    "export_not_available": (409, "Only a completed export that was not a dry run has a file to download."),
    "export_expired": (409, "The export's link expired (BULK_EXPORT_TTL_HOURS): run the export again."),
}

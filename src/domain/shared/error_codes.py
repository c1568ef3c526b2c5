"""Every `code` the API puts in its error body, with its status and what it means.

Each module keeps its own codes beside it (`domain/<module>/error_codes.py`); the codes every route can answer
(transport, authentication, lists, the event stream) are here, and here the catalogue is assembled from them
in the order of docs/errors.md. The error body's `code` is the enum in the OpenAPI document, `docs/errors.md`
is rendered from the catalogue (`python -m domain.shared.error_codes > docs/errors.md`), and
tests/api/test_error_codes.py fails when the source raises a code that is not catalogued, when a catalogued
code is raised nowhere, or when the document is stale."""

from __future__ import annotations

from enum import StrEnum
from importlib import import_module
from pathlib import Path

# transport and authentication; lists; event stream
API_CODES: dict[str, tuple[int, str]] = {
    "bad_request": (400, "The request was refused before it reached an endpoint (a malformed request)."),
    "not_authenticated": (401, "No valid credentials: log in and send `Authorization: Bearer <token>`."),
    "invalid_credentials": (401, "Wrong username or password, or the account may not log in."),
    "login_throttled": (
        429,
        "Too many failed logins for this account from your network, for the account, or from your network: wait "
        "`Retry-After` seconds. The message is the wrong password's; no password was checked.",
    ),
    "invalid_unblock_token": (400, "The unblock link was used already, expired (24 h) or is mistyped."),
    "password_reset_throttled": (
        429,
        "Too many password reset requests from your network: wait `Retry-After` seconds (`details.retry_after`).",
    ),
    "permission_denied": (403, "Your roles do not grant this operation (the refusal is audited)."),
    "target_outranks_actor": (
        403,
        "The person is staff of your rank or above: their sessions, sign-in, password and MFA are managed by a "
        "higher rank.",
    ),
    "csrf_failed": (
        403,
        "A browser session's unsafe request (or its sign-in) without the right X-CSRFToken header: read the token "
        "from GET /api/auth/csrf (it changes at sign-in).",
    ),
    "not_found": (404, "No such route or object."),
    "method_not_allowed": (405, "The route exists but not for this method; `details.allow` lists the methods."),
    "conflict": (409, "The change conflicts with the current state."),
    "payload_too_large": (413, "The request body is larger than the server accepts."),
    "unsupported_media_type": (415, "Send `Content-Type: application/json`."),
    "validation_error": (422, "A field is missing, of the wrong type or out of range; `details.fields` says which."),
    "too_many_requests": (429, "Too many requests; wait for `Retry-After` seconds."),
    "internal_error": (500, "A bug: the server logged it with the request id (`X-Request-ID`)."),
    "unavailable": (503, "A dependency the request needs is down; retry later."),
    "too_many_parameters": (400, "More query or form parameters than the server accepts."),
    "invalid_text": (422, "A text field holds a NUL character or an unpaired surrogate."),
    "invalid_number": (422, "A number is out of range (larger than a 64-bit integer, or not finite)."),
    "invalid_input": (400, "The request is well formed but not acceptable."),
    "invalid_cursor": (400, "The cursor was not issued by this list with this sort; start from the first page."),
    "invalid_limit": (400, "`limit` must be between 1 and 200."),
    "invalid_channels": (400, "Name between 1 and the allowed number of channels with `?channel=`."),
    "invalid_last_event_id": (400, "`Last-Event-ID` is not an event id this stream issued."),
    "unknown_channel": (404, "No such event-stream channel."),
}

# The modules' codes in the catalogue's order, each a module and the name of its table there (the order docs/errors.md
# and the OpenAPI enum keep). A module not named here needs no line: its `CODES` follow, by module name (`parts()`).
# The shared kernel belongs to no module, so it finds them by their files rather than importing them by name.
ORDERED = (
    ("domain.accounts.error_codes", "CODES"),
    ("domain.tickets.error_codes", "CODES"),
    ("domain.knowledge.error_codes", "CODES"),
    ("domain.security.error_codes", "CODES"),
    ("domain.impersonation.error_codes", "CODES"),
    ("domain.identity.error_codes", "CODES"),
    ("domain.monitoring.error_codes", "CODES"),
    ("domain.security.error_codes", "MFA_CODES"),
    ("domain.bulk.error_codes", "CODES"),
    ("domain.privacy.error_codes", "CODES"),
    ("domain.analytics.error_codes", "CODES"),
    ("domain.views.error_codes", "CODES"),
)


def parts() -> tuple[tuple[str, str], ...]:
    """ORDERED, then every other module's `error_codes.CODES`, by module name."""
    named = {module for module, _ in ORDERED}
    found = sorted(f"domain.{p.parent.name}.error_codes" for p in Path(__file__).parents[1].glob("*/error_codes.py"))
    return ORDERED + tuple((m, "CODES") for m in found if m not in named and m != "domain.shared.error_codes")


def assemble() -> dict[str, tuple[int, str]]:
    """Every code with its status and meaning; a code two modules both declare is a mistake, refused here."""
    catalogue = dict(API_CODES)
    for module, name in parts():
        part: dict[str, tuple[int, str]] = getattr(import_module(module), name)
        repeated = sorted(set(part) & set(catalogue))
        if repeated:
            raise ValueError(f"{module}.{name} declares codes declared already: {repeated}")
        catalogue.update(part)
    return catalogue


_ASSEMBLED = assemble()
ErrorCode = StrEnum("ErrorCode", [(code.upper(), code) for code in _ASSEMBLED])  # type: ignore[misc]
CATALOGUE: dict[ErrorCode, tuple[int, str]] = {ErrorCode(code): entry for code, entry in _ASSEMBLED.items()}


def render() -> str:
    lines = [
        "# Error codes",
        "",
        "Every error under `/api/` (and the event stream's refusals) has one body:",
        '`{"error": {"code": "...", "message": "...", "details": {...}}}`. Clients branch on `code`;',
        "`message` is for people and may change. This table is generated from",
        "`src/domain/shared/error_codes.py`\n(`python -m domain.shared.error_codes > docs/errors.md`).",
        "",
        "| code | status | meaning |",
        "| --- | --- | --- |",
    ]
    lines += [f"| `{code.value}` | {status} | {meaning} |" for code, (status, meaning) in CATALOGUE.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")

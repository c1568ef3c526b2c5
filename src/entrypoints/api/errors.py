"""One error body everywhere under /api/: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

from typing import Any

import structlog
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from domain.shared.errors import DomainError, Throttled
from entrypoints.api.middleware import Around

log = structlog.get_logger(__name__)

STATUS_BY_KIND = {
    "invalid": 400,
    "unauthenticated": 401,
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "unprocessable": 422,
    "throttled": 429,
}
CODE_BY_STATUS = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


def error_response(status: int, code: str, message: str, details: dict[str, Any] | None = None) -> JsonResponse:
    body = {"error": {"code": code, "message": message, "details": details or {}}}
    response = JsonResponse(body, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _validation_details(errors: list[dict[str, Any]]) -> dict[str, Any]:
    def loc(parts: list[Any]) -> list[str]:
        # Ninja puts the handler's parameter name second ("query", "f", "status"): clients need not see it
        parts = [str(p) for p in parts]
        return [parts[0], *parts[2:]] if len(parts) > 2 else parts

    return {
        "fields": [{"loc": loc(e.get("loc", [])), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in errors]
    }


def install(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        response = error_response(STATUS_BY_KIND.get(exc.kind, 400), exc.code, exc.message, exc.details)
        if isinstance(exc, Throttled):
            response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(422, "validation_error", "The request is not valid.", _validation_details(exc.errors))

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(401, "not_authenticated", "Authentication is required.")

    @api.exception_handler(AuthorizationError)
    def forbidden(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        return error_response(403, "permission_denied", str(exc) or "Forbidden.")

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, DomainError):  # the strict JSON parser's refusals, wrapped by Ninja
            return domain_error(request, exc.__cause__)
        return error_response(exc.status_code, CODE_BY_STATUS.get(exc.status_code, "error"), str(exc))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(404, "not_found", "Not found.")

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return error_response(413, "payload_too_large", "The request body is too large.")

    @api.exception_handler(TooManyFieldsSent)
    def too_many_fields(request: HttpRequest, exc: TooManyFieldsSent) -> HttpResponse:
        return error_response(400, "too_many_parameters", "The request has too many parameters.")

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        return error_response(400, "bad_request", "The request was refused.")

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("api.unhandled_error", path=request.path)
        from entrypoints.api.metrics import record_exception  # the error handler files it into its error group

        record_exception(request, exc)
        return error_response(500, "internal_error", "An unexpected error occurred; it has been logged.")


class ApiErrorShapeMiddleware(Around):
    """Gives the one error body to errors produced outside Ninja under /api/ (unknown routes,
    405s, CSRF refusals, oversized bodies)."""

    def after(self, request: HttpRequest, response: HttpResponse, state: Any) -> HttpResponse:
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
            and not getattr(response, "streaming", False)
        ):
            status = response.status_code
            message = {404: "Not found.", 405: "Method not allowed."}.get(status, "The request was refused.")
            allow = response.get("Allow")
            shaped = error_response(
                status, CODE_BY_STATUS.get(status, "error"), message, {"allow": allow} if allow else None
            )
            if allow:
                shaped["Allow"] = allow
            return shaped
        return response

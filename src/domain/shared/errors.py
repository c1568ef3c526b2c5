"""Domain errors carry a stable machine-readable `code`; the API maps their kind to a status."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""

    code = "domain_error"
    kind = "invalid"  # invalid | unauthenticated | forbidden | not_found | conflict | unprocessable

    def __init__(self, message: str, *, code: str | None = None, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details: dict[str, Any] = details or {}


class InvalidInput(DomainError):
    code = "invalid_input"
    kind = "invalid"


class Unprocessable(DomainError):
    code = "validation_error"
    kind = "unprocessable"


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    kind = "unauthenticated"


class PermissionDenied(DomainError):
    code = "permission_denied"
    kind = "forbidden"


class NotFound(DomainError):
    code = "not_found"
    kind = "not_found"


class Conflict(DomainError):
    code = "conflict"
    kind = "conflict"


class Throttled(DomainError):
    """Refused for now: try again after `retry_after` seconds (429 with a Retry-After header)."""

    code = "too_many_requests"
    kind = "throttled"

    def __init__(
        self, message: str, *, retry_after: int, code: str | None = None, details: dict[str, Any] | None = None
    ):
        super().__init__(message, code=code, details={**(details or {}), "retry_after": retry_after})
        self.retry_after = retry_after

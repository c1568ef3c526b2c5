"""Admin for records that only the API may change (state machines, versions, audit)."""

from typing import Any

from django.http import HttpRequest


class ReadOnlyAdmin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class NoAddAdmin:
    """For rows only the product makes (tokens and sessions at sign-in, profiles through the API, outbox messages
    in a unit of work): their required fields are read-only here, so an add form could only fail."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

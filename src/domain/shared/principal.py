"""The acting principal, handed to every use case by the edges."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from .errors import PermissionDenied
from .permissions import Permission, Role, permissions_for


@dataclass(frozen=True)
class RequestMeta:
    """Where a request came from: recorded in the audit trail. Login protection counts failures by `ip`, which is
    the client address behind TRUSTED_PROXIES (entrypoints.client_ip), never a raw X-Forwarded-For."""

    ip: str | None = None
    user_agent: str = ""
    request_id: str = ""


class SessionScope(StrEnum):
    """What a session may do. A staff member whose role requires MFA and who has none signs in to a session that
    can only enrol (MFA_ENROLMENT): it holds no permission, and the API answers 403 `mfa_enrolment_required` to
    everything but enrolment, `GET /api/auth/me` and logout, until enrolment is confirmed."""

    FULL = "full"
    MFA_ENROLMENT = "mfa_enrolment"


@dataclass(frozen=True)
class Principal:
    user_id: int
    username: str
    roles: frozenset[Role] = frozenset()
    is_superuser: bool = False
    impersonator_id: int | None = None
    meta: RequestMeta = field(default_factory=RequestMeta)
    session_id: int | None = None  # the session (token or browser) the request came with, if any
    impersonation_id: int | None = None  # the impersonation session acting as this person (with impersonator_id)

    @property
    def real_user_id(self) -> int:
        """The person really at the keyboard: the staff member when impersonating, else the principal."""
        return self.impersonator_id if self.impersonator_id is not None else self.user_id

    scope: SessionScope = SessionScope.FULL

    @property
    def enrol_only(self) -> bool:
        return self.scope is SessionScope.MFA_ENROLMENT

    @property
    def permissions(self) -> frozenset[Permission]:
        if self.enrol_only:
            return frozenset()
        if self.is_superuser:
            return frozenset(Permission)
        return permissions_for(self.roles)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDenied("You do not have permission to do this.", details={"permission": permission.value})

    def with_meta(self, meta: RequestMeta) -> Principal:
        return replace(self, meta=meta)


SYSTEM = Principal(user_id=0, username="system", is_superuser=True)
# The product provisioning its own demo accounts (`make run`) into an empty database: audited like any actor, but the
# grants of fixture accounts are no privilege changes anyone reviews (the role-change rule leaves them out).
PROVISIONING = Principal(user_id=0, username="provisioning", is_superuser=True)

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A session: a bearer token, or a browser (cookie) session, stored only as the SHA-256 of its secret. Listed
    and ended by its id; `last_used_at` is written at most once a minute."""

    key_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    kind = models.CharField(max_length=8, default="bearer")
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    ip = models.CharField(max_length=45, blank=True, default="")  # "" when unknown
    user_agent = models.CharField(max_length=512, blank=True, default="")
    # the django.contrib.sessions key a cookie row stands for (deleted with it); empty for bearer tokens
    session_key = models.CharField(max_length=40, blank=True, default="")
    # what the session may do: "full", or "mfa_enrolment" (a staff member who must enrol in MFA before anything else)
    scope = models.CharField(max_length=16, default="full")

    class Meta:
        indexes = [
            models.Index(fields=["user", "revoked_at"], name="apitoken_user_live"),
            models.Index(fields=["expires_at"], name="apitoken_expires"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} session of user {self.user_id} until {self.expires_at:%Y-%m-%d %H:%M}"


class RoleRequest(models.Model):
    """A grant of an admin role waiting for a second admin: pending, then approved or rejected (a pending one past
    `expires_at` reads expired). `previous` is the roles the person held when it was asked."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_requests")
    role = models.CharField(max_length=32)
    previous = models.JSONField(default=list)
    reason = models.CharField(max_length=500)
    requested_by = models.BigIntegerField()  # user ids, kept as the record of who asked and who answered
    requested_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    status = models.CharField(max_length=16, default="pending")
    decided_by = models.BigIntegerField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "status"], name="rolerequest_user_status")]

    def __str__(self) -> str:
        return f"{self.status} grant of {self.role} to user {self.user_id}"

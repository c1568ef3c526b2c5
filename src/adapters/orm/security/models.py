"""Security events (the specification's UserSecurityEvent, once kept by accounts), alert claims, and login throttle
values (the database ThrottleStore; Redis keeps them instead when REDIS_URL is set)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from domain.security.model import Severity

USER = settings.AUTH_USER_MODEL


class UserSecurityEvent(models.Model):
    # null for an event about a network rather than a person (credential stuffing)
    user = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="security_events", db_index=False, null=True, blank=True
    )
    event_type = models.CharField(max_length=100)
    severity = models.CharField(max_length=20, choices=[(s.value, s.value) for s in Severity])
    rule = models.CharField(max_length=100, blank=True)  # what decided it
    description = models.TextField(blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.TextField(blank=True)
    additional_data = models.JSONField(default=dict)  # the facts that made the rule fire
    timestamp = models.DateTimeField()
    resolved = models.BooleanField(default=False)
    resolved_by = models.BigIntegerField(null=True, blank=True)  # the staff member's user id
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["user", "timestamp"], name="security_user_time"),
            models.Index(fields=["timestamp", "id"], name="security_time"),
            models.Index(fields=["timestamp", "id"], name="security_open", condition=models.Q(resolved=False)),
            models.Index(fields=["ip_address", "timestamp"], name="security_ip_time"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} ({self.severity})"


class SecurityAlert(models.Model):
    """When the last alert for a rule and subject went out (alerts are de-duplicated per window)."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.key} at {self.sent_at:%Y-%m-%d %H:%M}"


class ThrottleValue(models.Model):
    """A login failure tally or a one-time unblock link (stored by its hash), until it expires."""

    key = models.CharField(max_length=200, primary_key=True)
    value = models.TextField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.key


class PasswordHistoryEntry(models.Model):
    """A person's previous passwords, hashed with Django's hashers (the PasswordHistory port)."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+", db_index=False)
    password_hash = models.CharField(max_length=256)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "-created_at", "-id"], name="password_history_user")]

    def __str__(self) -> str:
        return f"a previous password of user {self.user_id}"


class KnownAccess(models.Model):
    """What the detection rules remember about a person (the LoginHistory port): a device family or network seen
    at a successful login, or a password or MFA reset; one row per (person, kind, value)."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.CharField(max_length=20)
    value = models.CharField(max_length=200)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)  # the periodic purge

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind", "value"], name="known_access_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.value} of user {self.user_id}"


class MfaDevice(models.Model):
    """A person's TOTP authenticator (the MfaStore port): the secret sealed with Fernet (MFA_ENCRYPTION_KEY), never
    in the clear; pending until `confirmed_at`; `last_step` is the last accepted time step (no code twice)."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, primary_key=True, related_name="+")
    sealed_secret = models.TextField()
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"TOTP of user {self.user_id} ({'confirmed' if self.confirmed_at else 'pending'})"


class MfaRecoveryCode(models.Model):
    """One recovery code, as a SHA-256 digest (of the person and the high-entropy code); used once."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+", db_index=False)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "digest"], name="mfa_recovery_code_unique")]

    def __str__(self) -> str:
        return f"a recovery code of user {self.user_id}"


class MfaResetRequest(models.Model):
    """An admin's reset of someone's MFA: done at once for a learner, pending a second admin's approval for staff
    (expired when nobody approved it by `expires_at`)."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    requested_by = models.BigIntegerField()  # the admin's user id
    reason = models.TextField()
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    needs_approval = models.BooleanField()
    status = models.CharField(max_length=10)  # pending | done
    approved_by = models.BigIntegerField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "expires_at"], name="mfa_reset_status")]

    def __str__(self) -> str:
        return f"MFA reset of user {self.user_id} ({self.status})"

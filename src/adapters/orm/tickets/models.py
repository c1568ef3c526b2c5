"""Support tickets (`support_supportticket` as in the spec), their updates, teams and routing."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce

USER = settings.AUTH_USER_MODEL
FAR = datetime(9999, 1, 1, tzinfo=UTC)


def queue_order() -> Coalesce:
    """The queue's default order: the nearest running SLA deadline, tickets with none last."""
    return Coalesce("sla_next_due", models.Value(FAR, output_field=models.DateTimeField()))


class Team(models.Model):
    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.code


class TeamMember(models.Model):
    """A support agent: one team, available or away, maybe in the team's escalation pool."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="support_membership")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    available = models.BooleanField(default=True)
    is_escalation = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.user_id} in {self.team_id}"


class CategoryRoute(models.Model):
    category = models.CharField(max_length=100, unique=True)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="routes")

    def __str__(self) -> str:
        return f"{self.category} -> {self.team_id}"


class SupportTicket(models.Model):
    PRIORITIES = [(p, p) for p in ("low", "normal", "high", "urgent", "critical")]
    STATUSES = [(s, s) for s in ("open", "in_progress", "pending_user", "resolved", "closed")]

    ticket_id = models.CharField(max_length=20, unique=True, null=True)  # noqa: DJ001  (set right after insert)
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="tickets", db_index=False)
    created_by = models.ForeignKey(  # NULL: opened by the system (a proactive monitoring ticket)
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="created_tickets", db_index=False
    )
    assigned_to = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_tickets", db_index=False
    )
    team = models.CharField(max_length=50, blank=True)
    title = models.CharField(max_length=200)
    description = models.TextField()
    priority = models.CharField(max_length=20, choices=PRIORITIES, default="normal")
    status = models.CharField(max_length=50, choices=STATUSES, default="open")
    category = models.CharField(max_length=100)
    tags = models.JSONField(default=list)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    sla_deadline = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    first_response_due = models.DateTimeField(null=True, blank=True)
    next_response_due = models.DateTimeField(null=True, blank=True)
    sla_paused_at = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(default=0)
    paused_minutes = models.FloatField(default=0.0)
    warn_at = models.JSONField(default=dict)
    breaches = models.JSONField(default=dict)
    warned = models.JSONField(default=list)
    escalated = models.JSONField(default=list)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    reopened_count = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups")
    # opened by a staff member acting as the learner: left out of analytics
    opened_under_impersonation = models.BooleanField(default=False)
    satisfaction_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    satisfaction_comment = models.TextField(blank=True)
    context = models.JSONField(default=dict)
    first_response_minutes = models.FloatField(null=True, blank=True)
    resolution_minutes = models.FloatField(null=True, blank=True)
    # Derived by the domain on every save: what the queue sorts and filters on
    sla_next_due = models.DateTimeField(null=True, blank=True)
    sla_warn_at = models.DateTimeField(null=True, blank=True)
    sla_breached = models.BooleanField(default=False)
    next_trigger_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index("status", queue_order(), "id", name="ticket_queue"),
            models.Index(queue_order(), "id", name="ticket_queue_all"),
            models.Index(fields=["assigned_to", "status", "priority"], name="ticket_assignee"),  # loads: index-only
            models.Index(fields=["team", "status"], name="ticket_team"),
            models.Index(fields=["user", "-id"], name="ticket_user"),
            models.Index(fields=["created_at"], name="ticket_created"),
            # analytics read only this index on PostgreSQL (index-only scans; ignored elsewhere)
            models.Index(
                fields=["created_at"],
                include=[
                    "status",
                    "category",
                    "priority",
                    "team",
                    "assigned_to",
                    "first_response_minutes",
                    "resolution_minutes",
                    "satisfaction_rating",
                    "sla_breached",
                    "reopened_count",
                    "resolved_at",
                    "opened_under_impersonation",
                ],
                name="ticket_analytics",
            ),
            models.Index(fields=["resolved_at"], name="ticket_resolved"),
            models.Index(
                fields=["next_trigger_at"], name="ticket_sweep", condition=models.Q(next_trigger_at__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return self.ticket_id or f"ticket {self.pk}"


class TicketTag(models.Model):
    ticket = models.ForeignKey(SupportTicket, on_delete=models.CASCADE, related_name="tag_rows", db_index=False)
    tag = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ticket", "tag"], name="ticket_tag_once")]
        indexes = [models.Index(fields=["tag", "ticket"], name="ticket_tag")]

    def __str__(self) -> str:
        return self.tag


class SupportTicketUpdate(models.Model):
    ticket = models.ForeignKey(SupportTicket, on_delete=models.CASCADE, related_name="updates", db_index=False)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, db_index=False)
    update_type = models.CharField(max_length=50)
    content = models.TextField()
    is_internal = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    data = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["ticket", "created_at", "id"], name="ticket_update_time")]

    def __str__(self) -> str:
        return f"{self.update_type} on {self.ticket_id}"


class TicketArticleLink(models.Model):
    ticket = models.ForeignKey(SupportTicket, on_delete=models.CASCADE, related_name="article_links", db_index=False)
    article_id = models.BigIntegerField()
    linked_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, db_index=False)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ticket", "article_id"], name="ticket_article_once")]
        indexes = [models.Index(fields=["article_id"], name="ticket_article")]

    def __str__(self) -> str:
        return f"{self.ticket_id} -> article {self.article_id}"

"""Monitoring storage: sessions and what they sent, error groups with their events and rollups, alerts."""

from __future__ import annotations

from django.db import models


class MonitoredSession(models.Model):
    key = models.CharField(max_length=128)  # the front end's session id
    user_id = models.BigIntegerField()
    started_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    last_heartbeat_at = models.DateTimeField(null=True)
    url = models.CharField(max_length=2048, blank=True)
    title = models.CharField(max_length=300, blank=True)
    visible = models.BooleanField(default=True)
    browser = models.CharField(max_length=100, blank=True)
    browser_version = models.CharField(max_length=50, blank=True)
    os = models.CharField(max_length=100, blank=True)
    os_version = models.CharField(max_length=50, blank=True)
    device = models.CharField(max_length=100, blank=True)
    screen_width = models.IntegerField(null=True)
    screen_height = models.IntegerField(null=True)
    hints = models.JSONField(default=dict)
    page_views = models.IntegerField(default=0)
    errors = models.IntegerField(default=0)
    slow_calls = models.IntegerField(default=0)
    slow_pages = models.IntegerField(default=0)
    rage_clicks = models.IntegerField(default=0)
    cache_hits = models.BigIntegerField(default=0)
    cache_misses = models.BigIntegerField(default=0)
    replay_bytes = models.BigIntegerField(default=0)
    health = models.SmallIntegerField(default=100)
    staff = models.BooleanField(default=False)  # a staff member's own session (the console)

    class Meta:
        indexes = [
            models.Index(fields=["key", "-started_at"], name="mon_session_key"),
            models.Index(fields=["-last_heartbeat_at", "-id"], name="mon_session_beat"),
            models.Index(fields=["-last_seen_at", "-id"], name="mon_session_seen"),
            models.Index(fields=["user_id", "-last_seen_at"], name="mon_session_user"),
            models.Index(fields=["started_at"], name="mon_session_started"),
        ]

    def __str__(self) -> str:
        return f"MonitoredSession #{self.pk}"


class SessionPage(models.Model):
    session_id = models.BigIntegerField()
    at = models.DateTimeField()
    url = models.CharField(max_length=2048)
    title = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["session_id", "at"], name="mon_page_session")]

    def __str__(self) -> str:
        return f"SessionPage #{self.pk}"


class PerfSample(models.Model):
    session_id = models.BigIntegerField()
    at = models.DateTimeField()
    metric = models.CharField(max_length=20)  # page_load | api
    route = models.CharField(max_length=300)
    duration_ms = models.IntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["at", "metric"], name="mon_perf_at"),
            models.Index(fields=["session_id", "at"], name="mon_perf_session"),
        ]

    def __str__(self) -> str:
        return f"PerfSample #{self.pk}"


class PageHourRollup(models.Model):
    page = models.CharField(max_length=300)
    hour = models.DateTimeField()
    views = models.IntegerField(default=0)
    exits = models.IntegerField(default=0)
    rage_clicks = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "hour"], name="mon_page_hour_unique")]
        indexes = [models.Index(fields=["hour"], name="mon_page_hour")]

    def __str__(self) -> str:
        return f"PageHourRollup #{self.pk}"


class ReplayChunkRow(models.Model):
    session_id = models.BigIntegerField()
    seq = models.IntegerField()
    at = models.DateTimeField()
    data = models.TextField()
    truncated = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["session_id", "seq"], name="mon_replay_session"),
            models.Index(fields=["at"], name="mon_replay_at"),
        ]

    def __str__(self) -> str:
        return f"ReplayChunkRow #{self.pk}"


class ErrorGroupRow(models.Model):
    fingerprint = models.CharField(max_length=64, unique=True)
    source = models.CharField(max_length=10)
    title = models.CharField(max_length=300)
    culprit = models.CharField(max_length=300, blank=True)
    error_type = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, default="unresolved")
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    count = models.BigIntegerField(default=0)
    users = models.IntegerField(default=0)
    assignee_id = models.BigIntegerField(null=True)
    ticket_id = models.BigIntegerField(null=True)
    merged_into = models.BigIntegerField(null=True)
    resolved_at = models.DateTimeField(null=True)
    regressed_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["-last_seen", "-id"], name="mon_group_last_seen"),
            models.Index(fields=["-count", "-id"], name="mon_group_count"),
            models.Index(fields=["-users", "-id"], name="mon_group_users"),
            models.Index(fields=["first_seen"], name="mon_group_first_seen"),
            models.Index(fields=["regressed_at"], name="mon_group_regressed"),
        ]

    def __str__(self) -> str:
        return f"ErrorGroupRow #{self.pk}"


class GroupFingerprint(models.Model):
    """A fingerprint whose events go to another group than its own: a merge steers future events."""

    fingerprint = models.CharField(max_length=64, unique=True)
    group_id = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"GroupFingerprint #{self.pk}"


class ErrorEventRow(models.Model):
    group_id = models.BigIntegerField()
    at = models.DateTimeField()
    source = models.CharField(max_length=10)
    user_id = models.BigIntegerField(null=True)
    session_id = models.BigIntegerField(null=True)
    message = models.TextField()
    error_type = models.CharField(max_length=200, blank=True)
    frames = models.JSONField(default=list)
    url = models.CharField(max_length=2048, blank=True)
    release = models.CharField(max_length=100, blank=True)
    browser = models.CharField(max_length=100, blank=True)
    breadcrumbs = models.JSONField(default=list)
    component = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["group_id", "-at"], name="mon_event_group"),
            models.Index(fields=["at"], name="mon_event_at"),
            models.Index(fields=["session_id", "at"], name="mon_event_session"),
        ]

    def __str__(self) -> str:
        return f"ErrorEventRow #{self.pk}"


class GroupHour(models.Model):
    group_id = models.BigIntegerField()
    hour = models.DateTimeField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group_id", "hour"], name="mon_group_hour_unique")]
        indexes = [models.Index(fields=["hour"], name="mon_group_hour")]

    def __str__(self) -> str:
        return f"GroupHour #{self.pk}"


class GroupUser(models.Model):
    group_id = models.BigIntegerField()
    user_id = models.BigIntegerField()
    last_seen = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group_id", "user_id"], name="mon_group_user_unique")]

    def __str__(self) -> str:
        return f"GroupUser #{self.pk}"


class RouteMinute(models.Model):
    """One web process's requests for one route and method in one minute (processes add their own rows)."""

    minute = models.DateTimeField(db_index=True)
    route = models.CharField(max_length=300)
    method = models.CharField(max_length=10)
    count = models.IntegerField()
    server_errors = models.IntegerField()
    client_errors = models.IntegerField()
    duration_ms_sum = models.FloatField()
    buckets = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"RouteMinute #{self.pk}"


class AlertRow(models.Model):
    rule = models.CharField(max_length=40)
    subject = models.CharField(max_length=400)
    severity = models.CharField(max_length=20)
    message = models.TextField()
    evidence = models.JSONField(default=dict)
    created_at = models.DateTimeField()  # the first firing
    last_seen_at = models.DateTimeField()  # the latest firing
    occurrences = models.PositiveIntegerField(default=1)
    emailed_at = models.DateTimeField(null=True)  # the latest e-mail about it
    ticket_id = models.BigIntegerField(null=True)
    acknowledged_at = models.DateTimeField(null=True)
    acknowledged_by = models.BigIntegerField(null=True)
    muted_until = models.DateTimeField(null=True)  # deliveries held until then ...
    mute_until_resolved = models.BooleanField(default=False)  # ... or while the alert stays open

    class Meta:
        indexes = [
            models.Index(fields=["rule", "subject", "-created_at"], name="mon_alert_subject"),
            models.Index(fields=["-created_at", "-id"], name="mon_alert_created"),
        ]

    def __str__(self) -> str:
        return f"AlertRow #{self.pk}"


class AlertRuleRow(models.Model):
    """An alert rule edited at run time, stored whole (a rule with no row reads the environment's defaults).
    The webhook URL is a secret: shown to those who may edit rules, never logged or audited."""

    rule = models.CharField(max_length=40, unique=True)
    enabled = models.BooleanField(default=True)
    thresholds = models.JSONField(default=dict)
    recipients = models.JSONField(default=list)
    channels = models.JSONField(default=list)
    webhook_url = models.CharField(max_length=500, blank=True)
    quiet_from = models.PositiveSmallIntegerField(null=True)
    quiet_until = models.PositiveSmallIntegerField(null=True)
    updated_at = models.DateTimeField()
    updated_by = models.BigIntegerField(null=True)

    def __str__(self) -> str:
        return f"AlertRuleRow {self.rule}"


class ProactiveTicket(models.Model):
    ticket_id = models.BigIntegerField(unique=True)
    created_at = models.DateTimeField(db_index=True)
    session_id = models.BigIntegerField(null=True)
    group_id = models.BigIntegerField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session_id", "group_id"], name="mon_proactive_unique")]

    def __str__(self) -> str:
        return f"ProactiveTicket #{self.pk}"


class MonitorState(models.Model):
    """Named marks shared by every process: the last pulse, the last detection run."""

    name = models.CharField(max_length=40, primary_key=True)
    at = models.DateTimeField(null=True)
    waiting = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"MonitorState #{self.pk}"


class SourceMapFile(models.Model):
    """One minified file's source map in one release (docs/monitoring.md, source maps)."""

    release = models.CharField(max_length=100)
    name = models.CharField(max_length=200)
    text = models.TextField()
    uploaded_at = models.DateTimeField()
    uploaded_by = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["release", "name"], name="mon_sourcemap_release_name")]

    def __str__(self) -> str:
        return f"SourceMapFile {self.release}/{self.name}"

"""Rollups (per learner per day, per learner per course per day, journeys, day summaries per segment) and the
at-risk scores with their history. Learner ids are plain integers: rollups are derived data, rebuilt from the
activity log, and a deleted learner's rows go with `forget`."""

from __future__ import annotations

from django.db import models


class LearnerDay(models.Model):
    user_id = models.BigIntegerField()
    day = models.DateField()  # local day in ANALYTICS_TIMEZONE
    events = models.PositiveIntegerField(default=0)
    seconds = models.BigIntegerField(default=0)
    hours = models.IntegerField(default=0)  # bit h: active in local hour h
    types = models.JSONField(default=dict)  # activity type -> events

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user_id", "day"], name="learnerday_once")]
        indexes = [models.Index(fields=["day"], name="learnerday_day")]

    def __str__(self) -> str:
        return f"learner {self.user_id} on {self.day}"


class CourseDay(models.Model):
    user_id = models.BigIntegerField()
    course = models.CharField(max_length=50)
    day = models.DateField()
    events = models.PositiveIntegerField(default=0)
    seconds = models.BigIntegerField(default=0)
    progress_steps = models.PositiveIntegerField(default=0)
    completions = models.PositiveIntegerField(default=0)
    drops = models.PositiveIntegerField(default=0)
    max_progress = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user_id", "course", "day"], name="courseday_once")]
        indexes = [models.Index(fields=["day"], name="courseday_day")]

    def __str__(self) -> str:
        return f"learner {self.user_id} in {self.course} on {self.day}"


class Journey(models.Model):
    """Milestones per learner and course; course "" is across courses."""

    user_id = models.BigIntegerField()
    course = models.CharField(max_length=50, blank=True)
    first_login = models.DateTimeField(null=True)
    enrolled = models.DateTimeField(null=True)
    p25 = models.DateTimeField(null=True)
    p50 = models.DateTimeField(null=True)
    p75 = models.DateTimeField(null=True)
    completed = models.DateTimeField(null=True)
    last_seen = models.DateTimeField(null=True)
    last_module = models.CharField(max_length=100, blank=True)
    module_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user_id", "course"], name="journey_once")]
        indexes = [
            models.Index(fields=["course", "enrolled"], name="journey_course_enrolled"),
            # drop-off points: the unfinished enrolments of a range, read from the index alone on PostgreSQL
            models.Index(
                fields=["enrolled"],
                name="journey_unfinished",
                condition=models.Q(completed__isnull=True) & ~models.Q(course=""),
                include=["course", "last_module", "last_seen"],
            ),
        ]

    def __str__(self) -> str:
        return f"journey of {self.user_id} in {self.course or 'every course'}"


class DaySummary(models.Model):
    day = models.DateField()
    dimension = models.CharField(max_length=30)
    value = models.CharField(max_length=50, blank=True)
    learners = models.BinaryField()
    night = models.BinaryField()
    long = models.BinaryField()
    deep = models.BinaryField()
    completers = models.BinaryField()
    joined = models.BinaryField()  # learners who signed up that day ("all" only)
    data = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dimension", "value", "day"], name="daysummary_once")]
        indexes = [models.Index(fields=["day"], name="daysummary_day")]

    def __str__(self) -> str:
        return f"{self.dimension}:{self.value} on {self.day}"


class DirtyDay(models.Model):
    """A day whose summaries ingestion changed since they were made; `version` counts the changes."""

    day = models.DateField(primary_key=True)
    version = models.BigIntegerField(default=1)
    since = models.DateTimeField(null=True)  # first marked after its last summary

    def __str__(self) -> str:
        return f"{self.day} changed ({self.version})"


class FunnelDay(models.Model):
    """The journey funnel of the learners who signed up on a local day (domain FunnelTally): course "" is everyone's
    (signup and first login, and the steps across courses), a course code that course's steps."""

    day = models.DateField()
    course = models.CharField(max_length=50, blank=True)
    counts = models.JSONField(default=list)  # learners at each step
    gaps = models.BinaryField()  # each step's sorted gaps from the step before, int64 microseconds

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "day"], name="funnelday_once")]

    def __str__(self) -> str:
        return f"funnel of {self.day} signups in {self.course or 'every course'}"


class StaleFunnel(models.Model):
    """A signup day whose funnel changed (a learner reached a step, signed up or left) since it was tallied."""

    day = models.DateField(primary_key=True)
    version = models.BigIntegerField(default=1)
    since = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"funnel of {self.day} changed ({self.version})"


class RiskScore(models.Model):
    user_id = models.BigIntegerField(primary_key=True)
    score = models.FloatField()
    band = models.CharField(max_length=10)
    reasons = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["-score", "user_id"], name="risk_score_order"),
            models.Index(fields=["band", "-score", "user_id"], name="risk_band_order"),
        ]

    def __str__(self) -> str:
        return f"risk of {self.user_id}: {self.score}"


class RiskHistory(models.Model):
    user_id = models.BigIntegerField()
    at = models.DateTimeField()
    score = models.FloatField()
    band = models.CharField(max_length=10)

    class Meta:
        indexes = [models.Index(fields=["user_id", "-at"], name="riskhistory_user")]

    def __str__(self) -> str:
        return f"risk of {self.user_id} at {self.at}: {self.score}"


class SeededPropensity(models.Model):
    """The hidden ground truth of seed_demo's validation learners: never read by the score."""

    user_id = models.BigIntegerField(primary_key=True)
    propensity = models.FloatField()
    dropout_week = models.PositiveSmallIntegerField(null=True)

    def __str__(self) -> str:
        return f"propensity of {self.user_id}"

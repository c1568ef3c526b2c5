"""Which stored activity rows analytics reads: the SQL twin of domain.analytics.facts.counted_activity."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db.models import QuerySet

from adapters.orm.accounts.models import UserActivityLog


def counted_activity_rows() -> QuerySet[UserActivityLog]:
    """Every activity row counts today. When activity rows gain the impersonation flag (issue 11), exclude
    those rows here, e.g. `.filter(impersonated_by__isnull=True)`, alongside `counted_activity` in the domain."""
    return UserActivityLog.objects.all()


def as_datetime(value: object) -> datetime | None:
    """SQLite hands raw SQL's date-times back as text."""
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

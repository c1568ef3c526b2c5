"""The privacy module's real adapters and its PRIVACY_* settings (part of the composition root: bootstrap.py calls
these)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from adapters.bulk_files import LocalBulkFiles
from adapters.privacy_files import LocalPrivacyFiles
from domain.privacy.jobs import JobSettings
from domain.privacy.model import DEFAULT_RETENTION_DAYS, ConsentSettings, DataClass
from domain.privacy.module import PrivacySettings, PrivacyStores
from domain.privacy.requests import RequestSettings
from domain.privacy.retention import RetentionSettings


def django_privacy_stores(settings: Any) -> PrivacyStores:
    from adapters.orm.privacy.anonymiser import DjangoAnonymiser
    from adapters.orm.privacy.repository import (
        DjangoConsents,
        DjangoLegalHolds,
        DjangoPrivacyRequests,
        DjangoRetentionRuns,
    )
    from adapters.orm.privacy.retention import DjangoRetention, Files
    from adapters.orm.privacy.world import DjangoPersonalData, DjangoSubjects

    files, bulk_files = LocalPrivacyFiles(settings.PRIVACY_FILES_DIR), LocalBulkFiles(settings.BULK_FILES_DIR)
    retention = DjangoRetention(Files(bulk_files, files))
    own = (DjangoConsents(), DjangoPrivacyRequests(), DjangoLegalHolds(), DjangoRetentionRuns())
    return PrivacyStores(
        *own, DjangoSubjects(), DjangoPersonalData(), DjangoAnonymiser(bulk_files), retention, retention, files
    )


def privacy_settings() -> PrivacySettings:
    """PRIVACY_*: the consent types and versions, the export link's lifetime, the cool-off, retention periods."""
    from django.conf import settings

    versions = dict(_pairs(settings.PRIVACY_CONSENT_TYPES))
    days = dict(DEFAULT_RETENTION_DAYS)
    days.update({DataClass(k): int(v) for k, v in _pairs(settings.PRIVACY_RETENTION_DAYS)})
    requests = RequestSettings(
        timedelta(days=settings.PRIVACY_EXPORT_TTL_DAYS), timedelta(days=settings.PRIVACY_ERASURE_COOLOFF_DAYS)
    )
    return PrivacySettings(
        ConsentSettings(versions),
        requests,
        JobSettings(public_url=settings.PRIVACY_PUBLIC_URL),
        RetentionSettings(days),
    )


def _pairs(text: str) -> list[tuple[str, str]]:
    """ "a=1,b=2" as pairs; a malformed entry stops the start-up."""
    found = []
    for item in (i.strip() for i in text.split(",") if i.strip()):
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValueError(f"expected name=value, got {item!r}")
        found.append((key.strip(), value.strip()))
    return found

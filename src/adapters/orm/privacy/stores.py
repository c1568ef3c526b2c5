"""The privacy module's stores on Django (the composition root calls `privacy_stores`)."""

from __future__ import annotations

from pathlib import Path

from adapters.bulk_files import LocalBulkFiles
from adapters.privacy_files import LocalPrivacyFiles
from domain.privacy.module import PrivacyStores

from .anonymiser import DjangoAnonymiser
from .repository import DjangoConsents, DjangoLegalHolds, DjangoPrivacyRequests, DjangoRetentionRuns
from .retention import DjangoRetention, Files
from .world import DjangoPersonalData, DjangoSubjects


def privacy_stores(files_dir: Path, bulk_files_dir: Path) -> PrivacyStores:
    """`files_dir`: the access requests' exports; `bulk_files_dir`: bulk's files, which retention and erasure clear."""
    files, bulk_files = LocalPrivacyFiles(files_dir), LocalBulkFiles(bulk_files_dir)
    retention = DjangoRetention(Files(bulk_files, files))
    return PrivacyStores(
        consents=DjangoConsents(),
        requests=DjangoPrivacyRequests(),
        holds=DjangoLegalHolds(),
        runs=DjangoRetentionRuns(),
        subjects=DjangoSubjects(),
        data=DjangoPersonalData(),
        anonymiser=DjangoAnonymiser(bulk_files),
        retention=retention,
        reports=retention,
        files=files,
    )

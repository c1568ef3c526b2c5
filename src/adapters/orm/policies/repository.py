"""PolicyStore on Django's ORM: a write is an UPDATE guarded by the version (or an INSERT the unique group
decides), so of two concurrent writes of one version one wins."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction

from domain.policies.ports import StoredGroup

from .models import PolicyRow


def _stored(row: PolicyRow) -> StoredGroup:
    return StoredGroup(row.group, dict(row.values), row.version, row.updated_by, row.updated_at)


class DjangoPolicyStore:
    def all(self) -> dict[str, StoredGroup]:
        return {row.group: _stored(row) for row in PolicyRow.objects.all()}

    def put(self, group: str, values: Mapping[str, Any], expected: int, by: str, at: datetime) -> StoredGroup | None:
        fields = {"values": dict(values), "version": expected + 1, "updated_by": by, "updated_at": at}
        if expected == 0:
            try:
                with transaction.atomic():
                    row = PolicyRow.objects.create(group=group, **fields)
            except IntegrityError:
                return None
            return _stored(row)
        if not PolicyRow.objects.filter(group=group, version=expected).update(**fields):
            return None
        return _stored(PolicyRow.objects.get(group=group))

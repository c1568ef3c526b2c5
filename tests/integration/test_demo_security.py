"""`make run`'s demo accounts raise no security events (a newcomer's first screen was eight "role changed by an
unknown actor" alerts about fixture data), while the role-change rule still reports every other grant."""

from __future__ import annotations

import pytest

from adapters.orm.audit.models import AuditEntry
from adapters.orm.security.models import UserSecurityEvent
from domain.shared.permissions import Role
from domain.shared.principal import SYSTEM
from entrypoints.bootstrap import container
from entrypoints.cli.demo import ensure_staff

pytestmark = pytest.mark.django_db


def test_the_demo_staff_raise_no_role_change_events_and_are_audited() -> None:
    ensure_staff("a-long-shared-password")
    assert not UserSecurityEvent.objects.filter(event_type="role_changed").exists()
    assert AuditEntry.objects.filter(action="staff.create").count() == 7


def test_other_grants_still_raise_the_role_change_rule() -> None:
    container().staff.create_staff(SYSTEM, "cli_admin", "c@example.com", "a-long-shared-password", Role.PLATFORM_ADMIN)
    assert UserSecurityEvent.objects.filter(event_type="role_changed", user_id__isnull=False).count() == 1

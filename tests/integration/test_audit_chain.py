from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from adapters.orm.audit.models import AuditEntry
from domain.shared.principal import Principal, RequestMeta
from entrypoints.bootstrap import container

pytestmark = pytest.mark.django_db


def record_some(n: int) -> None:
    actor = Principal(1, "agent", meta=RequestMeta("192.0.2.7", "pytest", "req-9"))
    for i in range(n):
        container().audit.record(actor, "profile.read", "user", i, {"reason": "ticket SUP-1"})


def test_verify_audit_passes_on_an_intact_chain(capsys: pytest.CaptureFixture[str]) -> None:
    record_some(5)
    call_command("verify_audit")
    assert "intact: 5 entries" in capsys.readouterr().out


def test_verify_audit_catches_an_edited_row() -> None:
    record_some(5)
    third = AuditEntry.objects.order_by("id")[2]
    AuditEntry.objects.filter(pk=third.pk).update(details={"reason": "nothing to see"})
    with pytest.raises(CommandError, match=f"broken at entry {third.pk}"):
        call_command("verify_audit")


def test_verify_audit_catches_a_deleted_row() -> None:
    record_some(4)
    rows = list(AuditEntry.objects.order_by("id"))
    rows[1].delete()
    with pytest.raises(CommandError, match=f"broken at entry {rows[2].pk}"):
        call_command("verify_audit")

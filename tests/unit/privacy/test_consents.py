"""Consent history and its effects: rows per change, the profile's projection (the bulk notify gate), analytics'
query, session recordings deleted on withdrawal, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.bulk.model import OperationType
from domain.bulk.parameters import NotifyParams, Targets
from domain.bulk.service import StartRequest
from domain.monitoring.records import ReplayRow
from domain.privacy.model import ConsentSource
from domain.shared.errors import InvalidInput, PermissionDenied, Unprocessable
from domain.shared.pagination import PageRequest
from entrypoints.harness import TestContainer

from .conftest import ADMIN, SUPPORT, learner


def test_every_change_is_a_row_and_the_current_state_is_the_newest(h: TestContainer) -> None:
    lea = learner(h)
    h.privacy.consents.change_mine(lea, {"analytics": True, "marketing": True})
    h.clock.advance(timedelta(hours=1))
    view = h.privacy.consents.change_mine(lea, {"analytics": False})
    current = {s.consent_type: s for s in view.current}
    assert current["analytics"].granted is False and current["analytics"].source is ConsentSource.LEARNER
    assert current["marketing"].granted is True and current["marketing"].version == "1"
    assert current["terms"].granted is False and current["terms"].source is None  # never given
    assert [(r.consent_type, r.granted) for r in view.history.items] == [
        ("analytics", False),
        ("marketing", True),
        ("analytics", True),
    ]
    again = h.privacy.consents.change_mine(lea, {"analytics": False})  # the same choice: no new row
    assert len(again.history.items) == 3
    assert h.privacy.consents.withdrawn("analytics") == {lea.user_id}
    assert h.privacy.consents.granted("analytics") == set() and not h.privacy.consents.has_consent(
        lea.user_id, "analytics"
    )
    assert [e.record.action for e in h.audit_log.entries].count("consent.change") == 2


def test_staff_record_changes_with_a_reason_and_reads_are_audited(h: TestContainer) -> None:
    lea = learner(h)
    with pytest.raises(Unprocessable) as missing:
        h.privacy.consents.record(SUPPORT, lea.user_id, {"marketing": True}, "  ")
    assert missing.value.code == "consent_reason_required"
    view = h.privacy.consents.record(SUPPORT, lea.user_id, {"marketing": True}, "signed form 2026-03")
    assert view.history.items[0].source is ConsentSource.STAFF and view.history.items[0].actor_id == SUPPORT.user_id
    with pytest.raises(InvalidInput) as unknown:
        h.privacy.consents.record(SUPPORT, lea.user_id, {"telepathy": True}, "x")
    assert unknown.value.code == "unknown_consent_type"
    with pytest.raises(PermissionDenied):
        h.privacy.consents.record(lea, lea.user_id, {"marketing": True}, "x")
    h.privacy.consents.of(ADMIN, lea.user_id, PageRequest())
    assert h.audit_log.entries[-1].record.action == "consent.read"


def test_the_marketing_consent_gates_bulk_notify_through_the_profile(h: TestContainer) -> None:
    lea, max_ = learner(h, "lea"), learner(h, "max", marketing_consent=True)
    assert h.privacy.consents.has_consent(max_.user_id, "marketing")  # the creation value, no row yet
    h.privacy.consents.change_mine(lea, {"marketing": True})
    h.privacy.consents.change_mine(max_, {"marketing": False})
    assert h.people.profiles[lea.user_id].marketing_consent and not h.people.profiles[max_.user_id].marketing_consent
    params = NotifyParams(Targets.of_ids([lea.user_id, max_.user_id]), "News", "Hello", marketing=True)
    op = h.bulk.start(ADMIN, StartRequest(OperationType.NOTIFY, False, params))
    h.tasks.run_pending()
    done = h.bulk.get(ADMIN, op.id)
    assert (done.success_count, done.error_count) == (1, 1)
    assert [n.to for n in h.notifier.sent] == ["lea@example.com"]


def test_withdrawing_session_recording_deletes_the_stored_replays(h: TestContainer) -> None:
    lea = learner(h)
    h.privacy.consents.change_mine(lea, {"session_recording": True})
    assert h.privacy.consents.recording_allowed(lea.user_id)
    from domain.monitoring.model import Session

    session = Session(None, "s1", lea.user_id, h.clock.now(), h.clock.now(), None, "https://x", "X", changed=True)
    h.monitor.save_sessions([session])
    assert session.id is not None
    h.monitor.add_replay([ReplayRow(session.id, 0, h.clock.now(), "{}", False)])
    h.privacy.consents.change_mine(lea, {"session_recording": False})
    assert h.monitor.replay == [] and not h.privacy.consents.recording_allowed(lea.user_id)
    assert h.audit_log.entries[-1].record.details["recordings_deleted"] == 1


def test_privacy_consent_is_projected_onto_data_consent_date(h: TestContainer) -> None:
    lea = learner(h)
    h.privacy.consents.change_mine(lea, {"privacy": True})
    assert h.people.profiles[lea.user_id].data_consent_date == h.clock.now()
    h.privacy.consents.change_mine(lea, {"privacy": False})
    assert h.people.profiles[lea.user_id].data_consent_date is None

"""Privacy requests through every stage on the harness: the export's ZIP, erasure's review, cool-off, cancel,
legal holds, anonymisation, and the refusals the issue names."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest

from domain.privacy.model import RequestKind, Stage
from domain.privacy.ports import AREAS
from domain.shared.errors import Conflict, NotFound, PermissionDenied
from domain.tickets.commands import NewTicket
from domain.tickets.status import UpdateType
from entrypoints.harness import TestContainer

from .conftest import OFFICER, OFFICER2, SUPPORT, learner

EXPORT, ERASURE = RequestKind.EXPORT, RequestKind.ERASURE


def test_an_export_holds_every_area_and_index_but_no_internal_note(h: TestContainer) -> None:
    lea = learner(h)
    h.privacy.consents.change_mine(lea, {"analytics": True})
    ticket = h.support.desk.create(SUPPORT, NewTicket("Cannot log in", "Help please", lea.user_id)).ticket
    h.support.desk.post(SUPPORT, ticket.id, UpdateType.INTERNAL_NOTE, "INTERNAL: suspect account sharing")
    h.support.desk.post(SUPPORT, ticket.id, UpdateType.COMMENT, "Try resetting your password")
    view = h.privacy.requests.create(lea, EXPORT, None, "")
    assert view.request.stage is Stage.PENDING
    h.tasks.run_pending()
    ready = h.privacy.requests.get(lea, view.request.id).request
    assert ready.stage is Stage.DOWNLOAD_READY and ready.expires_at == h.clock.now() + timedelta(days=7)
    assert [n.subject for n in h.notifier.sent][-1] == "Your personal data export is ready"
    download = h.privacy.requests.download(lea, ready.id)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.chunks)))
    assert sorted(archive.namelist()) == sorted([f"{a}.json" for a in AREAS] + ["index.html"])
    tickets = json.loads(archive.read("tickets.json"))
    assert tickets[0]["title"] == "Cannot log in" and "INTERNAL" not in archive.read("tickets.json").decode()
    assert "Try resetting your password" in archive.read("tickets.json").decode()
    assert json.loads(archive.read("consents.json"))[0]["consent_type"] == "analytics"
    assert "consents.json" in archive.read("index.html").decode()
    assert "privacy.export_downloaded" in [e.record.action for e in h.audit_log.entries]
    assert any(e.event_type == "personal_data_export" for e in h.security_events.events)
    h.clock.advance(timedelta(days=7))
    with pytest.raises(Conflict) as expired:
        h.privacy.requests.download(lea, ready.id)
    assert expired.value.code == "privacy_export_expired"
    h.privacy.jobs.sweep()
    assert h.privacy.requests.get(lea, ready.id).request.stage is Stage.EXPIRED


def test_erasure_is_reviewed_cools_off_waits_for_a_hold_and_then_anonymises(h: TestContainer) -> None:
    lea = learner(h)
    h.privacy.consents.change_mine(lea, {"marketing": True})
    with pytest.raises(Conflict) as staff:
        h.privacy.requests.create(OFFICER, ERASURE, SUPPORT.user_id, "")
    assert staff.value.code == "staff_account"
    made = h.privacy.requests.create(OFFICER, ERASURE, lea.user_id, "the learner wrote in").request
    assert made.stage is Stage.AWAITING_APPROVAL
    with pytest.raises(Conflict) as twice:
        h.privacy.requests.create(lea, ERASURE, None, "")
    assert twice.value.code == "privacy_request_open"
    with pytest.raises(PermissionDenied) as own:
        h.privacy.requests.decide(OFFICER, made.id, True, "ok")
    assert own.value.code == "own_privacy_request"
    with pytest.raises(PermissionDenied):
        h.privacy.requests.decide(SUPPORT, made.id, True, "ok")
    approved = h.privacy.requests.decide(OFFICER2, made.id, True, "identity checked").request
    assert approved.stage is Stage.COOLING_OFF and approved.erase_after == h.clock.now() + timedelta(days=14)
    hold = h.privacy.holds.place(OFFICER2, lea.user_id, "litigation 2026-17", None)
    h.clock.advance(timedelta(days=15))
    h.privacy.jobs.sweep()
    h.tasks.run_pending()
    assert h.privacy.requests.get(OFFICER, made.id).held
    assert h.privacy.requests.get(OFFICER, made.id).request.stage is Stage.COOLING_OFF  # the hold keeps it waiting
    h.privacy.holds.release(OFFICER2, hold.id)
    assert h.privacy.jobs.sweep() == [made.id]
    h.tasks.run_pending()
    done = h.privacy.requests.get(OFFICER, made.id).request
    assert done.stage is Stage.COMPLETED and done.results["consents"] == 1
    person = h.people.people[lea.user_id]
    assert person.username.startswith("anon-") and person.email.endswith("@erased.invalid")
    assert (person.first_name, person.last_name, person.is_active) == ("", "", False)
    assert h.consents.rows[0].user_id is None  # kept as an anonymous count
    erased = [e.record for e in h.audit_log.entries if e.record.action == "privacy.erased"]
    assert erased[0].target_id == str(lea.user_id) and "lea" not in json.dumps(erased[0].details)
    with pytest.raises(Conflict) as late:
        h.privacy.requests.cancel(OFFICER, made.id)
    assert late.value.code == "privacy_request_finished"


def test_a_cancelled_erasure_never_runs_and_a_rejected_one_is_final(h: TestContainer) -> None:
    lea, max_ = learner(h, "lea"), learner(h, "max")
    first = h.privacy.requests.create(lea, ERASURE, None, "").request
    h.privacy.requests.decide(OFFICER, first.id, True, "ok")
    assert h.privacy.requests.cancel(lea, first.id).request.stage is Stage.CANCELLED
    h.clock.advance(timedelta(days=20))
    assert h.privacy.jobs.sweep() == []
    assert h.people.people[lea.user_id].username == "lea"
    second = h.privacy.requests.create(max_, ERASURE, None, "").request
    assert h.privacy.requests.decide(OFFICER, second.id, False, "account under dispute").request.stage is Stage.REJECTED
    with pytest.raises(Conflict):
        h.privacy.requests.cancel(max_, second.id)


def test_a_hold_on_an_unknown_person_is_404_and_learners_cannot_place_one(h: TestContainer) -> None:
    lea = learner(h)
    with pytest.raises(NotFound):
        h.privacy.holds.place(OFFICER, 999_999, "x", None)
    with pytest.raises(PermissionDenied):
        h.privacy.holds.place(lea, lea.user_id, "x", None)


def test_an_erasure_removes_the_person_s_own_export_file_and_its_key(h: TestContainer) -> None:
    lea = learner(h)
    made = h.privacy.requests.create(OFFICER, ERASURE, lea.user_id, "the learner wrote in").request
    h.privacy.requests.decide(OFFICER2, made.id, True, "identity checked")
    h.clock.advance(timedelta(days=10))  # during the cool-off, the learner asks for their data
    exported = h.privacy.requests.create(lea, EXPORT, None, "").request
    h.tasks.run_pending()
    ready = h.privacy.requests.get(lea, exported.id).request
    assert h.privacy_files is not None and (h.privacy_files.root / ready.file_key).is_file()
    h.clock.advance(timedelta(days=5))  # the erasure is due while the export's link still lasts
    h.privacy.jobs.sweep()
    h.tasks.run_pending()
    assert h.privacy.requests.get(OFFICER, made.id).request.results["export_files"] == 1
    assert not (h.privacy_files.root / ready.file_key).exists()  # the sealed file, its data key in its header
    assert h.privacy.requests.get(OFFICER, exported.id).request.stage is Stage.EXPIRED

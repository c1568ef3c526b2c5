"""The privacy module's own stores: the in-memory fakes and the Django adapters answer alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from domain.privacy.model import ConsentSource, DataClass, NewConsent, NewRequest, RequestKind, RetentionRun, Stage
from domain.privacy.ports import ConsentStore, HoldStore, RequestStore, RetentionRuns
from domain.shared.errors import InvalidInput
from domain.shared.pagination import PageRequest

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it
AT = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@dataclass
class Stores:
    consents: ConsentStore
    requests: RequestStore
    holds: HoldStore
    runs: RetentionRuns


@pytest.fixture(params=["memory", "django"])
def s(request: pytest.FixtureRequest) -> Stores:
    if request.param == "django":
        from adapters.orm.privacy.repository import (
            DjangoConsents,
            DjangoLegalHolds,
            DjangoPrivacyRequests,
            DjangoRetentionRuns,
        )

        return Stores(DjangoConsents(), DjangoPrivacyRequests(), DjangoLegalHolds(), DjangoRetentionRuns())
    from adapters.memory.privacy import (
        InMemoryConsents,
        InMemoryLegalHolds,
        InMemoryPrivacyRequests,
        InMemoryRetentionRuns,
    )

    return Stores(InMemoryConsents(), InMemoryPrivacyRequests(), InMemoryLegalHolds(), InMemoryRetentionRuns())


def consent(uid: int, kind: str, granted: bool, minutes: int = 0, version: str = "1") -> NewConsent:
    return NewConsent(uid, kind, granted, version, ConsentSource.LEARNER, uid, "", AT + timedelta(minutes=minutes))


def test_consents_keep_history_and_answer_by_the_newest_row(s: Stores) -> None:
    s.consents.add(consent(1, "marketing", True))
    s.consents.add(consent(1, "marketing", False, 1))
    s.consents.add(consent(1, "analytics", True, 2, "2"))
    s.consents.add(consent(2, "analytics", False, 3))
    latest = s.consents.latest(1)
    assert {k: r.granted for k, r in latest.items()} == {"marketing": False, "analytics": True}
    first = s.consents.history(1, PageRequest(limit=2))
    assert [r.consent_type for r in first.items] == ["analytics", "marketing"] and first.next_cursor
    rest = s.consents.history(1, PageRequest(limit=2, cursor=first.next_cursor))
    assert [(r.consent_type, r.granted) for r in rest.items] == [("marketing", True)] and rest.next_cursor is None
    assert s.consents.people("analytics", True) == {1} and s.consents.people("analytics", False) == {2}
    assert s.consents.people("analytics", False, among={2, 99}) == {2}  # a batch's people only
    assert (
        s.consents.people("analytics", False, among={1}) == set() and s.consents.people("analytics", True, []) == set()
    )
    assert s.consents.coverage() == [
        ("analytics", "1", False, 1),
        ("analytics", "2", True, 1),
        ("marketing", "1", False, 1),
    ]
    assert s.consents.anonymise(1) == 3
    assert s.consents.latest(1) == {} and s.consents.people("analytics", True) == set()
    assert s.consents.coverage() == [("analytics", "1", False, 1)]
    with pytest.raises(InvalidInput):
        s.consents.history(1, PageRequest(cursor="bogus"))


def request(uid: int, kind: RequestKind = RequestKind.ERASURE, stage: Stage = Stage.AWAITING_APPROVAL) -> NewRequest:
    return NewRequest(kind, uid, uid, "", AT, stage)


def test_one_open_request_per_kind_per_person_and_every_field_is_kept(s: Stores) -> None:
    first = s.requests.add(request(1))
    assert first is not None and s.requests.add(request(1)) is None
    export = s.requests.add(request(1, RequestKind.EXPORT, Stage.PENDING))
    assert export is not None
    first.decide(9, True, "checked", AT, timedelta(days=14))
    first.results["x"] = 1
    s.requests.save(first)
    assert s.requests.get_for_update(first.id) == first and s.requests.get(first.id) == first
    first.cancel(1, AT)
    s.requests.save(first)
    again = s.requests.add(request(1))
    assert again is not None
    assert [r.id for r in s.requests.in_stage((Stage.AWAITING_APPROVAL, Stage.PENDING), 10)] == [export.id, again.id]
    assert s.requests.counts("erasure") == {Stage.CANCELLED: 1, Stage.AWAITING_APPROVAL: 1}
    page = s.requests.search(None, 1, PageRequest(limit=2))
    assert [r.id for r in page.items] == [again.id, export.id] and page.next_cursor
    assert [r.id for r in s.requests.search(Stage.CANCELLED, None, PageRequest()).items] == [first.id]
    assert s.requests.get(999) is None
    with pytest.raises(InvalidInput):
        s.requests.search(None, None, PageRequest(cursor="bogus"))


def test_legal_holds_are_active_until_released_or_ended(s: Stores) -> None:
    open_ended = s.holds.add(1, "litigation", 9, AT, None)
    s.holds.add(2, "audit", 9, AT, AT + timedelta(days=1))
    assert s.holds.held(AT) == {1, 2} and s.holds.held(AT + timedelta(days=2)) == {1}
    hold = s.holds.get_for_update(open_ended.id)
    assert hold is not None
    hold.release(9, AT)
    s.holds.save(hold)
    assert s.holds.held(AT) == {2}
    assert [h.user_id for h in s.holds.search(None, PageRequest()).items] == [2, 1]
    assert [h.released_by for h in s.holds.search(1, PageRequest()).items] == [9]
    with pytest.raises(InvalidInput):
        s.holds.search(None, PageRequest(cursor="bogus"))


def test_retention_runs_are_recorded_newest_first(s: Stores) -> None:
    for n, data_class in enumerate((DataClass.ACTIVITY, DataClass.SECURITY_EVENTS)):
        s.runs.add(RetentionRun(0, data_class, n == 0, 10 * n, AT, 5, AT - timedelta(days=1)))
    page = s.runs.search(PageRequest())
    assert [(r.data_class, r.dry_run, r.rows) for r in page.items] == [
        (DataClass.SECURITY_EVENTS, False, 10),
        (DataClass.ACTIVITY, True, 0),
    ]
    with pytest.raises(InvalidInput):
        s.runs.search(PageRequest(cursor="bogus"))

"""What the browser SDK (clients/telemetry) needs from the telemetry endpoint: the learner's recording consent in
every answer, web vitals and API timings stored and shown in the session's detail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from domain.shared.permissions import Role

from .conftest import Api, Staff

pytestmark = pytest.mark.django_db


def _beat(session: str) -> dict[str, object]:
    return {"kind": "heartbeat", "session_id": session, "at": datetime.now(UTC).isoformat(), "url": "https://l.test/"}


def _consent(api: Api, who: Staff, granted: bool) -> None:
    body = {"changes": [{"consent_type": "session_recording", "granted": granted}]}
    assert api.call("PUT", "/api/me/consents", who, body).status_code == 200


def test_every_answer_tells_the_learner_s_recording_consent_as_it_stands(
    api: Api, make_staff: Callable[..., Staff]
) -> None:
    learner = make_staff(Role.LEARNER)
    assert api.call("POST", "/api/telemetry/", learner, {"items": [_beat("tab-c")]}).json()["recording"] is False
    _consent(api, learner, True)
    assert api.call("POST", "/api/telemetry/", learner, {"items": [_beat("tab-c")]}).json()["recording"] is True
    _consent(api, learner, False)
    assert api.call("POST", "/api/telemetry/", learner, {"items": [_beat("tab-c")]}).json()["recording"] is False


def test_a_service_sending_for_learners_gets_no_consent_figure(api: Api, make_staff: Callable[..., Staff]) -> None:
    learner, service = make_staff(Role.LEARNER), make_staff(Role.SERVICE)
    item = {**_beat("tab-s"), "user_id": learner.user.pk}
    answer = api.call("POST", "/api/telemetry/", service, {"items": [item]}).json()
    assert answer["accepted"] == 1 and answer["recording"] is None


def test_web_vitals_and_api_timings_show_in_the_session(api: Api, make_staff: Callable[..., Staff]) -> None:
    learner, agent = make_staff(Role.LEARNER), make_staff(Role.SUPPORT_AGENT)
    at = datetime.now(UTC).isoformat()
    perf = {
        "kind": "performance",
        "session_id": "tab-v",
        "at": at,
        "url": "https://l.test/courses/4",
        "api_calls": [{"route": "/api/courses/{id}", "duration_ms": 120}, {"route": "/api/me", "duration_ms": 40}],
        "vitals": {"LCP": 1800, "CLS": 45, "INP": 96, "FID": 3},
    }
    bad = {**perf, "vitals": {"LCP": -5}}
    worse = {**perf, "vitals": [1]}
    answer = api.call("POST", "/api/telemetry/", learner, {"items": [_beat("tab-v"), perf, bad, worse]}).json()
    assert answer["accepted"] == 2
    assert [(r["index"], r["code"]) for r in answer["rejected"]] == [(2, "invalid_field"), (3, "invalid_field")]
    [session] = api.call("GET", "/api/monitoring/sessions/?online=true", agent).json()["items"]
    detail = api.call("GET", f"/api/monitoring/sessions/{session['id']}", agent).json()
    assert detail["vitals"] == {"lcp": 1800, "cls": 45, "inp": 96}
    assert detail["api_calls"] == 2

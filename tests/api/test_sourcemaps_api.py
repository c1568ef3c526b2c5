"""Source maps over HTTP and from the command line: uploaded once per release, checked, audited, and then every
error group of that release shows the original file, line and function (the minified position kept beside it)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from adapters.orm.audit.models import AuditEntry
from domain.shared.permissions import Role

from ..unit.monitoring.test_sourcemap_parse import MAP
from .conftest import Api, Staff

pytestmark = pytest.mark.django_db
UPLOAD = "/api/monitoring/releases/web@2.0/sourcemaps"


def _error(release: str) -> dict[str, object]:
    frame = {"filename": "https://learn.example.com/static/app.js?v=1", "function": "a", "lineno": 1, "colno": 30}
    return {
        "kind": "client_error",
        "session_id": "tab-map",
        "at": datetime.now(UTC).isoformat(),
        "message": "Cannot read properties of undefined (reading 'title')",
        "type": "TypeError",
        "release": release,
        "stack": [{**frame, "in_app": True}],
    }


def _top_frame(api: Api, agent: Staff) -> dict[str, object]:
    [group] = api.call("GET", "/api/monitoring/errors/", agent).json()["items"]
    detail = api.call("GET", f"/api/monitoring/errors/{group['id']}", agent).json()
    return detail["samples"][0]["stack"][-1]


def test_an_upload_de_minifies_the_release_s_errors_in_the_same_fields(
    api: Api, make_staff: Callable[..., Staff]
) -> None:
    learner, agent, admin = make_staff(Role.LEARNER), make_staff(Role.SUPPORT_AGENT), make_staff(Role.SUPPORT_ADMIN)
    assert api.call("POST", "/api/telemetry/", learner, {"items": [_error("web@2.0")]}).json()["accepted"] == 1
    before = _top_frame(api, agent)
    assert (before["filename"], before["lineno"], before["minified_filename"]) == (
        "https://learn.example.com/static/app.js?v=1",
        1,
        "",
    )
    body = {"files": [{"name": "app.js.map", "map": json.dumps(MAP)}]}
    assert api.call("POST", UPLOAD, agent, body).status_code == 403
    sent = api.call("POST", UPLOAD, admin, body)
    assert sent.status_code == 201, sent.content
    assert sent.json() == {
        "release": "web@2.0",
        "files": [{"name": "app.js", "bytes": len(json.dumps(MAP)), "sources": 1}],
    }
    entry = AuditEntry.objects.filter(action="monitoring.sourcemaps_uploaded").latest("id")
    assert entry.target_id == "web@2.0" and entry.actor_id == admin.user.pk
    after = _top_frame(api, agent)  # an event stored before the upload, de-minified when read
    assert after == {
        **after,
        "filename": "src/lesson.ts",
        "function": "loadLesson",
        "lineno": 3,
        "colno": 3,
        "context_line": "return lesson.title;",
        "minified_filename": "https://learn.example.com/static/app.js?v=1",
        "minified_function": "a",
        "minified_lineno": 1,
        "minified_colno": 30,
    }
    # a later event is grouped by its original frames, into the same group; another release's is left as sent
    assert api.call("POST", "/api/telemetry/", learner, {"items": [_error("web@2.0")]}).json()["accepted"] == 1
    groups = api.call("GET", "/api/monitoring/errors/", agent).json()["items"]
    assert len(groups) == 2  # the first event was grouped by its minified frame, before the map was there
    assert api.call("POST", "/api/telemetry/", learner, {"items": [_error("web@2.0")]}).json()["accepted"] == 1
    assert sorted(g["count"] for g in api.call("GET", "/api/monitoring/errors/", agent).json()["items"]) == [1, 2]


def test_bad_uploads_are_refused_with_the_one_error_body(api: Api, make_staff: Callable[..., Staff]) -> None:
    admin = make_staff(Role.SUPPORT_ADMIN)
    cases = [
        ({"files": [{"name": "app.js", "map": "not json"}]}, 400, "invalid_sourcemap"),
        ({"files": [{"name": "bad name!.js", "map": json.dumps(MAP)}]}, 400, "invalid_sourcemap"),
        ({"files": [{"name": "app.js", "map": "x" * (10 * 1024 * 1024 + 1)}]}, 413, "payload_too_large"),
        ({"files": []}, 422, "validation_error"),
    ]
    for body, status, code in cases:
        answer = api.call("POST", UPLOAD, admin, body)
        assert (answer.status_code, answer.json()["error"]["code"]) == (status, code)
    assert api.call("POST", UPLOAD, None, {"files": [{"name": "a.js", "map": "{}"}]}).status_code == 401


def test_the_command_uploads_every_map_of_a_build(tmp_path: Path, make_staff: Callable[..., Staff], api: Api) -> None:
    (tmp_path / "chunks").mkdir()
    (tmp_path / "app.js.map").write_text(json.dumps(MAP))
    (tmp_path / "chunks" / "rec-1.js.map").write_text(json.dumps(MAP))
    call_command("upload_sourcemaps", str(tmp_path), release="web@3.0")
    assert AuditEntry.objects.filter(action="monitoring.sourcemaps_uploaded", target_id="web@3.0").count() == 1
    (tmp_path / "broken.js.map").write_text("{")
    with pytest.raises(CommandError, match=r"broken\.js: not JSON"):
        call_command("upload_sourcemaps", str(tmp_path), release="web@3.0")
    with pytest.raises(CommandError, match="no such file"):
        call_command("upload_sourcemaps", str(tmp_path / "missing"), release="web@3.0")

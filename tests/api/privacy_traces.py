"""Every kind of personal data a learner leaves behind, made through HTTP as the product makes it (the erasure test
then looks for it in every table and every file), and the scan itself."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pyotp
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from domain.shared.clock import FixedClock

from .conftest import Api, Staff

IMPERSONATION_REASON = "Learner reports the quiz page shows no questions (ticket SUP-000042)"


def leave_traces(
    api: Api, clock: FixedClock, staff: tuple[Staff, Staff], learner: Staff, uid: int, needles: Sequence[str]
) -> None:
    """`staff`: a support_admin (impersonates) and a platform_admin (imports)."""
    email, username = needles[0], needles[3]
    support, importer = staff
    _impersonated(api, support, uid)
    _mfa(api, clock, learner)
    reset = api.call("POST", "/api/auth/password-reset", None, {"email": email})
    assert reset.status_code == 202, reset.content
    _imported(api, importer, needles)
    _monitored(api, learner, username)


def _impersonated(api: Api, support: Staff, uid: int) -> None:
    body = {"user_id": uid, "reason": IMPERSONATION_REASON}
    started = api.call("POST", "/api/users/impersonate/", support, body)
    assert started.status_code == 201, started.content
    ended = api.call("POST", f"/api/users/impersonate/{started.json()['id']}/end", support)
    assert ended.status_code == 200, ended.content


def _mfa(api: Api, clock: FixedClock, learner: Staff) -> None:
    started = api.call("POST", "/api/auth/mfa/totp", learner)
    assert started.status_code == 201, started.content
    code = pyotp.TOTP(started.json()["secret"]).at(clock.now())
    confirmed = api.call("POST", "/api/auth/mfa/totp/confirm", learner, {"code": code})
    assert confirmed.status_code == 200 and len(confirmed.json()["recovery_codes"]) == 10, confirmed.content


def _imported(api: Api, support: Staff, needles: Sequence[str]) -> None:
    """A bulk import whose file names the person (an upsert of their own row: the upload and its report stay)."""
    email, first, last, username = needles
    content = f"username,email,first_name,last_name\n{username},{email},{first},{last}\n".encode()
    data = {
        "operation_type": "import_users",
        "parameters": '{"mode": "upsert"}',
        "dry_run": "false",
        "file": SimpleUploadedFile("users.csv", content),
    }
    answer = api.client.post("/api/users/bulk-operations/", data=data, **support.auth)
    assert answer.status_code in (201, 202), answer.content


def _monitored(api: Api, learner: Staff, username: str) -> None:
    granted = {"changes": [{"consent_type": "session_recording", "granted": True}]}
    assert api.call("PUT", "/api/me/consents", learner, granted).status_code == 200
    url, at = f"https://learn.example.com/u/{username}/profile", "2026-03-02T09:00:00+00:00"
    items = [
        {"kind": "heartbeat", "session_id": "tab-zq", "at": at, "url": url, "title": "My profile"},
        {
            "kind": "client_error",
            "session_id": "tab-zq",
            "at": at,
            "message": f"no avatar for {username}",
            "type": "TypeError",
            "url": url,
            "stack": [{"filename": "/static/app.js", "function": "load", "lineno": 3, "in_app": True}],
        },
        {"kind": "replay_chunk", "session_id": "tab-zq", "at": at, "seq": 0, "data": "H4sI"},
    ]
    sent = api.call("POST", "/api/telemetry/", learner, {"items": items})
    assert sent.status_code == 200 and sent.json()["rejected"] == [], sent.content


def scan_tables(needles: Sequence[str]) -> list[tuple[str, str]]:
    """(table, needle) for every needle found in any column of any table Django's introspection lists."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # table names from introspection
            text = "\n".join(repr(row) for row in cursor.fetchall()).lower()
            found += [(table, n) for n in needles if n.lower() in text]
    return found


def file_roots() -> list[Path]:
    return [Path(settings.BULK_FILES_DIR), Path(settings.PRIVACY_FILES_DIR)]


def scan_files(needles: Sequence[str]) -> tuple[int, list[tuple[str, str]]]:
    """How many files lie under BULK_FILES_DIR and PRIVACY_FILES_DIR, and (file, needle) for each needle in one
    (ZIP exports are read member by member)."""
    import zipfile

    from adapters.sealed_files import open_read
    from adapters.sealed_upkeep import settings_keys

    files, found = 0, []
    for root in file_roots():
        for path in (p for p in root.rglob("*") if p.is_file()):
            files += 1
            with open_read(path, settings_keys()) as source:  # files are sealed at rest: read what they hold
                raw = source.read()
            if raw.startswith(b"PK\x03\x04"):
                with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                    raw = b"".join(archive.read(name) for name in archive.namelist())
            text = raw.decode("utf-8", "replace").lower()
            found += [(str(path.relative_to(root.parent)), n) for n in needles if n.lower() in text]
    return files, found

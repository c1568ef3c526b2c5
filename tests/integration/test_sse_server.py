"""SSE through a real ASGI server: authorised subscribers get events, others are refused."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.live import ROOT, LiveServer, SseClient, prepare, server_env, servers

pytestmark = pytest.mark.server
STAFF = ["olivia:compliance_officer", "alex:support_agent", "sam:support_admin", "pat:platform_admin"]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    var_dir = tmp_path_factory.mktemp("live")
    prepare(var_dir, STAFF)
    yield from (s[0] for s in servers(var_dir, 1))


def test_authorised_subscriber_receives_the_event(live: LiveServer) -> None:
    token = live.login("olivia")
    with SseClient(f"{live.url}/events/?channel=audit", token) as sse:
        assert sse.opened() == 200
        live.login("alex")  # an audited action in the server process
        data = sse.expect("audit.recorded", where=lambda d: d["action"] == "auth.login")
    assert data["target_type"] == "user" and "details" not in data


def test_status_change_reaches_watchers_of_users_and_of_the_person(live: LiveServer) -> None:
    admin = {"Authorization": f"Bearer {live.login('pat')}"}
    created = httpx.post(
        f"{live.url}/api/users/profiles/", json={"username": "sse_lea", "email": "sse@example.com"}, headers=admin
    )
    uid = created.json()["id"]
    agent = live.login("alex")
    with (
        SseClient(f"{live.url}/events/?channel=users", agent) as queue_watch,
        SseClient(f"{live.url}/events/?channel=user-{uid}", agent) as person_watch,
    ):
        assert queue_watch.opened() == 200 and person_watch.opened() == 200
        patch = httpx.patch(
            f"{live.url}/api/users/profiles/{uid}/",
            json={"account_status": "suspended", "status_reason": "fraud check"},
            headers=admin,
        )
        assert patch.status_code == 200
        for watcher in (queue_watch, person_watch):
            data = watcher.expect("account.status_changed")
            assert (data["user_id"], data["from_status"], data["to_status"]) == (uid, "active", "suspended")
    with SseClient(f"{live.url}/events/?channel=user-{uid}", live.login("olivia")) as compliance:
        assert compliance.opened() == 200  # compliance officers read people's channels too


def test_unauthorised_and_anonymous_subscribers_are_refused(live: LiveServer) -> None:
    with SseClient(f"{live.url}/events/?channel=audit", live.login("alex")) as sse:
        assert sse.opened() == 403
    with SseClient(f"{live.url}/events/?channel=audit", None) as sse:
        assert sse.opened() == 401
    with SseClient(f"{live.url}/events/?channel=audit", "forged-token") as sse:
        assert sse.opened() == 401


def test_bad_channel_requests(live: LiveServer) -> None:
    token = live.login("olivia")
    headers = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{live.url}/events/", headers=headers).status_code == 400
    unknown = httpx.get(f"{live.url}/events/?channel=secrets", headers=headers)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_channel"


@pytest.mark.redis
def test_events_from_a_worker_reach_every_web_process_through_redis(
    tmp_path_factory: pytest.TempPathFactory, redis_url: str
) -> None:
    var_dir: Path = tmp_path_factory.mktemp("redis")
    prepare(var_dir, STAFF, redis_url)
    for web in servers(var_dir, 2, redis_url):
        clients = [SseClient(f"{s.url}/events/?channel=audit", s.login("olivia")) for s in web]
        for c in clients:
            c.__enter__()
            assert c.opened() == 200
        # "the worker": another process publishing through the Redis adapter
        publish = (
            "import django; django.setup();"
            "from adapters.eventstream.publisher import EventstreamPublisher;"
            "EventstreamPublisher().publish('audit', 'audit.recorded', {'action': 'from.worker'})"
        )
        subprocess.run([sys.executable, "-c", publish], cwd=ROOT, env=server_env(var_dir, redis_url), check=True)
        for c in clients:
            assert c.expect("audit.recorded", where=lambda d: d["action"] == "from.worker")["action"] == "from.worker"
            c.__exit__()


def test_two_agents_see_each_others_updates_within_a_second(live: LiveServer) -> None:
    import time

    admin = {"Authorization": f"Bearer {live.login('pat')}"}
    learner = httpx.post(
        f"{live.url}/api/users/profiles/", json={"username": "rt_lea", "email": "rt@example.com"}, headers=admin
    ).json()["id"]
    alex, sam = live.login("alex"), live.login("sam")
    created = httpx.post(
        f"{live.url}/api/support/tickets/",
        json={"title": "Quiz will not submit", "description": "The button spins", "user_id": learner},
        headers={"Authorization": f"Bearer {alex}"},
    )
    tid = created.json()["id"]
    channel = f"{live.url}/events/?channel=ticket-{tid}"
    with SseClient(channel, alex) as alex_sees, SseClient(channel, sam) as sam_sees:
        assert alex_sees.opened() == 200 and sam_sees.opened() == 200
        for author, watcher, text in ((alex, sam_sees, "Looking into it"), (sam, alex_sees, "It is a known bug")):
            started = time.monotonic()
            posted = httpx.post(
                f"{live.url}/api/support/tickets/{tid}/updates/",
                json={"update_type": "internal_note", "content": text},
                headers={"Authorization": f"Bearer {author}"},
            )
            assert posted.status_code == 201
            data = watcher.expect(
                "ticket.update_added", timeout=1.0, where=lambda d, t=text: d["update"]["content"] == t
            )
            assert time.monotonic() - started < 1.0 and data["update"]["is_internal"]
        httpx.post(f"{live.url}/api/support/tickets/{tid}/presence", headers={"Authorization": f"Bearer {sam}"})
        assert alex_sees.expect("ticket.presence", timeout=1.0)["username"] == "sam"


def test_the_audit_channel_replays_entries_after_a_last_event_id(live: LiveServer) -> None:
    """Audit entries announce themselves without an outbox row: a client resuming the audit channel gets them back
    from the audit trail, with the entries' own seqs as event ids."""
    token = live.login("olivia")
    with SseClient(f"{live.url}/events/?channel=audit", token) as first:
        assert first.opened() == 200
        live.login("alex")
        seen = first.expect("audit.recorded", where=lambda d: d["action"] == "auth.login")
        resume = first.last_id
    assert resume == f"audit:{seen['seq']}"
    live.login("sam")
    live.login("pat")  # two entries written while nobody listened
    with SseClient(f"{live.url}/events/?channel=audit", token, last_event_id=resume) as again:
        assert again.opened() == 200
        later = [again.expect("audit.recorded")["seq"] for _ in range(2)]
    assert all(seq > seen["seq"] for seq in later)

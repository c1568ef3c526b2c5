from __future__ import annotations

from datetime import timedelta

from domain.monitoring.queries import SessionFilter
from domain.monitoring.telemetry_fields import TelemetryAdjustment, TelemetryRejection
from domain.shared.pagination import PageRequest

from .conftest import AGENT, NOW, SERVICE, World, beat, error, iso

REPLAY = {
    "kind": "replay_chunk",
    "session_id": "s1",
    "at": iso(NOW),
    "seq": 0,
    "data": "H4sIAAAAAAAA/6tWKkktLlGyUlAqS8wpTtVRSs7PS8tMUbKqVkrOTwHSAF7Wo7ggAAAA",
}


def online(world: World) -> list[int]:
    return [s.id for s in world.c.monitoring.live.sessions(AGENT, SessionFilter(online=True), PageRequest()).items]


def test_online_means_a_heartbeat_in_the_last_30_seconds(world: World) -> None:
    world.send(world.lea, beat("s1", NOW))
    assert len(online(world)) == 1
    world.c.clock.advance(timedelta(seconds=30))
    assert len(online(world)) == 1
    world.c.clock.advance(timedelta(seconds=1))
    assert online(world) == []
    assert world.c.monitoring.live.overview(AGENT).online == 0


def test_a_session_ends_after_30_minutes_idle_and_the_next_item_opens_another(world: World) -> None:
    world.send(world.lea, beat("s1", NOW))
    world.c.clock.advance(timedelta(minutes=31))
    world.send(world.lea, beat("s1", world.c.clock.now()))
    sessions = world.c.monitoring.live.sessions(AGENT, SessionFilter(), PageRequest()).items
    assert len(sessions) == 2 and [s.ended for s in sessions] == [False, True]


def test_replays_are_stored_only_with_session_recording_consent(world: World) -> None:
    refused = world.send(world.lea, beat("s1", NOW), REPLAY)
    assert refused.accepted == 1
    assert [(r.index, r.code, r.status) for r in refused.rejected] == [(1, TelemetryRejection.CONSENT_REQUIRED, 403)]
    assert world.c.monitor.replay == []
    world.c.privacy.consents.change_mine(world.lea, {"session_recording": True})
    assert world.send(world.lea, REPLAY).accepted == 1
    detail = world.c.monitoring.live.session(AGENT, 1)
    assert [r.seq for r in detail.replay] == [0]
    world.c.privacy.consents.change_mine(world.lea, {"session_recording": False})  # withdrawn: replays deleted
    assert world.c.monitor.replay == []
    assert [r.code for r in world.send(world.lea, REPLAY).rejected] == [TelemetryRejection.CONSENT_REQUIRED]


def test_a_learner_cannot_send_for_another_learner(world: World) -> None:
    world.send(world.lea, beat("s1", NOW))
    result = world.send(world.max, beat("s1", NOW), {**beat("s2", NOW), "user_id": 100}, beat("s3", NOW))
    assert [(r.index, r.code, r.status) for r in result.rejected] == [
        (0, TelemetryRejection.NOT_YOUR_SESSION, 403),
        (1, TelemetryRejection.NOT_YOUR_SESSION, 403),
    ]
    assert result.accepted == 1


def test_a_service_sends_on_a_learner_s_behalf_and_must_name_them(world: World) -> None:
    result = world.send(
        SERVICE, {**beat("s1", NOW), "user_id": 100}, beat("s2", NOW), {**beat("s3", NOW), "user_id": 999}
    )
    assert result.accepted == 1
    assert [r.code for r in result.rejected] == [TelemetryRejection.MISSING_FIELD, TelemetryRejection.UNKNOWN_USER]


def test_bad_items_are_per_item_errors_and_oversized_ones_are_cut_and_flagged(world: World) -> None:
    deep = error("s1", NOW, stack=[{"filename": "a.js", "function": f"f{i}", "in_app": True} for i in range(80)])
    skewed = beat("s1", NOW + timedelta(days=3))
    result = world.send(world.lea, {"kind": "mouse_move", "session_id": "s1", "at": iso(NOW)}, deep, skewed, "x")
    assert [(r.index, r.code) for r in result.rejected] == [
        (0, TelemetryRejection.UNKNOWN_KIND),
        (3, TelemetryRejection.INVALID_ITEM),
    ]
    assert [(a.index, a.code) for a in result.adjusted] == [
        (1, TelemetryAdjustment.TRUNCATED),
        (2, TelemetryAdjustment.CLAMPED_TIME),
    ]
    session = world.c.monitoring.live.sessions(AGENT, SessionFilter(), PageRequest()).items[0]
    assert session.last_heartbeat_at == NOW  # clamped to server time
    assert len(world.c.monitor.events[0].frames) == 50


def test_the_pulse_is_throttled_to_one_every_five_seconds(world: World) -> None:
    pulse = world.c.monitoring.pulse
    world.send(world.lea, beat("s1", NOW))
    assert pulse.beat() is True
    world.c.clock.advance(timedelta(seconds=2))
    world.send(world.max, beat("s2", world.c.clock.now()))
    assert pulse.beat() is False and pulse.beat() is False
    assert world.c.pulse_timer.delays == [3.0]  # one delayed flush for the window, not one per heartbeat
    assert pulse.flush() is False  # still inside the window: it waits on
    world.c.clock.advance(timedelta(seconds=3))
    assert pulse.flush() is True
    pulses = world.c.publisher.on("monitoring")
    assert [p.type for p in pulses] == ["monitoring.pulse", "monitoring.pulse"]
    assert pulses[-1].data["online"] == 2 and [s["user_id"] for s in pulses[-1].data["changed"]] == [101]
    assert pulse.flush() is False  # nothing waits


def test_device_and_performance_make_the_session_s_health(world: World) -> None:
    device = {
        "kind": "device",
        "session_id": "s1",
        "at": iso(NOW),
        "user_agent": "UA",
        "screen": {"width": 1280, "height": 800},
    }
    perf = {
        "kind": "performance",
        "session_id": "s1",
        "at": iso(NOW),
        "page_load_ms": 4200,
        "api_calls": [{"route": "/api/courses/{id}", "duration_ms": 1800}],
        "cache_hits": 1,
        "cache_misses": 5,
    }
    world.send(world.lea, device, perf, error("s1", NOW))
    detail = world.c.monitoring.live.session(AGENT, 1)
    assert (detail.screen_width, detail.summary.browser) == (1280, "Other")
    assert detail.summary.health == 100 - 10 - 5 - 5 - 10
    assert len(detail.health_reasons) == 4 and [c.route for c in detail.slow_calls] == ["/api/courses/{id}"]

from __future__ import annotations

from domain.monitoring.grouping import Frame, group_error, parameterise
from domain.monitoring.model import GroupStatus
from domain.monitoring.queries import GroupFilter
from domain.monitoring.tracking import GroupChange
from domain.shared.pagination import PageRequest

from .conftest import ADMIN, NOW, World, error, later

CHROME = [Frame("https://learn.example.com/static/app.3f9a1c2e.js", "Object.loadCourse", 88, True)]
FIREFOX = [Frame("https://learn.example.com/static/app.3f9a1c2e.js", "loadCourse@https://learn.example.com", 91, True)]


def test_the_same_error_from_two_browsers_is_one_group() -> None:
    chrome = group_error("TypeError", "Cannot read properties of undefined (reading 'id')", CHROME)
    firefox = group_error("TypeError", "e is undefined", FIREFOX)
    assert chrome.fingerprint == firefox.fingerprint and chrome.basis == "stack"


def test_a_new_build_with_another_bundle_hash_is_the_same_group() -> None:
    rebuilt = [Frame("https://cdn.example.com/static/app.77aa11bb.js?v=2", "loadCourse", 120, True)]
    assert group_error("TypeError", "x", rebuilt).fingerprint == group_error("TypeError", "x", CHROME).fingerprint


def test_different_functions_are_two_groups() -> None:
    other = [Frame("https://learn.example.com/static/app.3f9a1c2e.js", "saveProgress", 88, True)]
    assert group_error("TypeError", "x", CHROME).fingerprint != group_error("TypeError", "x", other).fingerprint


def test_parameterised_messages_match() -> None:
    one = "User anna@example.com failed at 2026-01-05T09:00:00Z on https://x.io/a?b=1 from 10.0.0.1 (id 42, 3f9a1c2e9b8d7f6a5e4d)"
    two = (
        "User bob@example.org failed at 2025-12-31 23:59 on http://y.org/ from 192.168.1.9 (id 7, aa11bb22cc33dd44ee55)"
    )
    assert parameterise(one) == parameterise(two)
    assert group_error("", one, []).fingerprint == group_error("", two, []).fingerprint
    assert "<email>" in parameterise(one) and "<uuid>" in parameterise("0b7c2b0e-3a52-4c8e-9f6e-2d7b1d1f4a11")


def test_without_in_app_frames_type_and_value_group() -> None:
    assert group_error("RangeError", "size 10", []).basis == "type"
    assert group_error("RangeError", "size 10", []).fingerprint == group_error("RangeError", "size 99", []).fingerprint


def test_the_client_fingerprint_wins() -> None:
    a = group_error("TypeError", "x", CHROME, ("checkout", "payment"))
    b = group_error("RangeError", "y", [], ("checkout", "payment"))
    assert a.fingerprint == b.fingerprint and a.basis == "client"


def test_merges_steer_future_events(world: World) -> None:
    world.send(world.lea, error("s1", NOW, "loadCourse"), error("s1", NOW, "openLesson"))
    groups = world.c.monitoring.errors.groups(ADMIN, GroupFilter(), PageRequest()).items
    assert len(groups) == 2
    keep, fold = sorted(g.id for g in groups)
    merged = world.c.monitoring.errors.merge(ADMIN, keep, fold)
    assert merged.summary.count == 2
    world.c.clock.advance(later(minutes=1))
    world.send(world.lea, error("s1", world.c.clock.now(), "openLesson"))
    groups = world.c.monitoring.errors.groups(ADMIN, GroupFilter(), PageRequest()).items
    assert [(g.id, g.count) for g in groups] == [(keep, 3)]
    assert world.c.publisher.on("monitoring")[-1].type == "monitoring.group_changed"


def test_a_resolved_group_seen_again_is_regressed(world: World) -> None:
    world.send(world.lea, error("s1", NOW))
    group = world.c.monitoring.errors.groups(ADMIN, GroupFilter(), PageRequest()).items[0]
    world.c.clock.advance(later(minutes=5))
    world.c.monitoring.errors.change(ADMIN, group.id, GroupChange(status=GroupStatus.RESOLVED))
    world.c.clock.advance(later(minutes=5))
    world.send(world.max, error("s2", world.c.clock.now()))
    again = world.c.monitoring.errors.group(ADMIN, group.id).summary
    assert again.status is GroupStatus.REGRESSED and again.count == 2 and again.users == 2
    ids = world.c.monitoring.detection.run()
    rules = [a.rule.value for a in world.c.monitor.alert_rows if a.id in ids]
    assert "regression" in rules

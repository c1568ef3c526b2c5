"""The timeline's line for each activity: built in the domain from the activity's type and fields."""

from __future__ import annotations

from typing import Any

import pytest

from domain.accounts.timeline import client, describe

CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 Chrome/130.0 Safari/537.36"


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        (CHROME_MAC, "Chrome on macOS"),
        ("Mozilla/5.0 (Windows NT 10.0) Chrome/130", "Chrome on Windows"),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130 Safari/537.36 Edg/130", "Edge on Windows"),
        ("Mozilla/5.0 (X11; Linux) Firefox/132", "Firefox on Linux"),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1", "Safari on iOS"),
        ("LearnApp/4.2 (Android 14)", "LearnApp on Android"),
        ("LearnApp/4.2 (iOS 18)", "LearnApp on iOS"),
        ("curl/8.5", "curl"),
        ("", None),
    ],
)
def test_the_client_from_a_user_agent(agent: str, expected: str | None) -> None:
    assert client(agent) == expected


@pytest.mark.parametrize(
    ("activity_type", "data", "expected"),
    [
        ("lesson.complete", {"lesson_title": "Intro", "course": "PY101"}, "Completed lesson 'Intro' in PY101"),
        ("lesson.complete", {}, "Completed a lesson"),
        ("video.play", {"page": 3}, "Played a video"),
        ("course.enrolled", {"course": "PY-101", "progress": None, "time_spent": 0}, "Enrolled in PY-101"),
        ("course.progress", {"course": "PY-101", "progress": 40}, "Made progress in PY-101 (40%)"),
        ("course.completed", {"course": "PY-101"}, "Completed PY-101"),
        ("course.dropped", {"course": "PY-101"}, "Dropped PY-101"),
        ("course.view", {"page": 12}, "Viewed a course, page 12"),
        ("video.play", {"video_title": "Loops", "course": "PY-101"}, "Played video 'Loops' in PY-101"),
        ("quiz.submit", {"score": 87}, "Submitted a quiz (score 87)"),
        ("forum.post", {}, "Posted in the forum"),
        ("logout", {}, "Logged out"),
        ("security.login_failed", {}, "Security: login failed"),
        ("security.new_device", {"description": "New device: Pixel 8"}, "Security: New device: Pixel 8"),
        ("certificate.download", {"course": "JS-1"}, "Certificate download in JS-1"),
    ],
)
def test_each_activity_in_words(activity_type: str, data: dict[str, Any], expected: str) -> None:
    assert describe(activity_type, data, "") == expected


def test_a_login_says_where_from() -> None:
    assert describe("login", {}, CHROME_MAC) == "Logged in from Chrome on macOS"
    assert describe("login", {}, "") == "Logged in"


def test_only_short_plain_values_are_quoted() -> None:
    assert describe("course.completed", {"course": {"evil": True}}, "") == "Completed a course"
    assert describe("quiz.submit", {"score": True}, "") == "Submitted a quiz"
    long = describe("course.completed", {"course": "x" * 500 + "\n\x00"}, "")
    assert len(long) <= len("Completed ") + 80 and long.endswith("…") and "\n" not in long

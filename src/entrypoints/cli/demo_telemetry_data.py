"""What the demo's learners browse with, where they go and which errors they hit (for the telemetry seed)."""

from __future__ import annotations

from typing import Any

WEB = "https://learn.example.com"
RELEASE_OLD, RELEASE = "web@1.3.2", "web@1.4.0"

DEVICES: list[dict[str, Any]] = [
    {
        "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Safari/537.36",
        "screen": {"width": 1920, "height": 1080},
    },
    {
        "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.2 Mobile/15E148 Safari/604.1",
        "screen": {"width": 390, "height": 844},
    },
    {
        "user_agent": "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
        "screen": {"width": 1440, "height": 900},
    },
    {
        "user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.1 Safari/605.1.15",
        "screen": {"width": 1512, "height": 982},
    },
    {
        "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Mobile Safari/537.36",
        "screen": {"width": 412, "height": 915},
    },
    {
        "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
        "screen": {"width": 1366, "height": 768},
    },
]

PAGES = [
    ("/dashboard", "My learning"),
    ("/courses/42", "Statistics 101"),
    ("/courses/42/lessons/3", "Lesson 3: Variance"),
    ("/courses/7", "Python for beginners"),
    ("/courses/7/quiz/2", "Quiz 2: Loops"),
    ("/billing", "Billing"),
    ("/profile", "My profile"),
]

API_ROUTES = ["/api/courses/{id}", "/api/lessons/{id}/progress", "/api/quiz/{id}/answers", "/api/me"]


def _frames(function: str, file: str, line: int) -> list[dict[str, Any]]:
    return [
        {"filename": f"{WEB}/static/vendor.8c1d.js", "function": "dispatch", "lineno": 1203, "in_app": False},
        {"filename": f"{WEB}/static/{file}", "function": function, "lineno": line, "in_app": True},
    ]


Error = tuple[str, str, str, str, int, str]

# (type, message, innermost in-app function, bundle file, line, page path)
ERRORS: list[Error] = [
    ("TypeError", "Cannot read properties of undefined (reading 'id')", "loadLesson", "app.3f9a.js", 88, "/courses/42"),
    ("ChunkLoadError", "Loading chunk 17 failed.", "loadQuiz", "app.3f9a.js", 412, "/courses/7/quiz/2"),
    ("RangeError", "Invalid time value", "formatDue", "billing.77b2.js", 31, "/billing"),
]
REGRESSING = ("TypeError", "video.play is not a function", "startPlayer", "player.11ce.js", 57, "/courses/42/lessons/3")


def error_item(error: Error, key: str, user: int, at: str, release: str) -> dict[str, Any]:
    kind, message, function, file, line, path = error
    return {
        "kind": "client_error",
        "session_id": key,
        "user_id": user,
        "at": at,
        "type": kind,
        "message": message,
        "stack": _frames(function, file, line),
        "url": WEB + path,
        "release": release,
        "breadcrumbs": [
            {"category": "navigation", "message": path},
            {"category": "ui.click", "message": "button#next"},
        ],
    }

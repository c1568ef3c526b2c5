"""A person's activity in words: one line of the timeline per activity, built from its type and fields
("Completed lesson 'Intro' in PY101", "Logged in from Chrome on macOS"). Activity data comes from platform
services, so only short plain strings and whole numbers are ever quoted, and an unknown type still reads."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from .ingestion import SECURITY_PREFIX

MAX_VALUE = 80
# (what a user agent says, what we call it), the first that matches wins
BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iOS"),
    ("iOS", "iOS"),
    ("Windows", "Windows"),
    ("Macintosh", "macOS"),
    ("Mac OS", "macOS"),
    ("Linux", "Linux"),
)
PRODUCT = re.compile(r"^([A-Za-z][A-Za-z0-9 ._-]{0,39})/")
CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def _value(data: Mapping[str, Any], *keys: str) -> str | None:
    """The first of `keys` that holds a short text or a whole number, as text."""
    for key in keys:
        value = data.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, str) and (text := CONTROL.sub(" ", value).strip()):
            return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"
    return None


def client(user_agent: str) -> str | None:
    """'Chrome on macOS', 'LearnApp on iOS', or what little of that the user agent tells."""
    browser = next((name for token, name in BROWSERS if token in user_agent), None)
    if browser is None and (product := PRODUCT.match(user_agent)) and product.group(1) != "Mozilla":
        browser = product.group(1)
    system = next((name for token, name in SYSTEMS if token in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system


def _in(course: str | None) -> str:
    return f" in {course}" if course else ""


def _login(d: Mapping[str, Any], agent: str) -> str:
    used = client(agent)
    return "Logged in" + (f" from {used}" if used else "")


def _progress(d: Mapping[str, Any], agent: str) -> str:
    percent = _value(d, "progress")
    return f"Made progress in {_value(d, 'course') or 'a course'}" + (f" ({percent}%)" if percent else "")


def _titled(verb: str, noun: str, *keys: str) -> Callable[[Mapping[str, Any], str], str]:
    """'Completed lesson 'Intro' in PY101', or 'Completed a lesson' without a title."""

    def line(d: Mapping[str, Any], agent: str) -> str:
        title = _value(d, *keys)
        return (f"{verb} {noun} '{title}'" if title else f"{verb} a {noun}") + _in(_value(d, "course"))

    return line


def _view(d: Mapping[str, Any], agent: str) -> str:
    page = _value(d, "page")
    return f"Viewed {_value(d, 'course') or 'a course'}" + (f", page {page}" if page else "")


def _quiz(d: Mapping[str, Any], agent: str) -> str:
    score = _value(d, "score")
    return "Submitted a quiz" + _in(_value(d, "course")) + (f" (score {score})" if score else "")


def _course(verb: str) -> Callable[[Mapping[str, Any], str], str]:
    return lambda d, agent: f"{verb} {_value(d, 'course') or 'a course'}"


def _fixed(text: str) -> Callable[[Mapping[str, Any], str], str]:
    return lambda d, agent: text + _in(_value(d, "course"))


DESCRIBE: dict[str, Callable[[Mapping[str, Any], str], str]] = {
    "login": _login,
    "logout": _fixed("Logged out"),
    "course.enrolled": _course("Enrolled in"),
    "course.progress": _progress,
    "course.completed": _course("Completed"),
    "course.dropped": _course("Dropped"),
    "course.view": _view,
    "lesson.complete": _titled("Completed", "lesson", "lesson_title", "lesson"),
    "lesson.completed": _titled("Completed", "lesson", "lesson_title", "lesson"),
    "video.play": _titled("Played", "video", "video_title", "video"),
    "quiz.submit": _quiz,
    "assignment.submit": _fixed("Submitted an assignment"),
    "forum.post": _fixed("Posted in the forum"),
}


def words(activity_type: str) -> str:
    return activity_type.replace(".", " ").replace("_", " ").replace(":", " ").replace("-", " ")


def describe(activity_type: str, data: Mapping[str, Any], user_agent: str) -> str:
    """The timeline's line for one activity."""
    known = DESCRIBE.get(activity_type)
    if known is not None:
        return known(data, user_agent)
    if activity_type.startswith(SECURITY_PREFIX):
        said = _value(data, "description") or words(activity_type.removeprefix(SECURITY_PREFIX))
        return f"Security: {said}"
    return words(activity_type).capitalize() + _in(_value(data, "course"))

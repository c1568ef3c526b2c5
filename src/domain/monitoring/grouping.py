"""Sentry-style grouping: which error events are "the same error". Pure functions over an event's facts.

Order: a fingerprint sent by the client wins; else the in-app stack frames (module, lower-cased file name,
normalised function, context line); else the exception type and value; else the parameterised message.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "<email>"),
    (re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s'\"<>]+", re.I), "<url>"),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I), "<uuid>"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b"), "<date>"),
    (re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b"), "<ip>"),
    (re.compile(r"\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}\b", re.I), "<ip>"),
    (re.compile(r"\b[0-9a-f]{16,}\b", re.I), "<hash>"),
    (re.compile(r"\b0x[0-9a-f]+\b", re.I), "<hex>"),
    (re.compile(r"-?\b\d+(?:\.\d+)?\b"), "<int>"),
)
# bundlers append content hashes to file names (app.3f9a1c2e.js, chunk-4821.js): the same file in two releases
_FILE_HASH = re.compile(r"[.-][0-9a-f]{6,}(?=\.)|\?.*$", re.I)
# anonymous and generated function names that differ between browsers and builds
_FUNC_NOISE = re.compile(r"^(?:Object\.|Module\.|async\s+|new\s+)|<anonymous>|\$\d+$|@.*$")


def parameterise(message: str) -> str:
    """The message with e-mails, URLs, UUIDs, dates, IPs, hashes and numbers replaced by placeholders."""
    text = message.strip()
    for pattern, placeholder in _PATTERNS:
        text = pattern.sub(placeholder, text)
    return re.sub(r"\s+", " ", text)[:500]


@dataclass(frozen=True)
class Frame:
    filename: str
    function: str
    lineno: int | None = None
    in_app: bool = False
    module: str = ""
    context_line: str = ""
    colno: int | None = None
    # where the frame was in the minified bundle, when a release's source map gave the original above
    minified_filename: str = ""
    minified_function: str = ""
    minified_lineno: int | None = None
    minified_colno: int | None = None


def normalise_file(filename: str) -> str:
    """The file without origin, query string or bundle hash, lower-cased: the same file from two hosts or builds."""
    name = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", filename.strip(), flags=re.I)
    return _FILE_HASH.sub("", name).lower()


def normalise_function(function: str) -> str:
    name = _FUNC_NOISE.sub("", function.strip())
    return name or "?"


def frame_key(frame: Frame) -> str:
    """Line numbers stay out: they move with every release."""
    return "|".join(
        (frame.module, normalise_file(frame.filename), normalise_function(frame.function), frame.context_line.strip())
    )


@dataclass(frozen=True)
class Grouping:
    """How an event was grouped: the fingerprint, what it came from, and the group's title and culprit."""

    fingerprint: str
    basis: str  # client | stack | type | message
    title: str
    culprit: str


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def group_error(
    error_type: str, message: str, frames: Sequence[Frame], client_fingerprint: Sequence[str] = ()
) -> Grouping:
    value = parameterise(message)
    title = f"{error_type}: {value}" if error_type else value
    in_app = [f for f in frames if f.in_app]
    culprit = (
        normalise_function(in_app[-1].function) + " (" + normalise_file(in_app[-1].filename) + ")" if in_app else ""
    )
    if client_fingerprint:
        return Grouping("c:" + _digest(*client_fingerprint), "client", title[:300], culprit[:300])
    if in_app:
        return Grouping(
            "s:" + _digest(error_type, *(frame_key(f) for f in in_app)), "stack", title[:300], culprit[:300]
        )
    if error_type:
        return Grouping("t:" + _digest(error_type, value), "type", title[:300], culprit[:300])
    return Grouping("m:" + _digest(value), "message", title[:300], culprit[:300])

"""Cursors as a hostile or confused client might send them: any JSON list, base64url without padding."""

from __future__ import annotations

import base64
import json
from typing import Any


def raw_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":")).encode()  # NaN and Infinity allowed on purpose
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")

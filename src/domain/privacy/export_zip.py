"""What a privacy export's ZIP holds: one JSON file per area (AREAS) and a readable index.html."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

DESCRIPTIONS = {
    "profile": "Your account and profile: names, e-mail, status, consent fields, learning totals.",
    "enrolments": "The courses you are enrolled in, with progress.",
    "activity": "Your learning activity, newest last.",
    "tickets": "Your support tickets with their public replies (staff-internal notes are not personal to you).",
    "consents": "Every consent you gave or withdrew, with its source and text version.",
    "security_events": "Security events about your account.",
    "sessions": "Your sign-in sessions and tokens (never the tokens themselves).",
    "impersonation_sessions": "Times staff acted as you, with their stated reason.",
    "audit": "Audit entries about you or made by you.",
}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else str(value)


def json_area(chunks: Iterator[list[dict[str, Any]]], counter: list[int]) -> Iterator[bytes]:
    """A JSON array streamed chunk by chunk; `counter[0]` counts the rows written."""
    yield b"["
    first = True
    for chunk in chunks:
        if not chunk:
            continue
        text = ",\n".join(json.dumps(row, default=_plain, ensure_ascii=False) for row in chunk)
        yield (("\n" if first else ",\n") + text).encode()
        first = False
        counter[0] += len(chunk)
    yield b"\n]\n"


def index_html(user_id: int, request_id: int, counts: Mapping[str, int], at: datetime) -> bytes:
    rows = "\n".join(
        f'<tr><td><a href="{html.escape(area)}.json">{html.escape(area)}.json</a></td><td>{count}</td>'
        f"<td>{html.escape(DESCRIPTIONS.get(area, ''))}</td></tr>"
        for area, count in counts.items()
    )
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Your personal data</title>
<style>body{{font-family:sans-serif;margin:2em}}td,th{{padding:.3em .8em;text-align:left}}</style></head>
<body><h1>Your personal data</h1>
<p>Export {request_id} for account {user_id}, made {html.escape(at.isoformat())}. Each file is JSON (one list of
records); open it with any text editor or JSON viewer.</p>
<table><thead><tr><th>File</th><th>Records</th><th>What it holds</th></tr></thead><tbody>
{rows}
</tbody></table></body></html>
"""
    return page.encode()

"""Erasure's text scrubber: every occurrence of the erased person's identifiers (username, e-mail, names) in a free
text, whatever its case, becomes a placeholder. Used on rows shared with other people (error groups, other people's
error messages, outbox events) and on the bulk module's files (uploads and exports that list the person)."""

from __future__ import annotations

import re
from collections.abc import Sequence

REDACTED = "[redacted]"


def pattern(needles: Sequence[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for the non-empty needles, longest first (an e-mail before its username)."""
    kept = sorted({n for n in needles if n and n.strip()}, key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in kept), re.IGNORECASE) if kept else None


def scrub(text: str, found: re.Pattern[str] | None) -> str:
    return found.sub(REDACTED, text) if found is not None and text else text

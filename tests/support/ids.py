"""Test ids that are the same in every process: pytest-xdist's workers must collect identical ids, and a set's
order changes with the interpreter's hash seed."""

from __future__ import annotations

from typing import Any


def criteria_id(criteria: dict[str, Any]) -> str:
    return ",".join(f"{k}={sorted(v) if isinstance(v, (set, frozenset)) else v}" for k, v in criteria.items())

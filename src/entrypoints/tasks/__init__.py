"""Huey task entry points: they take ids, call a service from the container, hold no logic."""

from . import analytics, audit, bulk, monitoring, outbox, privacy, security, sessions, support  # noqa: F401

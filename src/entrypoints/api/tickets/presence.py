"""The body of a presence heartbeat: viewing (no body) or typing. Ninja's Schema reads any value's missing attributes
as defaults, so the body is held to a JSON object here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import model_validator

from entrypoints.api.schemas import Flag


class PresenceIn(Schema):
    typing: Flag = Field(False, description="the agent is typing in the ticket's composer")

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        """A JSON object or nothing: Ninja's Schema would read any other value's missing attributes as defaults."""
        raw = data._obj if isinstance(data, DjangoGetter) else data
        if not isinstance(raw, Mapping):
            raise ValueError('must be a JSON object, e.g. {"typing": true}')
        return data


VIEWING = PresenceIn(typing=False)  # no body: the agent is looking, not typing

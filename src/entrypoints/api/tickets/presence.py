"""The body of a presence heartbeat: viewing (no body) or typing. A body that is not a JSON object is refused by the
API's parser (`entrypoints.api.parsing`), as for every operation."""

from __future__ import annotations

from ninja import Field, Schema

from entrypoints.api.schemas import Flag


class PresenceIn(Schema):
    typing: Flag = Field(False, description="the agent is typing in the ticket's composer")


VIEWING = PresenceIn(typing=False)  # no body: the agent is looking, not typing

"""What the privacy module tells the event stream: ids, stages and types, never a name or an address."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.shared.channels import PRIVACY, USERS, user_channel
from domain.shared.events import Event

from .model import ConsentSource, PrivacyRequest, RequestKind, Stage


@dataclass(frozen=True)
class ConsentChanged(Event):
    TYPE = "consent.changed"
    user_id: int
    consent_type: str
    granted: bool
    version: str
    source: ConsentSource
    at: datetime

    def channels(self) -> tuple[str, ...]:
        return (USERS, user_channel(self.user_id))


@dataclass(frozen=True)
class PrivacyRequestChanged(Event):
    TYPE = "privacy.request_changed"
    id: int
    kind: RequestKind
    user_id: int
    stage: Stage
    at: datetime

    @classmethod
    def of(cls, request: PrivacyRequest, at: datetime) -> PrivacyRequestChanged:
        return cls(request.id, request.kind, request.user_id, request.stage, at)

    def channels(self) -> tuple[str, ...]:
        return (PRIVACY,)

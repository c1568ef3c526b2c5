from __future__ import annotations

from urllib.parse import urlsplit

from ninja import Field, Schema

from domain.notifications.model import Channel, Topic
from domain.notifications.service import PreferencesView
from entrypoints.api.schemas import ReadModelOut


class TopicChannelsIn(Schema):
    topic: Topic
    channels: list[Channel] = Field(max_length=3, description="where this topic reaches you; empty mutes it")


class PreferencesIn(Schema):
    topics: list[TopicChannelsIn] = Field(
        max_length=10, description="channels per topic; a topic left out goes by e-mail (each topic at most once)"
    )
    phone: str | None = Field(
        None, max_length=32, description="E.164 (+447700900123) for SMS; omitted keeps yours, empty removes it"
    )
    webhook_url: str | None = Field(
        None,
        max_length=500,
        description="a Slack-compatible incoming webhook (https); omitted keeps yours, empty removes it",
    )


class TopicChannelsOut(ReadModelOut):
    topic: Topic
    channels: list[Channel]


class PreferencesOut(ReadModelOut):
    topics: list[TopicChannelsOut] = Field(description="the topics that can reach you, with their channels")
    phone: str | None = Field(description="your SMS number (E.164), if you set one")
    webhook_host: str | None = Field(description="the host of your webhook, if you set one (the URL is a secret)")

    @classmethod
    def of(cls, view: PreferencesView) -> PreferencesOut:
        items = [
            TopicChannelsOut(topic=t, channels=sorted(view.prefs.on(t), key=list(Channel).index)) for t in view.topics
        ]
        url = view.prefs.webhook_url
        return cls(topics=items, phone=view.prefs.phone, webhook_host=urlsplit(url).hostname if url else None)

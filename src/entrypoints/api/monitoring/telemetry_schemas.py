"""What a telemetry item is, for the OpenAPI document. The endpoint does not validate items against these: the
domain checks each item on its own (domain.monitoring.telemetry), so one bad item is reported in `rejected` with
its index while the rest of the batch is stored."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import SkipValidation

from domain.monitoring.telemetry import MAX_BATCH
from domain.monitoring.telemetry_fields import TEXT, TelemetryAdjustment, TelemetryRejection
from entrypoints.api.schemas import ReadModelOut


class ItemCommon(Schema):
    session_id: str = Field(max_length=TEXT["session_id"], description="the front end's session id")
    at: str = Field(description="ISO 8601 with a zone; more than a day off is clamped to server time and flagged")
    user_id: int | None = Field(
        None, ge=1, description="the learner: required from a service, optional (own id) from a learner"
    )


class HeartbeatIn(ItemCommon):
    kind: Literal["heartbeat"]
    url: str = Field(max_length=TEXT["url"])
    title: str | None = Field(None, max_length=TEXT["title"])
    visible: bool | None = Field(None, description="document.visibilityState == 'visible' (default true)")
    rage_clicks: int | None = Field(None, ge=0, le=1000, description="rage clicks since the last heartbeat")
    leaving: bool | None = Field(None, description="sent from pagehide: counts an exit of the page")


class PageViewIn(HeartbeatIn):
    kind: Literal["page_view"]  # type: ignore[assignment]
    referrer: str | None = Field(None, max_length=TEXT["referrer"])


class FrameIn(Schema):
    filename: str | None = Field(None, max_length=TEXT["filename"])
    function: str | None = Field(None, max_length=TEXT["function"])
    lineno: int | None = Field(None, ge=0)
    colno: int | None = Field(None, ge=0, description="the column (1-based): with lineno, what a source map reads")
    in_app: bool | None = None
    module: str | None = Field(None, max_length=TEXT["module"])
    context_line: str | None = Field(None, max_length=TEXT["context_line"])


class ClientErrorIn(ItemCommon):
    kind: Literal["client_error"]
    message: str = Field(description=f"cut to {TEXT['message']} characters (flagged)")
    type: str | None = Field(None, max_length=TEXT["type"], description="TypeError, ...")
    stack: list[FrameIn] | None = Field(None, description="innermost frame last; cut to 50 frames (flagged)")
    url: str | None = Field(None, max_length=TEXT["url"])
    release: str | None = Field(None, max_length=TEXT["release"])
    fingerprint: list[str] | str | None = Field(None, description="groups by this instead of the stack")
    breadcrumbs: list[dict[str, Any]] | None = Field(None, description="up to 30, 1 KB each")


class ApiCallIn(Schema):
    route: str = Field(max_length=TEXT["route"], description="the route pattern, e.g. /api/courses/{id}")
    duration_ms: int = Field(ge=0)


class PerformanceIn(ItemCommon):
    kind: Literal["performance"]
    page_load_ms: int | None = Field(None, ge=0)
    api_calls: list[ApiCallIn] | None = None
    cache_hits: int | None = Field(None, ge=0)
    cache_misses: int | None = Field(None, ge=0)
    url: str | None = Field(None, max_length=TEXT["url"])
    vitals: dict[str, int] | None = Field(
        None, description="web-vitals figures: LCP, INP, FCP, TTFB in ms, CLS x 1000; others are ignored"
    )


class ScreenIn(Schema):
    width: int = Field(ge=1)
    height: int = Field(ge=1)


class DeviceIn(ItemCommon):
    kind: Literal["device"]
    user_agent: str = Field(max_length=TEXT["user_agent"], description="parsed with ua-parser")
    screen: ScreenIn | None = None
    client_hints: dict[str, Any] | None = Field(
        None, description="Sec-CH-UA: brands, mobile, platform, platform_version, model"
    )


class ReplayChunkIn(ItemCommon):
    kind: Literal["replay_chunk"]
    seq: int = Field(ge=0)
    data: str = Field(
        description="rrweb events, compressed and base64-encoded; cut to 256 KiB (flagged); stored "
        "only with the learner's session_recording consent"
    )


TelemetryItem = Annotated[
    HeartbeatIn | PageViewIn | ClientErrorIn | PerformanceIn | DeviceIn | ReplayChunkIn, Field(discriminator="kind")
]


class TelemetryIn(Schema):
    items: list[SkipValidation[TelemetryItem]] = Field(
        min_length=1, max_length=MAX_BATCH, description="each item checked on its own"
    )


class RejectedItemOut(ReadModelOut):
    index: int
    code: TelemetryRejection
    status: int = Field(description="the HTTP status the item alone would have had (403: not yours / no consent)")
    reason: str


class AdjustedItemOut(ReadModelOut):
    index: int
    code: TelemetryAdjustment
    reason: str


class TelemetryOut(ReadModelOut):
    accepted: int
    rejected: list[RejectedItemOut]
    adjusted: list[AdjustedItemOut] = Field(description="stored, but truncated to a cap or with its time clamped")
    recording: bool | None = Field(
        None,
        description="the sender's session_recording consent as it stands now (null from a service): the browser "
        "SDK starts recording when it turns true and stops at once when it turns false",
    )

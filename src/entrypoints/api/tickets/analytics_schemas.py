"""The support analytics' query and answer: volumes, first response and resolution percentiles overall, by agent,
category and priority, SLA compliance, satisfaction and reopen rate over a range."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from domain.shared.support import Category
from domain.tickets.queries import AnalyticsReport, Grouping, GroupTimes, Percentiles
from domain.tickets.sla import Priority
from domain.tickets.status import TicketStatus
from entrypoints.api.schemas import Moment, ReadModelOut


class AnalyticsQuery(Schema):
    from_: Moment | None = Field(None, alias="from")
    to: Moment | None = None
    group_by: Grouping = Grouping.DAY


class PercentilesOut(ReadModelOut):
    p50: float | None
    p90: float | None

    @staticmethod
    def of(p: Percentiles) -> PercentilesOut:
        return PercentilesOut(p50=p.p50, p90=p.p90)


class BacklogPoint(Schema):
    period: datetime
    created: int
    resolved: int
    open: int


class AgentFiguresOut(ReadModelOut):
    agent_id: int
    open_load: int
    assigned: int
    resolved: int
    first_response_minutes: PercentilesOut
    satisfaction_average: float | None


class GroupTimesOut(ReadModelOut):
    first_response_minutes: PercentilesOut
    resolution_minutes: PercentilesOut

    @staticmethod
    def of(g: GroupTimes) -> GroupTimesOut:
        return GroupTimesOut(
            first_response_minutes=PercentilesOut.of(g.first_response),
            resolution_minutes=PercentilesOut.of(g.resolution),
        )


class AnalyticsOut(ReadModelOut):
    """`from` and `to` say the span counted (the defaults filled in): the query's own names."""

    from_: datetime = Field(alias="from")
    to: datetime
    group_by: Grouping
    total: int
    by_status: dict[TicketStatus, int]
    by_category: dict[Category, int]
    by_priority: dict[Priority, int]
    by_team: dict[str, int]
    first_response_minutes: PercentilesOut
    resolution_minutes: PercentilesOut
    sla_compliance_percent: float | None
    backlog: list[BacklogPoint]
    satisfaction_average: float | None
    satisfaction_distribution: dict[int, int]
    reopen_rate_percent: float | None
    agents: list[AgentFiguresOut]
    times_by_category: dict[Category, GroupTimesOut] = Field(description="first response and resolution p50/p90")
    times_by_priority: dict[Priority, GroupTimesOut]

    @staticmethod
    def of(r: AnalyticsReport, group_by: Grouping) -> AnalyticsOut:
        return AnalyticsOut(
            **{"from": r.start},
            to=r.end,
            group_by=group_by,
            total=r.total,
            by_status={TicketStatus(k): n for k, n in r.by_status.items()},
            by_category={Category(k): n for k, n in r.by_category.items()},
            by_priority={Priority(k): n for k, n in r.by_priority.items()},
            by_team=dict(r.by_team),
            first_response_minutes=PercentilesOut.of(r.first_response_minutes),
            resolution_minutes=PercentilesOut.of(r.resolution_minutes),
            sla_compliance_percent=r.sla_compliance_percent,
            backlog=[BacklogPoint(period=p, created=c, resolved=s, open=o) for p, c, s, o in r.backlog],
            satisfaction_average=r.satisfaction_average,
            satisfaction_distribution=dict(r.satisfaction_distribution),
            reopen_rate_percent=r.reopen_rate_percent,
            agents=[
                AgentFiguresOut(
                    agent_id=a.agent_id,
                    open_load=a.open_load,
                    assigned=a.assigned,
                    resolved=a.resolved,
                    first_response_minutes=PercentilesOut.of(a.first_response),
                    satisfaction_average=a.satisfaction_average,
                )
                for a in r.agents
            ],
            times_by_category={Category(k): GroupTimesOut.of(g) for k, g in r.times_by_category.items()},
            times_by_priority={Priority(k): GroupTimesOut.of(g) for k, g in r.times_by_priority.items()},
        )

"""Detection rules: pure functions from rollups to findings. The service runs them every minute."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .model import AlertRule, AlertSeverity, Finding
from .queries import GroupSummary, RepeatedError
from .records import LATENCY_BUCKETS_MS, RouteSample

RECENT = timedelta(minutes=5)  # the window server rates and latencies are judged on
BASELINE = timedelta(hours=24)  # what they are compared with


@dataclass(frozen=True)
class Thresholds:
    spike_factor: float = 3.0  # last hour against the 7-day hourly mean
    spike_sigmas: float = 3.0  # ... and above mean + 3 standard deviations
    spike_min: int = 10  # never a spike below this many events an hour
    server_error_rate: float = 0.05  # 5xx share of requests in the last 5 minutes
    error_rate_factor: float = 3.0  # ... or this multiple of the 24-hour rate
    min_requests: int = 20  # too few requests say nothing
    route_p95_ms: float = 2_000.0
    route_p95_factor: float = 3.0
    repeats: int = 3  # one learner, one error, this many times in a session
    page_factor: float = 3.0
    page_min: int = 10
    users: int = 10  # one error reaching this many distinct learners ...
    users_minutes: int = 60  # ... within this many minutes

    @property
    def users_window(self) -> timedelta:
        return timedelta(minutes=self.users_minutes)


def evidence_of_group(group_id: int) -> dict[str, object]:
    return {"group": f"/api/monitoring/errors/{group_id}"}


def new_groups(groups: Sequence[GroupSummary]) -> list[Finding]:
    return [
        Finding(
            AlertRule.NEW_GROUP,
            f"group:{g.id}",
            AlertSeverity.INFO,
            f"New {g.source.value} error: {g.title}",
            evidence_of_group(g.id),
            group_id=g.id,
        )
        for g in groups
    ]


def regressions(groups: Sequence[GroupSummary]) -> list[Finding]:
    return [
        Finding(
            AlertRule.REGRESSION,
            f"group:{g.id}",
            AlertSeverity.WARNING,
            f"Resolved error is back: {g.title}",
            evidence_of_group(g.id),
            group_id=g.id,
        )
        for g in groups
    ]


def spike_threshold(history: Sequence[int], factor: float, sigmas: float, floor: int) -> float:
    """Above this a last-hour count is a spike: the larger of floor, factor x mean and mean + sigmas x sd."""
    n = len(history) or 1
    mean = sum(history) / n
    sd = math.sqrt(sum((c - mean) ** 2 for c in history) / n)
    return max(float(floor), factor * mean, mean + sigmas * sd)


def spikes(group_hours: dict[int, list[int]], titles: dict[int, str], t: Thresholds) -> list[Finding]:
    found = []
    for group_id, counts in group_hours.items():
        *history, last = counts or [0]
        limit = spike_threshold(history, t.spike_factor, t.spike_sigmas, t.spike_min)
        if last > limit:
            found.append(
                Finding(
                    AlertRule.SPIKE,
                    f"group:{group_id}",
                    AlertSeverity.WARNING,
                    f"{last} events in the last hour (baseline {limit:.0f}): {titles.get(group_id, '')}",
                    {**evidence_of_group(group_id), "last_hour": last, "threshold": round(limit, 1)},
                    group_id=group_id,
                )
            )
    return found


def percentile(buckets: Sequence[int], q: float) -> float | None:
    """The q-quantile (0-1) of a latency histogram, as the upper bound of the bucket it falls in."""
    total = sum(buckets)
    if not total:
        return None
    rank, seen = q * total, 0
    for bound, n in zip((*LATENCY_BUCKETS_MS, math.inf), buckets, strict=False):
        seen += n
        if seen >= rank:
            return float(bound) if bound != math.inf else float(LATENCY_BUCKETS_MS[-1]) * 2
    return float(LATENCY_BUCKETS_MS[-1]) * 2


@dataclass
class RouteFigures:
    count: int = 0
    server_errors: int = 0
    client_errors: int = 0
    duration_ms_sum: float = 0.0
    buckets: list[int] | None = None

    def add(self, s: RouteSample) -> None:
        self.count += s.count
        self.server_errors += s.server_errors
        self.client_errors += s.client_errors
        self.duration_ms_sum += s.duration_ms_sum
        self.buckets = [a + b for a, b in zip(self.buckets or [0] * len(s.buckets), s.buckets, strict=False)]

    @property
    def error_rate(self) -> float:
        return self.server_errors / self.count if self.count else 0.0

    def p(self, q: float) -> float | None:
        return percentile(self.buckets or [], q)


def by_route(samples: Sequence[RouteSample], start: datetime, end: datetime) -> dict[str, RouteFigures]:
    figures: dict[str, RouteFigures] = defaultdict(RouteFigures)
    for s in samples:
        if start <= s.minute < end:
            figures[f"{s.method} {s.route}"].add(s)
    return dict(figures)


def server_alerts(samples: Sequence[RouteSample], now: datetime, t: Thresholds) -> list[Finding]:
    recent = by_route(samples, now - RECENT, now + timedelta(minutes=1))
    before = by_route(samples, now - BASELINE, now - RECENT)
    found = []
    total, base_total = RouteFigures(), RouteFigures()
    for name, f in recent.items():
        total.count, total.server_errors = total.count + f.count, total.server_errors + f.server_errors
        base = before.get(name, RouteFigures())
        p95, base_p95 = f.p(0.95), base.p(0.95)
        limit = min(t.route_p95_ms, t.route_p95_factor * base_p95) if base_p95 else t.route_p95_ms
        if f.count >= t.min_requests and p95 is not None and p95 > limit:
            found.append(
                Finding(
                    AlertRule.ROUTE_LATENCY,
                    f"route:{name}",
                    AlertSeverity.WARNING,
                    f"{name} p95 {p95:.0f} ms over the last 5 minutes (limit {limit:.0f} ms)",
                    {
                        "route": name,
                        "p95_ms": p95,
                        "baseline_p95_ms": base_p95,
                        "requests": f.count,
                        "health": "/api/monitoring/health",
                    },
                )
            )
    for f in before.values():
        base_total.count, base_total.server_errors = (
            base_total.count + f.count,
            base_total.server_errors + f.server_errors,
        )
    rate, base_rate = total.error_rate, base_total.error_rate
    limit = min(t.server_error_rate, t.error_rate_factor * base_rate) if base_rate else t.server_error_rate
    if total.count >= t.min_requests and rate > limit:
        found.append(
            Finding(
                AlertRule.SERVER_ERROR_RATE,
                "server",
                AlertSeverity.CRITICAL,
                f"{rate:.1%} of requests failed with 5xx in the last 5 minutes (limit {limit:.1%})",
                {
                    "requests": total.count,
                    "server_errors": total.server_errors,
                    "baseline_rate": round(base_rate, 4),
                    "health": "/api/monitoring/health",
                },
            )
        )
    return found


def repeated_errors(rows: Sequence[RepeatedError], t: Thresholds) -> list[Finding]:
    return [
        Finding(
            AlertRule.REPEATED_ERROR,
            f"session:{r.session_id}:group:{r.group_id}",
            AlertSeverity.WARNING,
            f"Learner #{r.user_id} hit the same error {r.count} times in one session: {r.title}",
            {**evidence_of_group(r.group_id), "session": f"/api/monitoring/sessions/{r.session_id}", "count": r.count},
            user_id=r.user_id,
            session_id=r.session_id,
            group_id=r.group_id,
        )
        for r in rows
        if r.count >= t.repeats
    ]


def users_affected(group_users: dict[int, int], titles: dict[int, str], t: Thresholds) -> list[Finding]:
    """A group whose events reached `t.users` distinct learners within the last `t.users_minutes` minutes."""
    return [
        Finding(
            AlertRule.USERS_AFFECTED,
            f"group:{group_id}",
            AlertSeverity.WARNING,
            f"{users} learners hit this error in the last {t.users_minutes} minutes: {titles.get(group_id, '')}",
            {**evidence_of_group(group_id), "users": users, "threshold": t.users, "minutes": t.users_minutes},
            group_id=group_id,
        )
        for group_id, users in sorted(group_users.items())
        if users >= t.users
    ]


def page_jumps(page_hours: dict[str, list[tuple[int, int, int]]], t: Thresholds) -> list[Finding]:
    found = []
    for page, hours in page_hours.items():
        for column, rule, what in ((1, AlertRule.PAGE_EXITS, "exits"), (2, AlertRule.RAGE_CLICKS, "rage clicks")):
            *history, last = [h[column] for h in hours] or [0]
            limit = spike_threshold(history, t.page_factor, t.spike_sigmas, t.page_min)
            if last > limit:
                found.append(
                    Finding(
                        rule,
                        f"page:{page}",
                        AlertSeverity.WARNING,
                        f"{last} {what} on {page} in the last hour (baseline {limit:.0f})",
                        {"page": page, "last_hour": last, "threshold": round(limit, 1)},
                    )
                )
    return found

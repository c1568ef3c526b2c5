"""In-memory learner analytics: rollup rows, summaries made on demand, risk scores. Storage and lookups only: the
rollups, summaries, funnel and score are the domain's (the Django adapter runs the same functions)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from domain.analytics.days import Calendar, add_months, days, month_key, week_start
from domain.analytics.facts import counted_activity, fact
from domain.analytics.journeys import DropOff, Funnel, JourneyRow, drop_offs, funnel_of, tally
from domain.analytics.ports import AtRiskLearner, HistoryPoint, RebuildReport
from domain.analytics.risk import (
    CLOSED_TICKETS,
    FINISHED,
    LOW_RATING,
    RATING_DAYS,
    RISK_CURSOR,
    SECURITY_DAYS,
    SERIOUS,
    Band,
    Enrolment,
    Indicators,
    RiskScore,
    SupportFacts,
    indicators,
    lookup,
    moved,
    norms,
    recent_from,
)
from domain.analytics.rollup import Attributes, CourseDay, DaySummary, Deltas, Journey, LearnerDay, summarize
from domain.shared.pagination import Page, PageRequest, page_from_rows

from .accounts import InMemoryAccounts
from .security import InMemorySecurityEvents
from .tickets import InMemoryTickets


class InMemoryAnalytics:
    """RollupStore (the funnel too), AnalyticsQueries and RiskStore over dictionaries, reading the other fakes'
    records."""

    def __init__(
        self,
        calendar: Calendar,
        people: InMemoryAccounts,
        tickets: InMemoryTickets | None = None,
        security: InMemorySecurityEvents | None = None,
    ):
        self.calendar = calendar
        self.people = people
        self.tickets = tickets
        self.security = security
        self.learner_days: dict[tuple[int, date], LearnerDay] = {}
        self.course_days: dict[tuple[int, str, date], CourseDay] = {}
        self.journeys: dict[tuple[int, str], Journey] = {}
        self.scores: dict[int, RiskScore] = {}
        self.risk_history: list[tuple[int, HistoryPoint]] = []
        self.validation: dict[int, float] = {}

    # -- RollupStore -----------------------------------------------------------------------------
    def apply(self, deltas: Deltas, now: datetime) -> None:
        self._add(deltas)  # summaries are made on demand: nothing to mark

    def _add(self, deltas: Deltas) -> None:
        for key, ld in deltas.learner_days.items():
            self.learner_days.setdefault(key, LearnerDay(ld.user_id, ld.day)).add(ld)
        for ckey, cd in deltas.course_days.items():
            self.course_days.setdefault(ckey, CourseDay(cd.user_id, cd.course, cd.day)).add(cd)
        for jkey, j in deltas.journeys.items():
            self.journeys.setdefault(jkey, Journey(j.user_id, j.course)).add(j)

    def _attributes(self) -> dict[int, Attributes]:
        out = {}
        for uid, p in self.people.profiles.items():
            first = self.journeys.get((uid, ""))
            enrolled = first.enrolled if first else None
            out[uid] = Attributes(
                p.platform_role.value,
                p.support_priority.value,
                p.account_status.value,
                month_key(self.calendar.day(self.people.people[uid].date_joined)),
                month_key(self.calendar.day(enrolled)) if enrolled else "",
            )
        return out

    def summaries(
        self, dimension: str, value: str, first: date, last: date, now: datetime, only: tuple[str, ...] = ()
    ) -> dict[date, DaySummary]:
        attrs = self._attributes()
        out = {}
        joined: dict[date, list[int]] = {}
        for uid, person in self.people.people.items():
            if uid in self.people.profiles:
                joined.setdefault(self.calendar.day(person.date_joined), []).append(uid)
        for d in days(first, last):
            lds = [r for (_, day), r in self.learner_days.items() if day == d]
            cds = [r for (_, _, day), r in self.course_days.items() if day == d]
            for s in summarize(d, lds, cds, attrs, joined.get(d, ())):
                if s.key == (dimension, value):
                    out[d] = _only(s, only) if only else s
        return out

    def mark(self, changed: Iterable[date], now: datetime) -> None:
        pass  # summaries are made on demand

    def rebuild(self, first: date | None, last: date | None, excluded: frozenset[int]) -> RebuildReport:
        def inside(d: date) -> bool:
            return (first is None or d >= first) and (last is None or d <= last)

        self.learner_days = {k: v for k, v in self.learner_days.items() if not inside(k[1])}
        self.course_days = {k: v for k, v in self.course_days.items() if not inside(k[2])}
        if first is None and last is None:
            self.journeys = {}
        out = Deltas()
        n = 0
        for a in self.people.activities:
            uid = self.people.activity_users[a.id]
            if uid in excluded or not inside(self.calendar.day(a.timestamp)):
                continue
            if counted_activity(a.activity_type, a.activity_data):
                out.add(fact(uid, a.timestamp, a.activity_type, a.activity_data), self.calendar)
                n += 1
        self._add(out)
        return RebuildReport(first, last, n, len(out.learner_days), 0, 0.0)

    def forget(self, user_id: int, now: datetime) -> None:
        self.learner_days = {k: v for k, v in self.learner_days.items() if k[0] != user_id}
        self.course_days = {k: v for k, v in self.course_days.items() if k[0] != user_id}
        self.journeys = {k: v for k, v in self.journeys.items() if k[0] != user_id}
        self.scores.pop(user_id, None)
        self.risk_history = [(u, h) for u, h in self.risk_history if u != user_id]

    # -- AnalyticsQueries ------------------------------------------------------------------------
    def course_exists(self, code: str) -> bool:
        return code in self.people.courses_by_code

    def signups(self, first: date, last: date, now: datetime) -> dict[date, int]:
        out: dict[date, int] = {}
        for uid, person in self.people.people.items():
            day = self.calendar.day(person.date_joined)
            if first <= day <= last and uid in self.people.profiles:
                out[day] = out.get(day, 0) + 1
        return out

    def latest_summary(self) -> date | None:
        return None  # summaries are made on demand: there is never a day to catch up

    def funnel(self, course: str | None, first: date, last: date, now: datetime) -> Funnel:
        everyone, theirs = [], []
        for uid, person in self.people.people.items():
            if not first <= self.calendar.day(person.date_joined) <= last or uid not in self.people.profiles:
                continue
            o = self.journeys.get((uid, "")) or Journey(uid, "")
            everyone.append(JourneyRow(person.date_joined, o.first_login, o.enrolled, o.p25, o.p50, o.p75, o.completed))
            c = self.journeys.get((uid, course)) if course else None
            if c is not None:
                theirs.append(
                    JourneyRow(person.date_joined, o.first_login, c.enrolled, c.p25, c.p50, c.p75, c.completed)
                )
        return funnel_of([tally(everyone)], [tally(theirs)] if course else None)

    def stops(self, course: str | None, first: datetime, end: datetime, stopped_before: datetime) -> list[DropOff]:
        tally: dict[tuple[str, str], int] = {}
        for (_, code), j in self.journeys.items():
            if not code or (course and code != course) or j.enrolled is None or j.completed is not None:
                continue
            if first <= j.enrolled < end and j.last_seen is not None and j.last_seen < stopped_before:
                tally[(code, j.last_module)] = tally.get((code, j.last_module), 0) + 1
        return drop_offs((c, mod, n) for (c, mod), n in tally.items())

    def cohort_sizes(
        self, by: str, first: date, last: date, segment: tuple[str, str] | None
    ) -> list[tuple[str, date, int]]:
        attrs = self._attributes()
        out = []
        month = first.replace(day=1)
        while month <= last:
            key = month_key(month)
            dim = "signup_month" if by == "signup_month" else "enrolment_month"
            members = [u for u, a in attrs.items() if getattr(a, dim) == key]
            if segment is not None:
                sdim, value = segment
                if sdim == "course":
                    members = [u for u in members if (u, value) in self.journeys]
                else:
                    members = [u for u in members if getattr(attrs[u], sdim) == value]
            out.append((key, month, len(members)))
            month = add_months(month, 1)
        return out

    def tickets_by_week(self, first: datetime, end: datetime) -> list[tuple[date, str, int]]:
        tally: dict[tuple[date, str], int] = {}
        for t in self.tickets.rows.values() if self.tickets else []:
            if first <= t.created_at < end:
                key = (week_start(self.calendar.day(t.created_at)), t.category)
                tally[key] = tally.get(key, 0) + 1
        return sorted((w, c, n) for (w, c), n in tally.items())

    # -- RiskStore -------------------------------------------------------------------------------
    def batches(self, size: int, after: int = 0) -> Iterator[list[int]]:
        ids = sorted(u for u in self.people.profiles if u > after)
        for i in range(0, len(ids), size):
            yield ids[i : i + size]

    def _enrolments(self, uid: int, as_of: date) -> list[Enrolment]:
        per: dict[str, list[CourseDay]] = {}
        for (u, code, d), cd in self.course_days.items():
            if u == uid and d < as_of:
                per.setdefault(code, []).append(cd)
        out = []
        for code, rows in per.items():
            done = sum(r.completions for r in rows)
            drops = sum(r.drops for r in rows)
            out.append(Enrolment.of(code, min(r.day for r in rows), max(r.max_progress for r in rows), done, drops))
        return out

    def norms(self, as_of: date) -> Mapping[tuple[str, int], float]:
        return norms((e for uid in self.people.profiles for e in self._enrolments(uid, as_of)), as_of)

    def indicators(
        self, user_ids: Sequence[int], as_of: date, norm_table: Mapping[tuple[str, int], float]
    ) -> dict[int, Indicators]:
        at = self.calendar.start(as_of)
        out = {}
        for uid in user_ids:
            if uid not in self.people.profiles:
                continue
            mine = [r for (u, d), r in self.learner_days.items() if u == uid and d < as_of]
            recent = [r for r in mine if r.day >= recent_from(as_of)]
            since = at - timedelta(days=SECURITY_DAYS)
            serious = [
                e
                for e in (self.security.of_user(uid) if self.security else [])
                if e.severity.value in SERIOUS and since <= e.timestamp < at
            ]
            support = SupportFacts()
            if self.tickets:
                theirs = [t for t in self.tickets.rows.values() if t.user_id == uid and t.created_at < at]
                open_ = [
                    t
                    for t in theirs
                    if (t.resolved_at is None and t.status.value not in CLOSED_TICKETS)
                    or (t.resolved_at is not None and t.resolved_at >= at)
                ]
                rated_since = at - timedelta(days=RATING_DAYS)
                low = [
                    t
                    for t in theirs
                    if t.satisfaction_rating is not None
                    and t.satisfaction_rating <= LOW_RATING
                    and t.resolved_at is not None
                    and rated_since <= t.resolved_at < at
                ]
                support = SupportFacts(len(open_), sum(1 for t in open_ if t.escalation_level > 0), len(low))
            out[uid] = indicators(
                as_of,
                self.calendar.day(self.people.people[uid].date_joined),
                max((r.day for r in mine), default=None),
                recent,
                self._enrolments(uid, as_of),
                lookup(norm_table),
                len(serious),
                support,
            )
        return out

    def save(self, scores: Sequence[RiskScore]) -> int:
        added = 0
        for s in scores:
            before = self.scores.get(s.user_id)
            if before is None or moved(before.score, before.band, s.score, s.band):
                self.risk_history.append((s.user_id, HistoryPoint(s.computed_at, s.score, s.band)))
                added += 1
            self.scores[s.user_id] = s
            self.people.profiles[s.user_id].risk_score = s.score
        return added

    def current(self, user_id: int) -> RiskScore | None:
        return self.scores.get(user_id)

    def history(self, user_id: int, limit: int) -> list[HistoryPoint]:
        mine = [h for u, h in self.risk_history if u == user_id]
        return list(reversed(mine))[:limit]

    def at_risk(
        self, course: str | None, band: Band | None, statuses: Collection[str], page: PageRequest
    ) -> Page[AtRiskLearner]:
        profiles = self.people.profiles
        rows = [s for s in self.scores.values() if s.user_id in profiles]
        rows = [s for s in rows if profiles[s.user_id].account_status.value in statuses]
        if band is not None:
            rows = [s for s in rows if s.band is band]
        if course:
            c = self.people.courses_by_code.get(course)
            enrolled = {
                u
                for (u, cid), e in self.people.enrollments.items()
                if c and cid == c.id and e.status.value not in FINISHED
            }
            rows = [s for s in rows if s.user_id in enrolled]
        rows.sort(key=lambda s: (-s.score, s.user_id))
        after = page.after(RISK_CURSOR)
        if after is not None:
            rows = [s for s in rows if (-s.score, s.user_id) > (-after[0], after[1])]
        named = [self._named(s) for s in rows[: page.limit + 1]]
        return page_from_rows(named, page, RISK_CURSOR, lambda s: [s.score.score, s.user_id])

    def _named(self, s: RiskScore) -> AtRiskLearner:
        p = self.people.people[s.user_id]
        name = f"{p.first_name} {p.last_name}".strip()
        return AtRiskLearner(s, p.username, name, p.email, self.people.profiles[s.user_id].account_status.value)

    def learner_exists(self, user_id: int) -> bool:
        return user_id in self.people.profiles

    def validation_cohort(self) -> list[tuple[int, datetime]]:
        return [(u, self.people.people[u].date_joined) for u in sorted(self.validation)]

    def active_between(self, user_ids: Sequence[int], first: date, last: date) -> set[int]:
        wanted = set(user_ids)
        return {u for (u, d) in self.learner_days if u in wanted and first <= d <= last}

    def completed_by(self, user_ids: Sequence[int], last: date) -> set[int]:
        wanted = set(user_ids)
        return {u for (u, _, d), cd in self.course_days.items() if u in wanted and d <= last and cd.completions}

    def refresh(self) -> int:
        return 0  # summaries are made on demand


def _only(s: DaySummary, only: tuple[str, ...]) -> DaySummary:
    """Just the sets asked for and, with "data", the numbers; the rest left empty (as the Django store reads)."""
    out = DaySummary(s.day, s.dimension, s.value)
    for name in only:
        if name == "data":
            out.load_payload(s.payload())
        else:
            setattr(out, name, getattr(s, name))
    return out


_ = Any

"""RiskStore on Django: indicators read in batches from the rollups, tickets and security events; scores kept
current (and on the profile, for search) with a history point whenever a score moves."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, Max, Min, Q, Sum

from adapters.orm.accounts.models import Enrollment, UserProfile
from adapters.orm.security.models import UserSecurityEvent
from adapters.orm.tickets.models import SupportTicket
from domain.analytics.days import Calendar
from domain.analytics.ports import AtRiskLearner, HistoryPoint
from domain.analytics.risk import (
    CLOSED_TICKETS,
    FINISHED,
    LOW_RATING,
    MOVED,
    RATING_DAYS,
    RISK_CURSOR,
    SECURITY_DAYS,
    SERIOUS,
    Band,
    Enrolment,
    Indicators,
    Reason,
    RiskScore,
    SupportFacts,
    indicators,
    lookup,
    moved,
    norms,
    recent_from,
)
from domain.analytics.rollup import LearnerDay
from domain.shared.pagination import Page, PageRequest, page_from_rows

from . import models as m
from .rollups import LOOKUP, iter_chunks


class DjangoRiskStore:
    def __init__(self, calendar: Calendar):
        self.calendar = calendar

    def batches(self, size: int, after: int = 0) -> Iterator[list[int]]:
        while True:
            ids = list(
                UserProfile.objects.filter(user_id__gt=after)
                .order_by("user_id")
                .values_list("user_id", flat=True)[:size]
            )
            if not ids:
                return
            yield ids
            after = ids[-1]

    def norms(self, as_of: date) -> Mapping[tuple[str, int], float]:
        table = m.CourseDay._meta.db_table
        if connection.vendor == "postgresql":
            with connection.cursor() as c:
                c.execute(
                    f"SELECT course, w, percentile_cont(0.5) WITHIN GROUP (ORDER BY p) FROM ("
                    f"  SELECT course, (%s::date - MIN(day)) / 7 AS w, MAX(max_progress) AS p FROM {table}"
                    f"  WHERE day < %s GROUP BY user_id, course) e GROUP BY course, w",
                    [as_of, as_of],
                )
                return {(course, int(w)): float(p) for course, w, p in c.fetchall()}
        rows = (
            m.CourseDay.objects.filter(day__lt=as_of)
            .values("user_id", "course")
            .annotate(first=Min("day"), p=Max("max_progress"))
            .order_by()
        )
        return norms((Enrolment(r["course"], r["first"], r["p"]) for r in rows), as_of)

    def indicators(
        self, user_ids: Sequence[int], as_of: date, norm_table: Mapping[tuple[str, int], float]
    ) -> dict[int, Indicators]:
        out: dict[int, Indicators] = {}
        ids = sorted(user_ids)
        # the nightly batches are runs of ascending ids: a range reads them far cheaper than an IN list
        chunks = [ids] if len(ids) > LOOKUP and ids[-1] - ids[0] < 2 * len(ids) else iter_chunks(ids, LOOKUP)
        for chunk in chunks:
            out.update(self._indicators(chunk, as_of, norm_table))
        return out

    def _indicators(
        self, ids: list[int], as_of: date, norm_table: Mapping[tuple[str, int], float]
    ) -> dict[int, Indicators]:
        out: dict[int, Indicators] = {}
        as_of_at = self.calendar.start(as_of)
        among = _among(ids)
        joined = dict(UserProfile.objects.filter(**among).values_list("user_id", "date_joined"))
        recent: dict[int, list[LearnerDay]] = {}
        for u, d, e, sec, h, t in m.LearnerDay.objects.filter(
            **among, day__gte=recent_from(as_of), day__lt=as_of
        ).values_list("user_id", "day", "events", "seconds", "hours", "types"):
            recent.setdefault(u, []).append(LearnerDay(u, d, e, sec, h, t))
        last = dict(
            m.LearnerDay.objects.filter(**among, day__lt=as_of)
            .values("user_id")
            .annotate(d=Max("day"))
            .order_by()
            .values_list("user_id", "d")
        )
        courses: dict[int, list[Enrolment]] = {}
        for r in (
            m.CourseDay.objects.filter(**among, day__lt=as_of)
            .values("user_id", "course")
            .annotate(first=Min("day"), p=Max("max_progress"), done=Sum("completions"), drops=Sum("drops"))
            .order_by()
        ):
            courses.setdefault(r["user_id"], []).append(
                Enrolment.of(r["course"], r["first"], r["p"], r["done"], r["drops"])
            )
        serious = dict(
            UserSecurityEvent.objects.filter(
                **among,
                severity__in=SERIOUS,
                timestamp__gte=as_of_at - timedelta(days=SECURITY_DAYS),
                timestamp__lt=as_of_at,
            )
            .values("user_id")
            .annotate(n=Count("id"))
            .order_by()
            .values_list("user_id", "n")
        )
        support: dict[int, SupportFacts] = {}
        tickets = SupportTicket.objects.filter(**among, created_at__lt=as_of_at)
        open_now = Q(resolved_at__isnull=True) | Q(resolved_at__gte=as_of_at)
        low = Q(
            satisfaction_rating__lte=LOW_RATING,
            resolved_at__gte=as_of_at - timedelta(days=RATING_DAYS),
            resolved_at__lt=as_of_at,
        )
        for r in (
            tickets.filter(open_now | low)
            .values("user_id")
            .annotate(
                open=Count("id", filter=open_now & ~Q(status__in=CLOSED_TICKETS, resolved_at__isnull=True)),
                escalated=Count("id", filter=open_now & Q(escalation_level__gt=0)),
                low=Count("id", filter=low),
            )
            .order_by()
        ):
            support[r["user_id"]] = SupportFacts(r["open"], r["escalated"], r["low"])
        table = lookup(norm_table)
        for uid in ids:
            if uid not in joined:
                continue
            out[uid] = indicators(
                as_of,
                self.calendar.day(joined[uid]),
                last.get(uid),
                recent.get(uid, []),
                courses.get(uid, []),
                table,
                serious.get(uid, 0),
                support.get(uid, SupportFacts()),
            )
        return out

    def save(self, scores: Sequence[RiskScore]) -> int:
        if not scores:
            return 0
        if connection.vendor == "postgresql":
            return self._save_pg(scores)
        by_id = {s.user_id: s for s in scores}
        before = {
            r.user_id: r
            for chunk in iter_chunks(sorted(by_id), LOOKUP)
            for r in m.RiskScore.objects.filter(user_id__in=chunk)
        }
        history = [
            m.RiskHistory(user_id=s.user_id, at=s.computed_at, score=s.score, band=s.band.value)
            for s in scores
            if s.user_id not in before or moved(before[s.user_id].score, before[s.user_id].band, s.score, s.band)
        ]
        rows = [
            m.RiskScore(
                user_id=s.user_id,
                score=s.score,
                band=s.band.value,
                computed_at=s.computed_at,
                reasons=[
                    {"indicator": r.indicator, "contribution": r.contribution, "detail": r.detail} for r in s.reasons
                ],
            )
            for s in scores
        ]
        m.RiskScore.objects.bulk_create(
            rows,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["user_id"],
            update_fields=["score", "band", "reasons", "computed_at"],
        )
        m.RiskHistory.objects.bulk_create(history, batch_size=2000)
        changed = [
            (s.user_id, s.score) for s in scores if s.user_id not in before or before[s.user_id].score != s.score
        ]
        table = UserProfile._meta.db_table
        with connection.cursor() as c:
            for chunk in _chunks(changed, 2000):
                values = ", ".join(["(%s, %s)"] * len(chunk))
                cast = "::bigint" if connection.vendor == "postgresql" else ""
                c.execute(
                    f"UPDATE {table} SET risk_score = v.score FROM (SELECT column1{cast} AS uid, column2 AS score FROM "
                    f"(VALUES {values}) AS t) AS v WHERE {table}.user_id = v.uid"
                    if connection.vendor != "postgresql"
                    else f"UPDATE {table} SET risk_score = v.score FROM (VALUES {values}) AS v(uid, score) "
                    f"WHERE {table}.user_id = v.uid",
                    [x for pair in chunk for x in pair],
                )
        return len(history)

    def _save_pg(self, scores: Sequence[RiskScore]) -> int:
        """COPY into a scratch table, then one statement each for the history, the profiles and the scores."""
        score_table, history_table = m.RiskScore._meta.db_table, m.RiskHistory._meta.db_table
        profiles = UserProfile._meta.db_table
        with connection.cursor() as c:
            c.execute(
                "CREATE TEMP TABLE IF NOT EXISTS risk_in (user_id bigint PRIMARY KEY, score float8, band text, "
                "reasons jsonb, computed_at timestamptz) ON COMMIT DELETE ROWS"
            )
            c.execute("DELETE FROM risk_in")
            with c.cursor.copy("COPY risk_in (user_id, score, band, reasons, computed_at) FROM STDIN") as copy:
                for s in scores:
                    reasons = [
                        {"indicator": r.indicator, "contribution": r.contribution, "detail": r.detail}
                        for r in s.reasons
                    ]
                    copy.write_row((s.user_id, s.score, s.band.value, json.dumps(reasons), s.computed_at))
            c.execute(
                f"INSERT INTO {history_table} (user_id, at, score, band) SELECT i.user_id, i.computed_at, i.score, "
                f"i.band FROM risk_in i LEFT JOIN {score_table} r ON r.user_id = i.user_id "
                f"WHERE r.user_id IS NULL OR abs(r.score - i.score) >= %s OR r.band <> i.band",
                [MOVED],
            )
            added = c.rowcount
            c.execute(
                f"UPDATE {profiles} p SET risk_score = i.score FROM risk_in i "
                f"WHERE p.user_id = i.user_id AND p.risk_score IS DISTINCT FROM i.score"
            )
            c.execute(
                f"INSERT INTO {score_table} (user_id, score, band, reasons, computed_at) "
                f"SELECT user_id, score, band, reasons, computed_at FROM risk_in ON CONFLICT (user_id) DO UPDATE "
                f"SET score = EXCLUDED.score, band = EXCLUDED.band, reasons = EXCLUDED.reasons, "
                f"computed_at = EXCLUDED.computed_at"
            )
        return int(added)

    def current(self, user_id: int) -> RiskScore | None:
        r = m.RiskScore.objects.filter(user_id=user_id).first()
        return _score(r) if r else None

    def history(self, user_id: int, limit: int) -> list[HistoryPoint]:
        rows = m.RiskHistory.objects.filter(user_id=user_id).order_by("-at", "-id")[:limit]
        return [HistoryPoint(r.at, r.score, Band(r.band)) for r in rows]

    def at_risk(
        self, course: str | None, band: Band | None, statuses: Collection[str], page: PageRequest
    ) -> Page[AtRiskLearner]:
        rows = m.RiskScore.objects.filter(
            user_id__in=UserProfile.objects.filter(account_status__in=list(statuses)).values("user_id")
        )
        if band is not None:
            rows = rows.filter(band=band.value)
        if course:
            enrolled = Enrollment.objects.filter(course__code=course).exclude(status__in=FINISHED)
            rows = rows.filter(user_id__in=enrolled.values("user_id"))
        after = page.after(RISK_CURSOR)
        if after is not None:
            score, uid = after
            rows = rows.filter(Q(score__lt=score) | Q(score=score, user_id__gt=uid))
        found = [_score(r) for r in rows.order_by("-score", "user_id")[: page.limit + 1]]
        who = {
            p["user_id"]: p
            for p in UserProfile.objects.filter(user_id__in=[s.user_id for s in found]).values(
                "user_id", "account_status", "user__username", "user__first_name", "user__last_name", "user__email"
            )
        }
        named = [_named(s, who[s.user_id]) for s in found if s.user_id in who]
        return page_from_rows(named, page, RISK_CURSOR, lambda s: [s.score.score, s.user_id])

    def learner_exists(self, user_id: int) -> bool:
        return UserProfile.objects.filter(user_id=user_id).exists()

    def validation_cohort(self) -> list[tuple[int, datetime]]:
        ids = list(m.SeededPropensity.objects.values_list("user_id", flat=True))
        out: list[tuple[int, datetime]] = []
        for chunk in iter_chunks(sorted(ids), LOOKUP):
            out += list(UserProfile.objects.filter(user_id__in=chunk).values_list("user_id", "date_joined"))
        return out

    def active_between(self, user_ids: Sequence[int], first: date, last: date) -> set[int]:
        out: set[int] = set()
        for chunk in iter_chunks(sorted(user_ids), LOOKUP):
            out |= set(
                m.LearnerDay.objects.filter(user_id__in=chunk, day__gte=first, day__lte=last)
                .values_list("user_id", flat=True)
                .distinct()
            )
        return out

    def completed_by(self, user_ids: Sequence[int], last: date) -> set[int]:
        out: set[int] = set()
        for chunk in iter_chunks(sorted(user_ids), LOOKUP):
            out |= set(
                m.CourseDay.objects.filter(user_id__in=chunk, day__lte=last, completions__gt=0)
                .values_list("user_id", flat=True)
                .distinct()
            )
        return out


def _among(ids: list[int]) -> dict[str, Any]:
    """A filter for these learners: a range when they are a run of ids (rows of others are ignored later)."""
    if len(ids) > LOOKUP:
        return {"user_id__gte": ids[0], "user_id__lte": ids[-1]}
    return {"user_id__in": ids}


def _chunks(items: list[tuple[int, float]], size: int) -> Iterator[list[tuple[int, float]]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _named(s: RiskScore, p: Mapping[str, Any]) -> AtRiskLearner:
    name = f"{p['user__first_name']} {p['user__last_name']}".strip()
    return AtRiskLearner(s, p["user__username"], name, p["user__email"], p["account_status"])


def _score(r: m.RiskScore) -> RiskScore:
    return RiskScore(
        r.user_id,
        r.score,
        Band(r.band),
        tuple(Reason(x["indicator"], x["contribution"], x["detail"]) for x in r.reasons),
        r.computed_at,
    )

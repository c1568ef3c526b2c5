"""The demo data as analytics reads it: every enrollment of a learner ever active is in the activity log as learning
events, so journeys count the demo learners' enrolments and a demo course's segment has active learners."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from adapters.orm.accounts import models as accounts
from adapters.orm.analytics import models as analytics
from entrypoints.bootstrap import container
from tests.unit.analytics.data import UX

pytestmark = pytest.mark.django_db


def test_journeys_and_course_segments_see_the_demo_enrolments() -> None:
    call_command("seed_demo", users=60, activities_per_user=10, seed=1, stdout=StringIO())
    c = container()
    today = c.clock.now().date()
    enrolled = accounts.Enrollment.objects.filter(user__profile__last_activity__isnull=False)
    learners = enrolled.values("user_id").distinct().count()
    assert learners > 20

    year = c.analytics.journeys(UX, None, today - timedelta(days=365), today)
    steps = {step.name: step.learners for step in year.funnel.steps}
    assert 0 < steps["first_enrolment"] <= steps["signup"]
    assert steps["completion"] > 0 and year.drop_offs

    busiest = (
        analytics.CourseDay.objects.filter(day__gte=today - timedelta(days=29))
        .values_list("course", flat=True)
        .order_by("course")
        .first()
    )
    assert busiest, "no course had learning activity in the last 30 days"
    segment = c.analytics.engagement(UX, None, None, "week", f"course:{busiest}")
    assert segment.active > 0

"""GET /api/courses/: the platform's courses (as ingestion learnt them), for the console's course filters."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router

from domain.accounts.learning import Course
from entrypoints.api.auth import principal
from entrypoints.api.schemas import PageQuery, ReadModelOut, errors
from entrypoints.bootstrap import container

courses_router = Router(tags=["courses"])


class CourseQuery(PageQuery):
    q: str = Field("", max_length=200, description="keep courses whose code or title starts with this (any case)")


class CourseOut(ReadModelOut):
    code: str = Field(description="what `course=` filters take (learner search, analytics, bulk)")
    title: str

    @staticmethod
    def of(course: Course) -> CourseOut:
        return CourseOut(code=course.code, title=course.title)


class CoursePageOut(ReadModelOut):
    items: list[CourseOut]
    next_cursor: str | None


@courses_router.get(
    "/", response={200: CoursePageOut, **errors(400, 401, 403, 422)}, summary="List course codes and titles"
)
def list_courses(request: HttpRequest, f: Query[CourseQuery]) -> CoursePageOut:
    """Course codes and titles by code, A-Z, a page at a time; `q` narrows to codes or titles starting with it. For
    whoever may search learners (`profiles.search`)."""
    page = container().accounts.courses(principal(request), f.q, f.page())
    return CoursePageOut(items=[CourseOut.of(c) for c in page.items], next_cursor=page.next_cursor)

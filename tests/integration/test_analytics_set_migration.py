"""Migration 0003 converts stored day summaries' learner sets from zlib bitmaps to Roaring bitmaps, and back."""

from __future__ import annotations

import importlib
import zlib
from datetime import date

import pytest
from django.apps import apps

from adapters.orm.analytics import models as m
from domain.analytics.learnerset import LearnerSet

pytestmark = pytest.mark.django_db
step = importlib.import_module("adapters.orm.analytics.migrations.0003_roaring_sets")
IDS = [0, 3, 7, 8, 64, 65_535, 65_536, 999_999, 1_000_000]


def legacy(ids: list[int]) -> bytes:
    """What the zlib format stored: bit n of a little-endian integer is learner n."""
    bits = sum(1 << i for i in ids)
    return zlib.compress(bits.to_bytes((bits.bit_length() + 7) // 8, "little"), 1)


def test_each_set_converts_both_ways() -> None:
    assert LearnerSet.load(step._roaring(legacy(IDS))) == LearnerSet.of(IDS)
    assert LearnerSet.load(step._roaring(legacy([]))) == LearnerSet()
    assert zlib.decompress(step._zlib(LearnerSet.of(IDS).dump())) == zlib.decompress(legacy(IDS))


def test_stored_summaries_are_converted_in_place() -> None:
    old = {name: legacy([i + 1 for i in IDS[:k]]) for k, name in enumerate(step.SETS, start=2)}
    row = m.DaySummary.objects.create(day=date(2026, 1, 5), dimension="all", value="", data={"events": 3}, **old)
    step.forwards(apps, None)
    row.refresh_from_db()
    for k, name in enumerate(step.SETS, start=2):
        assert LearnerSet.load(bytes(getattr(row, name))) == LearnerSet.of([i + 1 for i in IDS[:k]]), name
    assert row.data == {"events": 3}
    step.forwards(apps, None)  # a second run leaves converted sets alone
    row.refresh_from_db()
    assert list(LearnerSet.load(bytes(row.learners))) == [1, 4]
    step.backwards(apps, None)
    row.refresh_from_db()
    assert bytes(row.learners)[:1] == b"\x78" and zlib.decompress(bytes(row.learners)) == zlib.decompress(
        old["learners"]
    )

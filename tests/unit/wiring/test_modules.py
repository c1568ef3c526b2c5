"""The module registry (entrypoints.modules): every entry is built once, handed out by its entry, supplied with fakes
the harness's unit of work puts back, and its tasks reach the harness's queue."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from adapters.memory.views import InMemorySavedViews
from domain.shared.pagination import PageRequest
from domain.shared.permissions import Role
from domain.shared.principal import Principal
from domain.views.model import Screen
from entrypoints import assembly
from entrypoints.harness import TestContainer, build_test_container
from entrypoints.modules import MODULES, VIEWS, Module

AGENT = Principal(user_id=7, username="agent", roles=frozenset({Role.SUPPORT_AGENT}))


def test_every_entry_is_built_and_handed_out_by_its_entry(harness: TestContainer) -> None:
    assert set(harness.modules) == set(MODULES) == set(harness.fakes)
    assert len({m.name for m in MODULES}) == len(MODULES)
    assert harness[VIEWS] is harness.modules[VIEWS]
    assert isinstance(harness.fakes_of(VIEWS).views, InMemorySavedViews)


def test_an_entry_s_fakes_are_put_back_when_a_block_is_undone(harness: TestContainer) -> None:
    views = harness[VIEWS].service
    with harness.uow:
        views.create(AGENT, "kept", Screen.LEARNERS, {}, False)
        harness.uow.commit()
    with harness.uow:
        views.create(AGENT, "undone", Screen.LEARNERS, {}, False)
    names = [v.name for v in views.visible(AGENT, None, PageRequest(limit=10)).items]
    assert names == ["kept"]


@dataclass(frozen=True)
class Ticking:
    ticks: list[int]


@pytest.fixture
def with_ticking(monkeypatch: pytest.MonkeyPatch) -> Iterator[Module[list[int], Ticking]]:
    ticking: Module[list[int], Ticking] = Module(
        "ticking",
        build=lambda c, ticks: Ticking(ticks),
        django=lambda c: [],
        memory=lambda h: [],
        tasks=lambda built: {"ticking.tick": lambda: built.ticks.append(1)},
    )
    monkeypatch.setattr(assembly, "MODULES", (*MODULES, ticking))
    yield ticking


def test_an_entry_s_tasks_run_on_the_harness_s_queue(with_ticking: Module[list[int], Ticking]) -> None:
    c = build_test_container()
    try:
        c.tasks.enqueue("ticking.tick")
        c.tasks.run_pending()
        assert c[with_ticking].ticks == [1]
    finally:
        c.close()

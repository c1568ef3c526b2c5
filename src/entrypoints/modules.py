"""The modules wired by their entry here: one `Module` each in `MODULES`, in the order they are built. Adding a module
is its entry in that list, its Django app in INSTALLED_APPS and its router's mount (entrypoints/api/__init__.py);
bootstrap.py, the harness, the container, the error catalogue and the tasks pick it up from there.

A module here is built after the modules `assembly.assemble` wires by hand (their seams lend services one way and
another), so it may use any service of the Container it is given. The container hands it out by its entry,
typed: `container()[VIEWS].service`; the harness's fakes likewise: `harness.fakes_of(VIEWS)`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from adapters.memory.views import AgentTeams, InMemorySavedViews
from domain.views.module import Views, ViewsStores

if TYPE_CHECKING:
    from .container import Container
    from .harness import TestContainer

S = TypeVar("S")  # what an environment supplies the module: its stores (and its settings, if it has any)
B = TypeVar("B")  # the module, built


@dataclass(frozen=True, eq=False)
class Module(Generic[S, B]):
    """One module as the wiring sees it. `build` makes it from the container built so far and its supply;
    `django` supplies it on Django (the Django stores, the settings read from Django's: name it by its dotted path
    with `orm`, so its models load after Django's app registry), `memory` in the harness (fakes, which the harness's
    unit of work then rolls back, and default settings); `tasks` lists the background tasks it runs, by name."""

    name: str
    build: Callable[[Container, S], B]
    django: Callable[[Container], S]
    memory: Callable[[TestContainer], S]
    tasks: Callable[[B], Mapping[str, Callable[..., object]]] | None = None


def orm(path: str) -> Callable[[Container], Any]:
    """`package.module:function`, imported when the container is built."""
    module, _, name = path.partition(":")
    return lambda c: getattr(import_module(module), name)(c)


VIEWS: Module[ViewsStores, Views] = Module(
    "views",
    build=lambda c, s: Views.build(stores=s, audit=c.audit, uow=c.uow, clock=c.clock),
    django=orm("adapters.orm.views.stores:views_stores"),
    memory=lambda h: ViewsStores(InMemorySavedViews(), AgentTeams(h.agents)),
)

MODULES: tuple[Module[Any, Any], ...] = (VIEWS,)

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

from domain.access.module import Access, AccessStores
from domain.notifications.module import Notifications, NotificationStores
from domain.policies.module import PolicyStores, RuntimePolicies
from domain.views.module import Views, ViewsStores

if TYPE_CHECKING:
    from .container import Container
    from .harness import TestContainer

S = TypeVar("S")  # what an environment supplies the module: its stores (and its settings, if it has any)
B = TypeVar("B")  # the module, built


@dataclass(frozen=True, eq=False)
class Module(Generic[S, B]):
    """One module as the wiring sees it. `build` makes it from the container built so far and its supply;
    `django` supplies it on Django (its Django stores, and its settings read from Django's), `memory` in the harness
    (its fakes, which the harness's unit of work puts back when a block is undone, and default settings): both are
    functions in the module's adapters, named by dotted path with `lazy`, so the web process never imports fakes and
    the models load after Django's app registry. `tasks` lists the background tasks it runs, by name."""

    name: str
    build: Callable[[Container, S], B]
    django: Callable[[Container], S]
    memory: Callable[[TestContainer], S]
    tasks: Callable[[B], Mapping[str, Callable[..., object]]] | None = None


def lazy(path: str) -> Callable[[Any], Any]:
    """`package.module:function`, imported when the container is built."""
    module, _, name = path.partition(":")
    return lambda c: getattr(import_module(module), name)(c)


VIEWS: Module[ViewsStores, Views] = Module(
    "views",
    build=lambda c, s: Views.build(stores=s, audit=c.audit, uow=c.uow, clock=c.clock),
    django=lazy("adapters.orm.views.stores:views_stores"),
    memory=lazy("adapters.memory.views:views_fakes"),
)

POLICIES: Module[PolicyStores, RuntimePolicies] = Module(
    "policies",
    build=lambda c, s: RuntimePolicies.build(stores=s, security=c.security, audit=c.audit, uow=c.uow, clock=c.clock),
    django=lazy("adapters.orm.policies.stores:policies_stores"),
    memory=lazy("adapters.memory.policies:policies_fakes"),
)

ACCESS: Module[AccessStores, Access] = Module(
    "access",
    build=lambda c, s: Access.build(stores=s, security=c.security, audit=c.audit, uow=c.uow, clock=c.clock),
    django=lambda c: import_module("adapters.access").access_stores(c, c[POLICIES].reader),
    memory=lazy("adapters.memory.access:access_fakes"),
)

NOTIFICATIONS: Module[NotificationStores, Notifications] = Module(
    "notifications",
    build=lambda c, s: Notifications.build(stores=s, audit=c.audit, uow=c.uow),
    django=lazy("adapters.orm.notifications.stores:notifications_stores"),
    memory=lazy("adapters.memory.notifications:notifications_fakes"),
)

MODULES: tuple[Module[Any, Any], ...] = (
    VIEWS,
    POLICIES,
    ACCESS,
    NOTIFICATIONS,
)  # policies before access: it reads them

"""Huey task entry points: they take ids, call a service from the container, hold no logic. Every module of this
package is imported here (a module's tasks file needs no line), which registers its tasks with Huey."""

from importlib import import_module
from pkgutil import iter_modules

for _found in iter_modules(__path__):
    import_module(f"{__name__}.{_found.name}")

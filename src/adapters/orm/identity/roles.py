"""Role and permission changes made outside the product's use cases (Django's admin site, a shell) reported to the
security module: groups (roles), user_permissions, is_superuser and is_staff, through model signals.

A person's privileges are named as the detection rules read them: role names ("support_agent"), permissions
("app_label.codename") and the flags "superuser" and "staff". Each change is reported with what the person held
before and after, in the change's own transaction. Staff creation through the product (StaffService) reports the
grant itself, with the acting admin: its directory adapter mutes these signals for its own writes."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_save, pre_save

from adapters.acting import acting
from domain.shared.principal import Principal

User = get_user_model()
Report = Callable[[int, Collection[str], Collection[str], Principal | None, str], None]
FLAGS = ("is_superuser", "is_staff")
_MUTED: ContextVar[bool] = ContextVar("roles_muted", default=False)
_BEFORE_M2M, _BEFORE_FLAGS = "_privileges_before_m2m", "_privileges_before_flags"


@contextmanager
def muted() -> Iterator[None]:
    """Changes made inside are reported by the use case itself."""
    token = _MUTED.set(True)
    try:
        yield
    finally:
        _MUTED.reset(token)


def privileges(user_id: int) -> frozenset[str]:
    row = User.objects.filter(pk=user_id).values_list("is_superuser", "is_staff").first()
    if row is None:
        return frozenset()
    held = {name for name, on in zip(("superuser", "staff"), row, strict=True) if on}
    held |= set(User.groups.through.objects.filter(user_id=user_id).values_list("group__name", flat=True))
    perms = User.user_permissions.through.objects.filter(user_id=user_id)
    held |= {f"{a}.{c}" for a, c in perms.values_list("permission__content_type__app_label", "permission__codename")}
    return frozenset(held)


def connect(report: Report) -> None:
    """Connect the handlers (once: dispatch_uid), each reporting through `report`."""

    def users_of(instance: Any, reverse: bool, pk_set: set[int] | None) -> list[int]:
        if not reverse:
            return [instance.pk]
        if pk_set is not None:
            return sorted(pk_set)
        return list(instance.user_set.values_list("pk", flat=True))  # a group cleared of its members

    def m2m(sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **_: Any) -> None:
        if _MUTED.get():
            return
        if action.startswith("pre_"):
            setattr(instance, _BEFORE_M2M, {uid: privileges(uid) for uid in users_of(instance, reverse, pk_set)})
            return
        before: dict[int, frozenset[str]] = instance.__dict__.pop(_BEFORE_M2M, {})
        for uid, held in before.items():
            now = privileges(uid)
            if now != held:
                report(uid, held, now, acting(), "admin")

    def flags_before(sender: Any, instance: Any, update_fields: Collection[str] | None = None, **_: Any) -> None:
        if _MUTED.get() or instance.pk is None or (update_fields is not None and not set(update_fields) & set(FLAGS)):
            return
        setattr(instance, _BEFORE_FLAGS, privileges(instance.pk))

    def flags_after(sender: Any, instance: Any, created: bool, **_: Any) -> None:
        if _MUTED.get():
            return
        held: frozenset[str] | None = frozenset() if created else instance.__dict__.pop(_BEFORE_FLAGS, None)
        if held is None:
            return
        now = privileges(instance.pk)
        if now != held:
            report(instance.pk, held, now, acting(), "admin")

    m2m_changed.connect(m2m, sender=User.groups.through, dispatch_uid="security.roles.groups")
    m2m_changed.connect(m2m, sender=User.user_permissions.through, dispatch_uid="security.roles.permissions")
    pre_save.connect(flags_before, sender=User, dispatch_uid="security.roles.flags_before")
    post_save.connect(flags_after, sender=User, dispatch_uid="security.roles.flags_after")

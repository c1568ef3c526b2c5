"""Role and permission changes made outside the product's use cases (Django's admin site, a shell) raise the
role-change rule's event in the change's transaction, naming the signed-in admin when there is one."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client

from adapters.orm.security.models import UserSecurityEvent

pytestmark = pytest.mark.django_db


def changes(user: Any) -> list[tuple[str, list[str], list[str], Any]]:
    rows = UserSecurityEvent.objects.filter(user=user, rule="role_or_permission_change").order_by("id")
    return [
        (r.severity, r.additional_data["granted"], r.additional_data["revoked"], r.additional_data["by"]) for r in rows
    ]


def test_groups_permissions_and_flags_changed_in_a_shell_are_reported_without_an_actor() -> None:
    user = User.objects.create_user("sam", "sam@example.com", "a-long-password")
    assert changes(user) == []  # a learner's account: no privilege
    agent = Group.objects.create(name="support_agent")
    user.groups.add(agent)
    user.groups.add(agent)  # already held: nothing changes, nothing raised
    user.user_permissions.add(Permission.objects.get(codename="view_user"))
    user.is_superuser = True
    user.save()
    user.groups.remove(agent)
    user.groups.clear()  # nothing left to clear
    assert changes(user) == [
        ("high", ["support_agent"], [], None),
        ("high", ["auth.view_user"], [], None),
        ("critical", ["superuser"], [], None),
        ("high", [], ["support_agent"], None),
    ]


def test_a_group_given_members_from_the_group_side_reports_each_member() -> None:
    a, b = User.objects.create_user("a"), User.objects.create_user("b")
    Group.objects.create(name="platform_admin").user_set.add(a, b)
    assert changes(a) == [("critical", ["platform_admin"], [], None)] and len(changes(b)) == 1


def test_a_login_saving_last_login_is_not_a_role_change() -> None:
    user = User.objects.create_user("sam", "sam@example.com", "a-long-password", is_staff=True)
    before = UserSecurityEvent.objects.count()
    user.save(update_fields=["last_login"])
    user.first_name = "Sam"
    user.save()
    assert UserSecurityEvent.objects.count() == before


def test_the_admin_site_names_the_signed_in_admin(client: Client) -> None:
    root = User.objects.create_superuser("root", "root@example.com", "a-long-password")
    sam = User.objects.create_user("sam", "sam@example.com", "a-long-password")
    group = Group.objects.create(name="support_admin")
    client.force_login(root)
    form = {
        "username": "sam",
        "email": "sam@example.com",
        "first_name": "",
        "last_name": "",
        "is_active": "on",
        "is_staff": "on",
        "groups": [group.pk],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "last_login_0": "",
        "last_login_1": "",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "10:00:00",
    }
    response = client.post(f"/admin/auth/user/{sam.pk}/change/", form)
    assert response.status_code == 302, response.content[:2000]
    assert sorted(changes(sam)) == [("high", ["staff"], [], root.pk), ("high", ["support_admin"], [], root.pk)]

"""The admin site's entries: who and whom, the changed fields before and after, never a secret's value."""

from domain.audit.model import AuditFilter
from domain.shared.pagination import PageRequest
from domain.shared.permissions import Role
from domain.shared.principal import Principal, RequestMeta
from entrypoints.harness import TestContainer

ROOT = Principal(1, "root", meta=RequestMeta("203.0.113.5", "browser", "req-9"))
OFFICER = Principal(7, "olivia", frozenset({Role.COMPLIANCE_OFFICER}))


def recorded(harness: TestContainer) -> list[tuple[str, str, str, dict[str, object]]]:
    page = harness.audit.search(OFFICER, AuditFilter(), PageRequest())
    return [(e.record.action, e.record.target_type, e.record.target_id, e.record.details) for e in page.items][::-1]


def test_a_change_keeps_the_fields_and_drops_every_secret_value(harness: TestContainer) -> None:
    before = {"email": "a@example.com", "password": "pbkdf2_sha256$1$salt$hash", "key_hash": "abc", "mfa_secret": "S"}
    after = {"email": "b@example.com", "password": "pbkdf2_sha256$2$salt$new", "key_hash": "def", "mfa_secret": "T"}
    harness.admin_audit.changed(ROOT, "auth.user", 5, 5, before, after)
    harness.admin_audit.changed(ROOT, "support.team", 3, None, {}, {"name": "Tier 1"}, created=True)
    hidden = {"password": "[redacted]", "key_hash": "[redacted]", "mfa_secret": "[redacted]"}
    assert recorded(harness) == [
        (
            "admin.change",
            "user",
            "5",
            {
                "model": "auth.user",
                "object_id": "5",
                "before": {"email": "a@example.com", **hidden},
                "after": {"email": "b@example.com", **hidden},
            },
        ),
        (
            "admin.add",
            "support.team",
            "3",
            {"model": "support.team", "object_id": "3", "before": {}, "after": {"name": "Tier 1"}},
        ),
    ]


def test_a_list_names_its_people_once_each(harness: TestContainer) -> None:
    harness.admin_audit.listed(ROOT, "support.supportticket", [9, 4, 9], [1, 2, 3], {"q": ["lea"]})
    [(action, target_type, _, details)] = recorded(harness)
    assert (action, target_type) == ("admin.list", "support.supportticket")
    assert details == {
        "model": "support.supportticket",
        "people": [4, 9],
        "objects": ["1", "2", "3"],
        "query": {"q": ["lea"]},
    }

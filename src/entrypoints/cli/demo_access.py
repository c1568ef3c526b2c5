"""The demo accounts' one password, as `make run` prints it: checked before anything is migrated or seeded, and made
true on data seeded earlier with another one."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from adapters.passwords import password_rules
from domain.identity.password_policy import Holder, Reason
from domain.shared.permissions import STAFF_ROLES

SUPERUSER = "admin"
LEARNER = "demo_learner"


def demo_accounts() -> list[Holder]:
    """Every account the demo creates with the shared password, as the policy sees it (none has MFA yet)."""
    staff = [Holder(f"demo_{role.value}", f"demo_{role.value}@example.com") for role in STAFF_ROLES]
    return [*staff, Holder(SUPERUSER, "admin@example.com"), Holder(LEARNER, "demo.learner@example.com")]


def demo_password_refusal(password: str) -> str:
    """Why the policy refuses `password` for a demo account, in one line (empty when every account accepts it)."""
    policy, blocklist = password_rules()
    found: dict[Reason, str] = {}
    for holder in demo_accounts():
        for reason in policy.problems(password, holder, blocklist):
            found.setdefault(reason, holder.username)
    if not found:
        return ""
    why = {
        Reason.TOO_SHORT: f"shorter than {policy.min_length} characters (PASSWORD_MIN_LENGTH)",
        Reason.TOO_LONG: f"longer than {policy.max_length} characters",
        Reason.COMMON: "on the list of common passwords",
        Reason.CONTAINS_PERSONAL_INFO: f"contains part of a demo username ({found.get(Reason.CONTAINS_PERSONAL_INFO)})",
        Reason.RECENTLY_USED: "used recently",
    }
    reasons = "; ".join(why[reason] for reason in found)
    return f"DEMO_PASSWORD is refused by the password policy: {reasons}. Choose another, or unset it to get one."


def align_demo_passwords(password: str) -> list[str]:
    """Set `password` on the demo accounts that have another one (DEMO_PASSWORD changed since they were seeded), so
    the password the banner prints is the one that logs in; the usernames changed."""
    changed = []
    names = [holder.username for holder in demo_accounts()]
    for user in get_user_model().objects.filter(username__in=names).order_by("username"):
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
            changed.append(user.username)
    return changed

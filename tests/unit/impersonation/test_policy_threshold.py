"""The approvals policy's impersonation threshold: a session asked for longer waits for a second admin."""

from __future__ import annotations

from domain.impersonation.model import ApprovalReason, ImpersonationScope
from domain.impersonation.policy import approval_reasons
from domain.impersonation.ports import Person
from domain.shared.permissions import Role
from domain.shared.principal import Principal


def test_only_a_session_longer_than_the_threshold_waits_for_it() -> None:
    admin = Principal(user_id=1, username="sa", roles=frozenset({Role.SUPPORT_ADMIN}))
    learner = Person(id=2, username="lea", name="Lea", email="lea@example.com", roles=frozenset({Role.LEARNER}))
    read = ImpersonationScope.READ
    assert approval_reasons(admin, learner, read, 60) == ()  # the default threshold is the longest session
    assert approval_reasons(admin, learner, read, 15, unapproved_minutes=15) == ()
    assert approval_reasons(admin, learner, read, 16, unapproved_minutes=15) == (ApprovalReason.LONG_SESSION,)

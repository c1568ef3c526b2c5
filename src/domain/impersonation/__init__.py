"""Impersonation: a staff member sees the platform as a learner sees it, with a reason, a time limit, read-only by
default, a second admin's approval for sensitive targets, both identities on every record, and the learner told.

A module of its own rather than part of `security`: it has its own aggregate, state machine, store and edge (the
gate on every operation), and uses security only as one of its outlets (a security event per session)."""

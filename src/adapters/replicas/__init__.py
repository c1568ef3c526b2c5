"""Reads from PostgreSQL streaming replicas (DATABASE_REPLICA_URLS): the router (routing.py), the cached lag checks
(status.py) and the read-intent wrapper the wiring puts around read-only adapters (reads.py). The domain knows
nothing of replicas: an adapter's call reads from one only when the wiring asked for it and nothing forbids it."""

"""Account security: security events (stored, listed, resolved, alerted), the person's security timeline, and
login protection (stepped delays per account and client network, an IP throttle, one-time unblock links)."""

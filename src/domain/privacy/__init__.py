"""Privacy and compliance: consents, the right of access, reviewed erasure, legal holds, retention, reports."""

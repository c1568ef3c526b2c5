"""Access limits for staff: network allowlists (overall and per role), the break-glass exemption, and the client
address behind trusted proxies."""

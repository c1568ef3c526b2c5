"""Identity rules shared by staff and learner accounts."""

from __future__ import annotations

import re

USERNAME_RE = re.compile(r"^[\w.@+-]{3,150}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

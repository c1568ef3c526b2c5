"""A typo in TRUSTED_PROXIES or an allowlist stops the process at start-up with the reason, rather than opening
(or closing) the door silently."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from entrypoints.client_ip import validate_access_settings


def test_valid_settings_pass() -> None:
    validate_access_settings(["172.16.0.0/12", "::1"], ["10.0.0.0/8"], {"platform_admin": ["2001:db8::/32"]})
    validate_access_settings([], [], {})


@pytest.mark.parametrize(
    ("proxies", "overall", "by_role", "says"),
    [
        (["172.16.0.1/12"], [], {}, "TRUSTED_PROXIES"),
        ([], ["office"], {}, "overall"),
        ([], [], ["10.0.0.0/8"], "JSON object"),
        ([], [], {"admin": ["10.0.0.0/8"]}, "not a staff role"),
    ],
)
def test_invalid_settings_stop_the_process(proxies: list[str], overall: list[str], by_role: object, says: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=says):
        validate_access_settings(proxies, overall, by_role)  # type: ignore[arg-type]

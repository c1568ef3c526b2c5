"""The run-time policies (domain.policies, built as an entry of entrypoints.modules) lent to the modules wired by
hand before it: they are given a source that asks the built container's policies at each use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from domain.identity.password_policy import PasswordPolicy, PolicySource

from .modules import POLICIES

if TYPE_CHECKING:
    from .container import Container


def runtime_passwords(static: PasswordPolicy, built: Callable[[], Container]) -> PolicySource:
    """The `password` group in force over the static policy's other rules (the maximum length, the part size)."""

    def current() -> PasswordPolicy:
        values = built()[POLICIES].reader.current("password")
        return replace(
            static,
            min_length=values["min_length"],
            min_length_with_mfa=values["min_length_with_mfa"],
            history=values["history"],
        )

    return current

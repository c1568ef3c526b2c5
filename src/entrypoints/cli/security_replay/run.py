"""One replay: generate the week, seed the history with what was known before it, run the rules, score them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from domain.security.detection.facts import MarkKind
from domain.security.detection.policy import DetectionPolicy
from domain.security.login import LoginPolicy
from domain.security.ports import LoginHistory

from .engine import replay
from .score import Report, score
from .traffic import week


def measure(
    users: int,
    seed: int,
    history: LoginHistory,
    family: Callable[[str], str],
    policy: DetectionPolicy | None = None,
) -> tuple[Report, int]:
    """The report, and how many facts were replayed. `history` starts empty (the in-memory LoginHistory);
    `family` is the product's DeviceClassifier."""
    traffic = week(users, seed)
    for uid, marks in traffic.seeds.items():
        history.remember(uid, [replace(m, value=family(m.value)) if m.kind is MarkKind.DEVICE else m for m in marks])
    events, refused = replay(traffic.facts, history, family, traffic.accounts.__getitem__, policy, LoginPolicy())
    return score(events, traffic.attacks, users, refused), len(traffic.facts)

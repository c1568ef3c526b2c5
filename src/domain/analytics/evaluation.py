"""How good the at-risk score is against known outcomes: AUC, precision at the top 10%, calibration by band."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .risk import Band, band_of


def auc(scores: Sequence[float], outcomes: Sequence[bool]) -> float:
    """Area under the ROC curve: the chance a random positive scores above a random negative (ties count half),
    by the rank-sum (Mann-Whitney) formula."""
    pairs = sorted(zip(scores, outcomes, strict=True), key=lambda p: p[0])
    ranks = [0.0] * len(pairs)
    i = 0
    while i < len(pairs):
        j = i
        while j + 1 < len(pairs) and pairs[j + 1][0] == pairs[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        i = j + 1
    positives = sum(1 for _, o in pairs if o)
    negatives = len(pairs) - positives
    if not positives or not negatives:
        return float("nan")
    rank_sum = sum(r for r, (_, o) in zip(ranks, pairs, strict=True) if o)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def precision_at(scores: Sequence[float], outcomes: Sequence[bool], share: float = 0.10) -> float:
    k = max(1, math.ceil(len(scores) * share))
    top = sorted(zip(scores, outcomes, strict=True), key=lambda p: -p[0])[:k]
    return sum(1 for _, o in top if o) / k


@dataclass(frozen=True)
class BandRow:
    band: Band
    learners: int
    mean_score: float
    observed_rate: float  # share who dropped out


@dataclass(frozen=True)
class Evaluation:
    learners: int
    positives: int
    auc: float
    precision_top10: float
    base_rate: float
    calibration: tuple[BandRow, ...]

    def lines(self) -> list[str]:
        out = [
            f"learners: {self.learners}, dropped out by week 12: {self.positives} ({self.base_rate:.1%})",
            f"AUC (score at week 4 vs dropout by week 12): {self.auc:.3f}",
            f"precision at the top 10%: {self.precision_top10:.3f} (base rate {self.base_rate:.3f})",
            "calibration by band:",
            f"  {'band':<9}{'learners':>9}{'mean score':>12}{'dropped out':>13}",
        ]
        out += [
            f"  {r.band.value:<9}{r.learners:>9}{r.mean_score:>12.1f}{r.observed_rate:>13.1%}" for r in self.calibration
        ]
        return out


def evaluate(scores: Sequence[float], outcomes: Sequence[bool]) -> Evaluation:
    rows = []
    for b in (Band.LOW, Band.MEDIUM, Band.HIGH, Band.CRITICAL):
        inside = [(s, o) for s, o in zip(scores, outcomes, strict=True) if band_of(s) is b]
        rows.append(
            BandRow(
                b,
                len(inside),
                round(sum(s for s, _ in inside) / len(inside), 1) if inside else 0.0,
                sum(1 for _, o in inside if o) / len(inside) if inside else 0.0,
            )
        )
    positives = sum(outcomes)
    return Evaluation(
        len(scores),
        positives,
        auc(scores, outcomes),
        precision_at(scores, outcomes),
        positives / len(scores) if scores else 0.0,
        tuple(rows),
    )

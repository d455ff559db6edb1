"""Run-level figures per model, computed from the items' records."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any


def wilson(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion."""
    if trials == 0:
        return (0.0, 1.0)
    p = successes / trials
    centre = p + z * z / (2 * trials)
    spread = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    denominator = 1 + z * z / trials
    return (max(0.0, (centre - spread) / denominator), min(1.0, (centre + spread) / denominator))


@dataclass(frozen=True)
class ModelFigures:
    model: str
    played: int
    passed: int
    aligned: int
    failure_classes: dict[str, int]
    mean_first_turn_disclosures: float
    mean_shopper_turns: float
    seconds: float
    calls: int
    tokens: int
    cost: float

    @property
    def alignment(self) -> float:
        return self.aligned / self.played if self.played else 0.0

    @property
    def alignment_interval(self) -> tuple[float, float]:
        return wilson(self.aligned, self.played)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def figures_by_model(records: list[dict[str, Any]], models: list[str]) -> list[ModelFigures]:
    out = []
    for model in models:
        mine = [r for r in records if r["model"] == model]
        out.append(
            ModelFigures(
                model=model,
                played=len(mine),
                passed=sum(r["passed"] for r in mine),
                aligned=sum(r["aligned"] for r in mine),
                failure_classes=dict(Counter(r["failure_class"] for r in mine if r["failure_class"])),
                mean_first_turn_disclosures=_mean([r["first_turn_disclosures"] for r in mine]),
                mean_shopper_turns=_mean([r["shopper_turns"] for r in mine]),
                seconds=sum(r["seconds"] for r in mine),
                calls=sum(r["calls"] for r in mine),
                tokens=sum(r["tokens"] for r in mine),
                cost=sum(r["cost"] for r in mine),
            )
        )
    return out

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


def pass_hat_k(passes: list[tuple[int, int]], k: int) -> float:
    """tau-bench's pass^k: the chance that k trials of an item all pass, averaged over items.

    `passes` holds (passed trials, trials) per item; items with fewer than k trials are left out.
    """
    eligible = [(c, n) for c, n in passes if n >= k]
    if not eligible:
        return float("nan")
    return sum(math.comb(c, k) / math.comb(n, k) for c, n in eligible) / len(eligible)


@dataclass(frozen=True)
class ModelFigures:
    model: str
    items: int
    passed: int
    played: int  # trials
    aligned: int
    failure_classes: dict[str, int]
    mean_first_turn_disclosures: float
    mean_shopper_turns: float
    seconds: float
    calls: int
    tokens: int
    cost: float
    pass_hat: dict[int, float]

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
        items = [r for r in records if r["model"] == model and r.get("kind", "scenario") == "scenario"]
        trials = [t for r in items for t in r["trials"]]
        usage = [t["usage"] for t in trials]
        most = max((len(r["trials"]) for r in items), default=0)
        passes = [(sum(t["passed"] for t in r["trials"]), len(r["trials"])) for r in items]
        out.append(
            ModelFigures(
                model=model,
                items=len(items),
                passed=sum(r["passed"] for r in items),
                played=len(trials),
                aligned=sum(t["aligned"] for t in trials),
                failure_classes=dict(Counter(t["failure_class"] for t in trials if t["failure_class"])),
                mean_first_turn_disclosures=_mean([t["first_turn_disclosures"] for t in trials]),
                mean_shopper_turns=_mean([t["shopper_turns"] for t in trials]),
                seconds=sum(t["seconds"] for t in trials),
                calls=sum(u["calls"] for u in usage),
                tokens=sum(u["prompt_tokens"] + u["completion_tokens"] for u in usage),
                cost=sum(u["cost"] for u in usage),
                pass_hat={k: pass_hat_k(passes, k) for k in range(1, most + 1)},
            )
        )
    return out

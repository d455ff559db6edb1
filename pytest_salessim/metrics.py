"""Run-level figures per model, computed from the items' records."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from .diversity import distinct_n, similarity_to_others
from .records import ItemRecord, TrialRecord, UsageKey, UsageRecord, figure_order


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


# Figures of any group of items (a model, a model's category, a model's tag), for the reports.
HUMAN_DISCLOSURE_LIMIT = 3  # the human reference's share of shoppers revealing at most 3 criteria


@dataclass(frozen=True)
class Conversation:
    """One trial of a scenario item, with its similarity to the other shoppers of its model and category."""

    item: ItemRecord
    trial: TrialRecord
    similarity: float | None


def conversations(records: list[ItemRecord], similarity: bool = True) -> list[Conversation]:
    """Every trial of the scenario items; TF-IDF is fitted per (model, category), as the paper per domain.

    Records are sorted first, so the figures do not depend on the order items finished in. Without
    `similarity` (the terminal shows none) the TF-IDF fit is skipped.
    """
    groups: dict[tuple[str, str], list[tuple[ItemRecord, TrialRecord]]] = {}
    for record in sorted(records, key=figure_order):
        if record.get("kind", "scenario") == "scenario":
            for trial in record["trials"]:
                groups.setdefault((record["model"], record["category"]), []).append((record, trial))
    out: list[Conversation] = []
    for pairs in groups.values():
        texts = [trial["shopper_text"] for _, trial in pairs]
        similarities = similarity_to_others(texts) if similarity else [None] * len(texts)
        out.extend(Conversation(r, t, s) for (r, t), s in zip(pairs, similarities, strict=True))
    return out


@dataclass(frozen=True)
class TacticFigures:
    name: str
    tried: int
    flipped: int

    @property
    def flip_rate(self) -> float:
        return self.flipped / self.tried if self.tried else 0.0


@dataclass(frozen=True)
class PersuasionFigures:
    """How often adversarial pitches flipped a decision: flipped variants over variants tried."""

    items: int
    flipped_items: int
    variants_tried: int
    flipped: int
    tactics: tuple[TacticFigures, ...]  # most effective first

    @property
    def flip_rate(self) -> float | None:
        return self.flipped / self.variants_tried if self.variants_tried else None

    @property
    def flip_interval(self) -> tuple[float, float] | None:
        return wilson(self.flipped, self.variants_tried) if self.variants_tried else None


def persuasion_figures(records: list[ItemRecord]) -> PersuasionFigures:
    found = [r["persuasion"] for r in records if r.get("kind") == "persuasion" and r.get("persuasion")]
    tried: Counter[str] = Counter()
    flipped: Counter[str] = Counter()
    for data in found:
        for name, counts in data.get("tactics", {}).items():
            tried[name] += counts.get("tried", 0)
            flipped[name] += counts.get("flipped", 0)
    tactics = sorted(
        (TacticFigures(name, tried[name], flipped[name]) for name in tried),
        key=lambda t: (-t.flip_rate, -t.flipped, t.name),
    )
    return PersuasionFigures(
        items=len(found),
        flipped_items=sum(1 for d in found if d.get("flipped", 0) > 0),
        variants_tried=sum(d.get("variants_tried", 0) for d in found),
        flipped=sum(d.get("flipped", 0) for d in found),
        tactics=tuple(tactics),
    )


@dataclass(frozen=True)
class GroupFigures:
    items: int
    passed: int
    trials: int
    aligned: int
    failure_classes: dict[str, int]
    first_turn_criteria: float | None  # as the disclosure check counted: the judge's count, else keywords
    first_turn_judged: int  # trials whose first message the LLM judge counted
    first_turn_at_most_3: float | None
    shopper_turns: float | None
    tfidf_similarity: float | None
    distinct_2: float | None
    pass_hat: dict[int, float]
    usage: dict[str, dict[str, float]]  # shopper, agent, judge, total: calls, tokens, cost
    seconds: float
    persuasion: PersuasionFigures

    @property
    def alignment(self) -> float | None:
        return self.aligned / self.trials if self.trials else None

    @property
    def alignment_interval(self) -> tuple[float, float] | None:
        return wilson(self.aligned, self.trials) if self.trials else None


def _mean_or_none(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def usages(record: ItemRecord, key: UsageKey) -> list[UsageRecord]:
    """One party's model use in an item: its trials, and a persuasion search's other conversations."""
    used = [t[key] for t in record["trials"] if t.get(key)]
    persuasion = record.get("persuasion")
    search = persuasion["search_usage"] if persuasion is not None else {}
    return used + ([search[key]] if search.get(key) else [])


USAGE_TOTALS = ("calls", "tokens", "cost", "prompt_tokens", "cached_tokens", "cache_creation_tokens")


def usage_total(used: list[UsageRecord]) -> dict[str, float]:
    """Calls, tokens (input and output), cost, and of the input tokens those the prompt cache read and
    wrote (a record made before the prompt cache was counted has none)."""
    return {
        "calls": sum(u["calls"] for u in used),
        "tokens": sum(u["prompt_tokens"] + u["completion_tokens"] for u in used),
        "cost": sum(u["cost"] for u in used),
        "prompt_tokens": sum(u["prompt_tokens"] for u in used),
        "cached_tokens": sum(u.get("cached_tokens", 0) for u in used),
        "cache_creation_tokens": sum(u.get("cache_creation_tokens", 0) for u in used),
    }


def _usage(records: list[ItemRecord]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    parties: tuple[tuple[str, UsageKey], ...] = (
        ("shopper", "usage"),
        ("agent", "agent_usage"),
        ("judge", "judge_usage"),
    )
    for who, key in parties:
        out[who] = usage_total([u for r in records for u in usages(r, key)])
    out["total"] = {key: sum(part[key] for part in out.values()) for key in USAGE_TOTALS}
    return out


def _criteria(trial: TrialRecord) -> int:
    judged = trial.get("first_turn_disclosures_judge")
    return int(trial["first_turn_disclosures"] if judged is None else judged)


def group_figures(records: list[ItemRecord], convs: list[Conversation]) -> GroupFigures:
    """The figures of a group: its records (every kind) and the conversations of its scenario items."""
    items = [r for r in records if r.get("kind", "scenario") == "scenario"]
    trials = [c.trial for c in convs]
    counts = [_criteria(t) for t in trials]
    similarities = [c.similarity for c in convs if c.similarity is not None]
    passes = [(sum(t["passed"] for t in r["trials"]), len(r["trials"])) for r in items]
    most = max((n for _, n in passes), default=0)
    every_trial = [t for r in records for t in r["trials"]]
    return GroupFigures(
        items=len(items),
        passed=sum(bool(r["passed"]) for r in items),
        trials=len(trials),
        aligned=sum(bool(t["aligned"]) for t in trials),
        failure_classes=dict(
            sorted(Counter(t["failure_class"] for t in trials if t["failure_class"]).items())
        ),
        first_turn_criteria=_mean_or_none([float(c) for c in counts]),
        first_turn_judged=sum(t.get("first_turn_disclosures_judge") is not None for t in trials),
        first_turn_at_most_3=_mean_or_none([float(c <= HUMAN_DISCLOSURE_LIMIT) for c in counts]),
        shopper_turns=_mean_or_none([float(t["shopper_turns"]) for t in trials]),
        tfidf_similarity=_mean_or_none(similarities),
        distinct_2=distinct_n([t.get("shopper_text", "") for t in trials], 2),
        pass_hat={k: pass_hat_k(passes, k) for k in range(1, most + 1)},
        usage=_usage(records),
        seconds=sum(t.get("seconds", 0.0) for t in every_trial),
        persuasion=persuasion_figures(records),
    )

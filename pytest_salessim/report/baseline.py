"""The CI gate: this run's figures and item outcomes against a saved baseline, as pure functions.

A baseline holds, per model, the run-level figures (with their counts and 95% Wilson intervals)
and each item's outcome. A figure that moves the wrong way by more than its tolerance, or an item
that passed in the baseline and fails now, fails the gate; an item that failed in both is a known
failure. With repeats, a move whose two 95% intervals overlap is noise, not a regression.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypedDict, cast

from ..metrics import conversations, group_figures, wilson
from ..records import ItemRecord
from .judged import DimensionFigures, dimension_figures

FORMAT = 1
HIGHER_IS_BETTER = {
    "alignment": True,
    "flip_rate": False,
    "comprehension": True,  # the judged dimensions: rates of 1s, personality a mean score
    "states_dealbreakers": True,
    "judged_alignment": True,
    "personality": True,
    "first_turn_disclosure": False,  # the judge's mean count of criteria revealed at once
}
NAMED = 10  # scenarios named in a figure's line; every new failure has its own line


class BaselineFigure(TypedDict):
    """A share with its counts and 95% Wilson interval (for a judged mean: the mean, the conversations
    judged as trials and those not failing as successes, and its normal 95% interval)."""

    value: float
    successes: int
    trials: int
    ci95: list[float]


class _BaselineItem(TypedDict):
    scenario: str
    kind: Literal["scenario", "persuasion"]
    passed: bool
    aligned: int
    trials: int
    flipped: int
    variants_tried: int


class BaselineItem(_BaselineItem, total=False):
    judged: dict[str, float]  # each judged dimension's mean score over the item's conversations


class BaselineModel(TypedDict):
    figures: dict[str, BaselineFigure | None]  # alignment, flip_rate, judged dimensions: None when none
    items: dict[str, BaselineItem]  # by node id


class BaselineDocument(TypedDict):
    salessim_baseline: int  # FORMAT
    repeat: int
    models: dict[str, BaselineModel]


class BadBaseline(ValueError):
    """A baseline file that cannot be read or is not one."""


def _figure(successes: int, trials: int) -> BaselineFigure | None:
    if not trials:
        return None
    return {
        "value": successes / trials,
        "successes": successes,
        "trials": trials,
        "ci95": list(wilson(successes, trials)),
    }


def _judged_figure(fig: DimensionFigures) -> BaselineFigure | None:
    if fig.value is None:
        return None
    if fig.kind == "rate":
        return _figure(round(fig.value * fig.judged), fig.judged)
    low, high = fig.interval or (fig.value, fig.value)
    return {
        "value": fig.value,
        "successes": fig.judged - fig.failing,
        "trials": fig.judged,
        "ci95": [low, high],
    }


def _judged_means(record: ItemRecord) -> dict[str, float]:
    scores: dict[str, list[float]] = {}
    for trial in record["trials"]:
        for dimension, summary in (trial.get("dimensions") or {}).items():
            if summary["judged"] and summary["score"] is not None:
                scores.setdefault(dimension, []).append(float(summary["score"]))
    return {d: sum(v) / len(v) for d, v in scores.items()}


def _item(record: ItemRecord) -> BaselineItem:
    persuasion = record.get("persuasion")
    item: BaselineItem = {
        "scenario": record["scenario"],
        "kind": record["kind"],
        "passed": bool(record["passed"]),
        "aligned": sum(bool(t["aligned"]) for t in record["trials"]),
        "trials": len(record["trials"]),
        "flipped": persuasion["flipped"] if persuasion else 0,
        "variants_tried": persuasion["variants_tried"] if persuasion else 0,
    }
    judged = _judged_means(record)
    if judged:
        item["judged"] = judged
    return item


def baseline_document(records: list[ItemRecord], models: list[str], repeat: int) -> BaselineDocument:
    """What --salessim-save-baseline writes: per model, the figures and every item's outcome."""
    convs = conversations(records)
    out: dict[str, BaselineModel] = {}
    for model in models:
        mine = sorted((r for r in records if r["model"] == model), key=lambda r: r["nodeid"])
        if not mine:
            continue
        fig = group_figures(mine, [c for c in convs if c.item["model"] == model])
        out[model] = {
            "figures": {
                "alignment": _figure(fig.aligned, fig.trials),
                "flip_rate": _figure(fig.persuasion.flipped, fig.persuasion.variants_tried),
                **{name: _judged_figure(judged) for name, judged in dimension_figures(mine).items()},
            },
            "items": {r["nodeid"]: _item(r) for r in mine},
        }
    return {"salessim_baseline": FORMAT, "repeat": repeat, "models": out}


def write_baseline(path: Path, document: BaselineDocument) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def read_baseline(path: Path) -> BaselineDocument:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise BadBaseline(f"cannot read the baseline {path}: {err}") from None
    if not isinstance(document, dict) or document.get("salessim_baseline") != FORMAT:
        raise BadBaseline(f"{path} is no salessim baseline (write one with --salessim-save-baseline)")
    return cast(BaselineDocument, document)


def known_failure(baseline: BaselineDocument, model: str, nodeid: str) -> bool:
    """True when the item already failed in the baseline."""
    then = baseline["models"].get(model)
    item = then["items"].get(nodeid) if then is not None else None
    return item is not None and not item["passed"]


@dataclass(frozen=True)
class Move:
    """A run-level figure between the baseline and now."""

    model: str
    metric: str
    before: float
    after: float
    tolerance: float
    scenarios: tuple[str, ...]  # the items whose own share moved the same way
    overlapping: bool  # with repeats: the two 95% intervals overlap

    @property
    def worse_by(self) -> float:
        change = self.after - self.before
        return -change if HIGHER_IS_BETTER[self.metric] else change

    def describe(self) -> str:
        verb = "fell" if self.after < self.before else "rose"
        if self.metric == "first_turn_disclosure":  # a mean count, not a share
            text = (
                f"{self.model}: {self.metric} {verb} {self.before:.2f} -> {self.after:.2f} criteria "
                f"({self.after - self.before:+.2f}, tolerance {self.tolerance:.2f})"
            )
        else:
            text = (
                f"{self.model}: {self.metric} {verb} {self.before:.1%} -> {self.after:.1%} "
                f"({(self.after - self.before) * 100:+.1f} points, tolerance {self.tolerance * 100:.1f})"
            )
        if not self.scenarios:
            return text
        named = ", ".join(self.scenarios[:NAMED])
        more = len(self.scenarios) - NAMED
        return text + f"; scenarios: {named}" + (f" and {more} more" if more > 0 else "")


@dataclass(frozen=True)
class ItemChange:
    model: str
    nodeid: str
    scenario: str

    def describe(self) -> str:
        return f"{self.model}: {self.scenario} ({self.nodeid})"


@dataclass
class GateReport:
    baseline: str
    regressions: list[Move] = field(default_factory=list)
    within_intervals: list[Move] = field(default_factory=list)  # worse beyond tolerance, but noise
    improvements: list[Move] = field(default_factory=list)
    new_failures: list[ItemChange] = field(default_factory=list)
    known_failures: list[ItemChange] = field(default_factory=list)
    fixed: list[ItemChange] = field(default_factory=list)
    no_baseline: list[str] = field(default_factory=list)  # models the baseline does not hold

    @property
    def failed(self) -> bool:
        return bool(self.regressions or self.new_failures)

    def lines(self) -> Iterator[str]:
        verdict = "FAILED" if self.failed else "passed"
        yield f"baseline gate {verdict} (against {self.baseline})"
        for move in self.regressions:
            yield "  regression: " + move.describe()
        for change in self.new_failures:
            yield "  new failure: " + change.describe() + " passed in the baseline and fails now"
        for move in self.within_intervals:
            yield "  not a regression (inside the 95% intervals): " + move.describe()
        for change in self.known_failures:
            yield "  known failure: " + change.describe() + " failed in the baseline too"
        for move in self.improvements:
            yield "  improvement: " + move.describe()
        for change in self.fixed:
            yield "  fixed: " + change.describe() + " failed in the baseline and passes now"
        for model in self.no_baseline:
            yield f"  no baseline for {model}: not compared"


def _share(item: BaselineItem, metric: str) -> float | None:
    if metric not in ("alignment", "flip_rate"):  # a judged dimension: the item's mean score
        return item.get("judged", {}).get(metric)
    if metric == "alignment":
        return item["aligned"] / item["trials"] if item["trials"] else None
    return item["flipped"] / item["variants_tried"] if item["variants_tried"] else None


def _scenarios(
    before: dict[str, BaselineItem], after: dict[str, BaselineItem], metric: str, worse: bool
) -> tuple[str, ...]:
    """The items whose own share of the metric moved in the direction of the figure."""
    out = []
    for nodeid, now in sorted(after.items()):
        then = before.get(nodeid)
        old, new = (_share(then, metric), _share(now, metric)) if then else (None, None)
        if old is None or new is None or old == new:
            continue
        better = (new > old) == HIGHER_IS_BETTER[metric]
        if better != worse:
            out.append(now["scenario"])
    return tuple(dict.fromkeys(out))


def _overlap(before: BaselineFigure, after: BaselineFigure) -> bool:
    (lo1, hi1), (lo2, hi2) = before["ci95"], after["ci95"]
    return lo1 <= hi2 and lo2 <= hi1


def compare(
    baseline: BaselineDocument,
    current: BaselineDocument,
    tolerances: Mapping[str, float],
    name: str = "the baseline",
) -> GateReport:
    """The gate's verdict on `current` (a baseline document of this run) against `baseline`."""
    report = GateReport(name)
    repeats = max(int(baseline.get("repeat", 1)), int(current.get("repeat", 1))) > 1
    for model, now in current["models"].items():
        then = baseline["models"].get(model)
        if then is None:
            report.no_baseline.append(model)
            continue
        for metric, tolerance in tolerances.items():
            old, new = then["figures"].get(metric), now["figures"].get(metric)
            if old is None or new is None:
                continue
            overlapping = repeats and _overlap(old, new)
            move = Move(model, metric, old["value"], new["value"], tolerance, (), overlapping)
            if abs(move.worse_by) <= tolerance:
                continue
            worse = move.worse_by > 0
            scenarios = _scenarios(then["items"], now["items"], metric, worse)
            move = Move(model, metric, old["value"], new["value"], tolerance, scenarios, overlapping)
            if not worse:
                report.improvements.append(move)
            elif overlapping:
                report.within_intervals.append(move)
            else:
                report.regressions.append(move)
        for nodeid, item in sorted(now["items"].items()):
            before = then["items"].get(nodeid)
            if before is None:
                continue
            change = ItemChange(model, nodeid, item["scenario"])
            if before["passed"] and not item["passed"]:
                report.new_failures.append(change)
            elif not before["passed"] and not item["passed"]:
                report.known_failures.append(change)
            elif not before["passed"] and item["passed"]:
                report.fixed.append(change)
    return report

"""The judged dimensions' figures per model: rate or mean with a 95% interval, agreement, unjudged.

Read from each conversation's `dimensions` (the summaries `outcome.trial_record` writes beside the
judgements): a yes/no dimension is a rate of 1s with a Wilson interval; `personality` (a score in
[0, 1] per conversation) and `first_turn_disclosure` (criteria revealed) are means with a normal
interval. Agreement pools the votes: the share of valid votes equal to their question's majority.
Only scenario items' conversations count, as for alignment (a persuasion search's are not judged).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..judge.verdicts import DIMENSIONS
from ..metrics import wilson
from ..records import ItemRecord

Kind = Literal["rate", "mean", "count"]
KINDS: dict[str, Kind] = {"personality": "mean", "first_turn_disclosure": "count"}


@dataclass(frozen=True)
class DimensionFigures:
    dimension: str
    judged: int  # conversations the judge scored on it
    unjudged: int  # conversations it was asked about whose answers were judge errors
    value: float | None  # rate of 1s, mean score, or mean criteria revealed
    interval: tuple[float, float] | None
    agreement: float | None
    failing: int  # conversations with a majority 0 (a trait at the opposite level)

    @property
    def kind(self) -> Kind:
        return KINDS.get(self.dimension, "rate")

    def value_text(self) -> str:
        if self.value is None:
            return "-"
        return f"{self.value:.1%}" if self.kind == "rate" else f"{self.value:.2f}"

    def interval_text(self) -> str:
        if self.interval is None:
            return "-"
        low, high = self.interval
        return f"{low:.0%}-{high:.0%}" if self.kind == "rate" else f"{low:.2f}-{high:.2f}"


def _mean_interval(values: Sequence[float], bounded: bool) -> tuple[float, float] | None:
    if len(values) < 2:
        return None
    mean = sum(values) / len(values)
    spread = 1.96 * math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1) / len(values))
    low, high = mean - spread, mean + spread
    return (max(0.0, low), min(1.0, high)) if bounded else (max(0.0, low), high)


def dimension_figures(records: Sequence[ItemRecord]) -> dict[str, DimensionFigures]:
    """Per judged dimension asked in these records (one model's), its figures."""
    summaries: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        if record.get("kind", "scenario") != "scenario":
            continue
        for trial in record["trials"]:
            for dimension, summary in (trial.get("dimensions") or {}).items():
                summaries.setdefault(dimension, []).append(dict(summary))
    out = {}
    for dimension in sorted(summaries, key=lambda d: DIMENSIONS.index(d) if d in DIMENSIONS else 99):
        found = summaries[dimension]
        judged = [s for s in found if s["judged"] and s["score"] is not None]
        scores = [float(s["score"]) for s in judged]
        votes = sum(int(s["votes"]) for s in judged)
        agreeing = sum(float(s["agreement"] or 0.0) * int(s["votes"]) for s in judged)
        kind = KINDS.get(dimension, "rate")
        if not scores:
            value, interval = None, None
        elif kind == "rate":
            ones = sum(1 for v in scores if v == 1)
            value, interval = ones / len(scores), wilson(ones, len(scores))
        else:
            value, interval = sum(scores) / len(scores), _mean_interval(scores, kind == "mean")
        out[dimension] = DimensionFigures(
            dimension,
            len(judged),
            len(found) - len(judged),
            value,
            interval,
            agreeing / votes if votes else None,
            sum(1 for s in judged if s["failing"]),
        )
    return out


def dimensions_json(figures: dict[str, DimensionFigures]) -> dict[str, dict[str, Any]]:
    """results.json's `judged` of a model."""
    return {
        name: {
            "kind": fig.kind,
            "judged": fig.judged,
            "unjudged": fig.unjudged,
            "value": fig.value,
            "ci95": list(fig.interval) if fig.interval else None,
            "agreement": fig.agreement,
            "failing": fig.failing,
        }
        for name, fig in figures.items()
    }


COLUMNS = ("model", "dimension", "judged", "rate / mean", "95% CI", "agreement", "failing", "unjudged")


def table_rows(by_model: dict[str, dict[str, DimensionFigures]]) -> Iterator[list[str]]:
    for model, figures in by_model.items():
        for fig in figures.values():
            agreement = "-" if fig.agreement is None else f"{fig.agreement:.0%}"
            failing = "-" if fig.dimension == "first_turn_disclosure" else str(fig.failing)
            yield [
                model,
                fig.dimension,
                str(fig.judged),
                fig.value_text(),
                fig.interval_text(),
                agreement,
                failing,
                str(fig.unjudged),
            ]


def judged_lines(
    by_model: dict[str, dict[str, DimensionFigures]], judge: str | None, votes: int, markup: bool = False
) -> Iterator[str]:
    """The terminal's second table: model x dimension (nothing when no conversation was judged)."""
    if not any(by_model.values()):
        return
    from rich import box
    from rich.console import Console
    from rich.table import Table

    yield ""
    by = f" by {judge}" if judge else ""
    yield (
        f"  judged dimensions{by}, {votes} votes a question (rate of 1s, or mean; agreement: share of "
        "votes equal to the majority; failing: majority 0; unjudged: judge errors)"
    )
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for index, name in enumerate(COLUMNS):
        table.add_column(name, justify="left" if index < 2 else "right", no_wrap=True)
    for row in table_rows(by_model):
        table.add_row(*row)
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=200, force_terminal=markup, color_system="standard" if markup else None
    )
    console.print(table)
    yield from buffer.getvalue().rstrip("\n").split("\n")

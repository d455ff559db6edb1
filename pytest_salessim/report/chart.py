"""The geometry of the failure-class bar chart; the template draws it as inline SVG."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# the classes of SPEC section 4, in that order; any other class a check reports follows them
KNOWN_CLASSES = (
    "overly_lenient",
    "too_strict",
    "premature_ending",
    "undecided",
    "empty_reply",
    "hallucinated_product",
)
PALETTE = ("#4e79a7", "#e15759", "#f28e2b", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#9c755f")

LABEL_WIDTH = 150
BAR_AREA = 300
BAR_HEIGHT = 16
GAP = 12
LEGEND_HEIGHT = 26


@dataclass(frozen=True)
class Bar:
    model: str
    failure_class: str
    count: int
    x: int
    y: int
    width: int
    colour: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    rows: tuple[tuple[str, int], ...]  # (class, y of its label)
    bars: tuple[Bar, ...]
    legend: tuple[tuple[str, str, int], ...]  # (model, colour, x)


def failure_chart(failure_classes: dict[str, dict[str, int]]) -> Chart | None:
    """Grouped horizontal bars: one row per failure class, one bar per model; None when nothing failed."""
    models = list(failure_classes)
    seen = {c for counts in failure_classes.values() for c, n in counts.items() if n}
    if not seen:
        return None
    classes = [c for c in KNOWN_CLASSES if c in seen] + sorted(seen - set(KNOWN_CLASSES))
    top = max(n for counts in failure_classes.values() for n in counts.values())
    row_height = len(models) * BAR_HEIGHT + GAP
    rows, bars = [], []
    for r, name in enumerate(classes):
        y0 = LEGEND_HEIGHT + r * row_height
        rows.append((name, y0 + len(models) * BAR_HEIGHT // 2 + 4))
        for m, model in enumerate(models):
            count = failure_classes[model].get(name, 0)
            width = round(BAR_AREA * count / top) if count else 0
            colour = PALETTE[m % len(PALETTE)]
            bars.append(Bar(model, name, count, LABEL_WIDTH, y0 + m * BAR_HEIGHT, width, colour))
    legend = tuple(
        (model, PALETTE[m % len(PALETTE)], LABEL_WIDTH + m * 120) for m, model in enumerate(models)
    )
    height = LEGEND_HEIGHT + len(classes) * row_height
    return Chart(LABEL_WIDTH + BAR_AREA + 60, height, tuple(rows), tuple(bars), legend)


def chart_input(figures: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Failure-class counts per model, from results.json's figures."""
    return {model: dict(fig["overall"]["failure_classes"]) for model, fig in figures.items()}

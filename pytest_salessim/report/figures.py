"""The run's figures as JSON: per model, overall, per category and per tag, with the gap to people."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..metrics import Conversation, GroupFigures, PersuasionFigures, conversations, group_figures
from ..records import ItemRecord, figure_order
from .judged import dimension_figures, dimensions_json
from .people import gap_to_people

MOST_EFFECTIVE = 3  # tactics named as the most effective


def persuasion_json(fig: PersuasionFigures) -> dict[str, Any]:
    return {
        "items": fig.items,
        "flipped_items": fig.flipped_items,
        "variants_tried": fig.variants_tried,
        "flipped": fig.flipped,
        "flip_rate": fig.flip_rate,
        "flip_rate_ci95": list(fig.flip_interval) if fig.flip_interval else None,
        "tactics": [
            {"name": t.name, "tried": t.tried, "flipped": t.flipped, "flip_rate": t.flip_rate}
            for t in fig.tactics
        ],
        "most_effective": [t.name for t in fig.tactics if t.flipped][:MOST_EFFECTIVE],
    }


def group_json(fig: GroupFigures) -> dict[str, Any]:
    return {
        "items": fig.items,
        "passed": fig.passed,
        "trials": fig.trials,
        "aligned": fig.aligned,
        "alignment": fig.alignment,
        "alignment_ci95": list(fig.alignment_interval) if fig.alignment_interval else None,
        "failure_classes": fig.failure_classes,
        "first_turn_criteria": fig.first_turn_criteria,
        "first_turn_judged": fig.first_turn_judged,
        "first_turn_at_most_3": fig.first_turn_at_most_3,
        "shopper_turns": fig.shopper_turns,
        "tfidf_similarity": fig.tfidf_similarity,
        "distinct_2": fig.distinct_2,
        "pass_hat_k": {str(k): v for k, v in fig.pass_hat.items()},
        "usage": fig.usage,
        "seconds": fig.seconds,
        "persuasion": persuasion_json(fig.persuasion),
    }


def _split(
    records: list[ItemRecord], convs: list[Conversation], keys: Callable[[ItemRecord], list[str]]
) -> dict[str, dict[str, Any]]:
    names = sorted({key for r in records for key in keys(r)})
    return {
        name: group_json(
            group_figures([r for r in records if name in keys(r)], [c for c in convs if name in keys(c.item)])
        )
        for name in names
    }


def run_figures(
    records: list[ItemRecord], models: list[str], reference: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """Every figure of the run, per model; independent of the order records arrived in."""
    convs = conversations(records)
    out = {}
    for model in models:
        mine = sorted((r for r in records if r["model"] == model), key=figure_order)
        my_convs = [c for c in convs if c.item["model"] == model]
        overall = group_figures(mine, my_convs)
        out[model] = {
            "overall": group_json(overall),
            "by_category": _split(mine, my_convs, lambda r: [r["category"]]),
            "by_tag": _split(mine, my_convs, lambda r: list(r["tags"])),
            "gap_to_people": gap_to_people(overall, reference),
            "judged": dimensions_json(dimension_figures(mine)),
        }
    return out

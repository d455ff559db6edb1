"""The gap to people: each model's figures beside those of real shoppers in the SalesSim study."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..metrics import GroupFigures

REFERENCE_FILE = Path(__file__).with_name("human_reference.json")  # fixtures/derive_human_reference.py

# (figure, what it measures): the figures both a run and the human reference have
GAP_FIGURES = (
    ("first_turn_criteria", "criteria in the first message"),
    ("first_turn_at_most_3", "at most 3 criteria first"),
    ("tfidf_similarity", "TF-IDF similarity (higher: less diverse)"),
    ("shopper_turns", "shopper turns"),
)


@lru_cache(maxsize=1)
def human_reference() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
    return loaded


def gap_to_people(figures: GroupFigures, reference: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per figure: the model's value, the people's, and the difference (model minus people)."""
    out = {}
    for name, label in GAP_FIGURES:
        people = float(reference["figures"][name]["value"])
        model = getattr(figures, name)
        out[name] = {
            "label": label,
            "model": model,
            "people": people,
            "difference": None if model is None else model - people,
        }
    return out

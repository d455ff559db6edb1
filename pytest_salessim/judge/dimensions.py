"""The questions a conversation raises: one per dimension that applies, one per specified trait.

A dimension applies when the persona gives it something to judge: `states_dealbreakers` needs a
dealbreaker or a budget, `personality` a specified trait, `first_turn_disclosure` a criterion;
`comprehension` and `judged_alignment` always apply (a persona without a knowledge level is judged
as an ordinary shopper).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..spec.model import Scenario
from ..transcript import Transcript
from . import context as seen
from .prompts import RubricProblem, rubric
from .verdicts import DIMENSIONS, TRAITS, Scale


@dataclass(frozen=True)
class Question:
    """One rubric rendered for one conversation; `prompt` None: nothing to ask, `why` says so."""

    dimension: str
    scale: Scale
    prompt: str | None
    aspect: str = ""
    expected: str | None = None  # personality: the persona's level, compared with the judge's
    criteria: int = 0  # first_turn_disclosure: how many criteria the judge may number
    why: str | None = None


def applies(dimension: str, scenario: Scenario) -> bool:
    persona = scenario.persona
    if dimension == "states_dealbreakers":
        return bool(persona.dealbreakers) or persona.budget is not None
    if dimension == "personality":
        return bool(seen.traits(persona))
    if dimension == "first_turn_disclosure":
        return bool(seen.criteria_list(persona))
    return dimension in DIMENSIONS


def chosen(scenario: Scenario, only: Sequence[str] | None, required: Sequence[str] = ()) -> list[str]:
    """The dimensions judged for `scenario`: those asked for (default all), and those it requires."""
    wanted = set(DIMENSIONS if only is None else only) | set(required)
    return [d for d in DIMENSIONS if d in wanted and applies(d, scenario)]


def questions(
    transcript: Transcript, scenario: Scenario, dimensions: Sequence[str], rubrics: Path | None = None
) -> list[Question]:
    """The questions of `dimensions` about this conversation, rubrics rendered."""
    category = scenario.category.replace("_", " ")
    base: dict[str, Any] = {"category_words": category}
    out: list[Question] = []
    for dimension in dimensions:
        if dimension == "personality":
            out.extend(_traits(transcript, scenario, base, rubrics))
        elif dimension == "first_turn_disclosure":
            out.append(_disclosure(transcript, scenario, base, rubrics))
        else:
            context = {
                **base,
                "persona": seen.persona_view(scenario.persona),
                "conversation": seen.conversation_view(transcript),
            }
            if dimension == "judged_alignment":
                context["products"] = seen.shown_products(transcript, scenario)
                context["decision"] = seen.decision_text(transcript, scenario)
            out.append(_rendered(dimension, "score", context, rubrics))
    return out


def _rendered(
    dimension: str, scale: Scale, context: dict[str, Any], rubrics: Path | None, **fields: Any
) -> Question:
    try:
        return Question(dimension, scale, rubric(dimension, context, rubrics), **fields)
    except RubricProblem as problem:
        return Question(dimension, scale, None, why=str(problem), **fields)


def _traits(
    transcript: Transcript, scenario: Scenario, base: dict[str, Any], rubrics: Path | None
) -> list[Question]:
    """One question per specified trait; the judge sees the shopper's messages and the trait's name only."""
    messages = seen.shopper_messages(transcript)
    out = []
    for trait, level in sorted(seen.traits(scenario.persona).items(), key=lambda kv: _order(kv[0])):
        if not messages:
            out.append(Question("personality", "level", None, trait, level, why="the shopper wrote nothing"))
            continue
        context = {**base, "trait": trait, "shopper_messages": messages}
        out.append(_rendered("personality", "level", context, rubrics, aspect=trait, expected=level))
    return out


def _order(trait: str) -> int:
    return TRAITS.index(trait) if trait in TRAITS else len(TRAITS)


def _disclosure(
    transcript: Transcript, scenario: Scenario, base: dict[str, Any], rubrics: Path | None
) -> Question:
    criteria = seen.criteria_list(scenario.persona)
    message = transcript.first_shopper_text()
    if not message:
        return Question("first_turn_disclosure", "revealed", None, why="the shopper wrote nothing")
    context = {**base, "message": message, "criteria": criteria}
    return _rendered("first_turn_disclosure", "revealed", context, rubrics, criteria=len(criteria))

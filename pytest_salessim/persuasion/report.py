"""A persuasion item's result: the failure message with the minimal variant, and its record."""

from __future__ import annotations

from ..outcome import expected_text, persona_record
from ..records import ItemRecord
from ..spec.model import Scenario
from ..templating import money
from ..transcript import Decision
from .search import PersuasionResult


def _decision(decision: Decision, scenario: Scenario) -> str:
    text = decision.describe()
    product = scenario.catalog.get(decision.product_id or "")
    return text + (f" ({product.name}, {money(product.price)})" if product else "")


def persuasion_message(scenario: Scenario, result: PersuasionResult, model: str) -> str:
    """The smallest persuasion that works, printed as the agent's lines beside the decision."""
    flip = result.minimal
    assert flip is not None
    variant = flip.variant
    target = scenario.catalog.get(variant.target)
    assert target is not None
    found = (
        f"found after {result.examples_to_failure} example(s)"
        if result.examples_to_failure is not None
        else "replayed"
    )
    lines = [
        f"a persuasion moved shopper {scenario.persona.name!r} off its persona ({model}); "
        f"the smallest that works ({found}, {result.conversations} conversations in all):",
        f"  target: {target.id} ({target.name}, {money(target.price)})",
        f"  tactics: {', '.join(variant.tactics)}; from agent turn {variant.start_turn} "
        f"for {variant.persist} turn(s); misstates the target: {'yes' if variant.misstates else 'no'}",
        "  the agent's lines:",
        *(f"    [turn {line['turn']}] agent: {line['say']}" for line in flip.lines),
        f"  expected:           {expected_text(scenario)}",
        f"  without persuasion: {_decision(result.baseline.transcript.decision, scenario)}",
        f"  with it:            {_decision(flip.outcome.transcript.decision, scenario)}",
        f"  variants that moved the decision: {result.flipped} of {result.tried}",
    ]
    return "\n".join(lines)


def persuasion_record(
    scenario: Scenario, model: str, result: PersuasionResult, nodeid: str, file: str
) -> ItemRecord:
    flip = result.minimal
    trials = [result.baseline.trial_record()]
    if flip is not None:
        trials.append(flip.outcome.trial_record())
    expect = scenario.expect
    return {
        "nodeid": nodeid,
        "file": file,
        "scenario": scenario.id,
        "category": scenario.category,
        "tags": list(scenario.tags),
        "model": model,
        "kind": "persuasion",
        "expected": {"decision": expect.decision, "any_of": list(expect.any_of)},
        "expected_text": expected_text(scenario),
        "passed": flip is None,
        "pass_rate": 1.0 if flip is None else 0.0,
        "min_pass_rate": 1.0,
        "trials": trials,
        "persuasion": {
            "variants_tried": result.tried,
            "flipped": result.flipped,
            "tactics": result.tactics,
            "conversations": result.conversations,
            "search_usage": result.search_usage(),
            "examples_to_failure": result.examples_to_failure,
            "minimal_variant": None if flip is None else flip.variant.to_dict(flip.lines),
        },
        "persona": persona_record(result.baseline.scenario.persona),  # as played (judged criteria filled)
    }

"""Decision alignment, strictly graded (SPEC section 4): the decision against the acceptable products."""

from __future__ import annotations

from ..spec.model import Scenario
from ..transcript import Transcript
from .registry import register
from .result import CheckResult, deciding_turn, turns_showing


@register("decision_alignment", grading="strict")
def strict_alignment(transcript: Transcript, scenario: Scenario) -> CheckResult:
    """Bought an acceptable product, or left when nothing was acceptable (SPEC section 4)."""
    decision, expect = transcript.decision, scenario.expect
    name = "decision_alignment"
    if decision.kind == "purchase" and decision.hallucinated:
        return CheckResult(
            name,
            False,
            f"bought {decision.product_id!r}, which is not in the catalog",
            "hallucinated_product",
            deciding_turn(transcript),
        )
    aligned = (
        decision.product_id in expect.any_of
        if expect.decision == "purchase"
        else decision.kind == "no_purchase"
    )
    if aligned:
        return CheckResult(name, True, decision.describe())
    if decision.kind == "undecided" and decision.reason == "empty_reply":
        return CheckResult(
            name, False, "the shopper replied with nothing, twice", "empty_reply", deciding_turn(transcript)
        )
    if decision.kind == "undecided":
        return CheckResult(name, False, "ran out of turns without deciding", "undecided")
    if decision.kind == "purchase":
        why = "not an acceptable product" if expect.decision == "purchase" else "nothing was acceptable"
        turns = turns_showing(transcript, decision.product_id) + deciding_turn(transcript)
        return CheckResult(name, False, f"bought {decision.product_id}: {why}", "overly_lenient", turns)
    offered = transcript.offered() & set(expect.any_of)
    if offered:
        return CheckResult(
            name,
            False,
            f"left although {', '.join(sorted(offered))} was offered",
            "too_strict",
            turns_showing(transcript, *offered) + deciding_turn(transcript),
        )
    return CheckResult(
        name,
        False,
        "left before any acceptable product was offered",
        "premature_ending",
        deciding_turn(transcript),
    )

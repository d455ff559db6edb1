"""Dealbreakers and budget: the bought product breaks none of the persona's hard criteria."""

from __future__ import annotations

from ..spec.criteria import broken_criteria
from ..spec.doubts import LABEL_CONFLICT
from ..spec.model import Scenario
from ..transcript import Transcript
from .registry import register
from .result import CheckResult, deciding_turn


@register("dealbreakers")
def dealbreakers_kept(transcript: Transcript, scenario: Scenario) -> CheckResult:
    """The bought product breaks no dealbreaker rule and not the budget (a product the label of a
    `label-conflict` scenario accepts is graded by the label, the disagreement said)."""
    product = scenario.catalog.get(transcript.decision.product_id or "")
    if transcript.decision.kind != "purchase" or product is None:
        return CheckResult("dealbreakers", True, "nothing bought")
    broken = broken_criteria(product, scenario.persona)
    if broken and LABEL_CONFLICT in scenario.tags and product.id in scenario.expect.any_of:
        # The authors accept it and the annotations say otherwise (spec/doubts.py): graded by the label,
        # the disagreement said.
        return CheckResult(
            "dealbreakers",
            True,
            f"{product.id} breaks " + "; ".join(broken) + f" by the criteria as written, but the label "
            f"accepts it ({LABEL_CONFLICT})",
        )
    if broken:
        return CheckResult(
            "dealbreakers",
            False,
            f"{product.id} breaks " + "; ".join(broken),
            turns=deciding_turn(transcript),
        )
    return CheckResult("dealbreakers", True, f"{product.id} keeps every dealbreaker and the budget")

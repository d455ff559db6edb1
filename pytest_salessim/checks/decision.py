"""The checks of SPEC section 4: small pure functions of (Transcript, Scenario)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from .disclosure import disclosed
from .spec.model import Scenario
from .transcript import Transcript
from .verdict import broken_criteria

FailureClass = Literal[
    "overly_lenient",
    "too_strict",
    "premature_ending",
    "undecided",
    "empty_reply",  # the shopper answered with neither text nor a tool call, twice running
    "hallucinated_product",
    "bought_unrecommended",  # the paper's grading only (grading.py)
    "chose_wrong_recommended",  # the paper's grading only
]


@dataclass(frozen=True)
class CheckResult:
    name: str
    passed: bool
    detail: str
    failure_class: FailureClass | None = None
    turns: tuple[int, ...] = ()  # indexes into transcript.turns that show why


def _deciding_turn(transcript: Transcript) -> tuple[int, ...]:
    return (len(transcript.turns) - 1,) if transcript.turns else ()


def decision_alignment(transcript: Transcript, scenario: Scenario) -> CheckResult:
    """Bought an acceptable product, or left when nothing was acceptable (or as the paper grades it)."""
    if scenario.checks.grading == "paper":
        from .grading import paper_alignment

        return paper_alignment(transcript, scenario)
    decision, expect = transcript.decision, scenario.expect
    name = "decision_alignment"
    if decision.kind == "purchase" and decision.hallucinated:
        return CheckResult(
            name,
            False,
            f"bought {decision.product_id!r}, which is not in the catalog",
            "hallucinated_product",
            _deciding_turn(transcript),
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
            name, False, "the shopper replied with nothing, twice", "empty_reply", _deciding_turn(transcript)
        )
    if decision.kind == "undecided":
        return CheckResult(name, False, "ran out of turns without deciding", "undecided")
    if decision.kind == "purchase":
        why = "not an acceptable product" if expect.decision == "purchase" else "nothing was acceptable"
        turns = _turns_showing(transcript, decision.product_id) + _deciding_turn(transcript)
        return CheckResult(name, False, f"bought {decision.product_id}: {why}", "overly_lenient", turns)
    offered = transcript.offered() & set(expect.any_of)
    if offered:
        return CheckResult(
            name,
            False,
            f"left although {', '.join(sorted(offered))} was offered",
            "too_strict",
            _turns_showing(transcript, *offered) + _deciding_turn(transcript),
        )
    return CheckResult(
        name,
        False,
        "left before any acceptable product was offered",
        "premature_ending",
        _deciding_turn(transcript),
    )


def _turns_showing(transcript: Transcript, *product_ids: str | None) -> tuple[int, ...]:
    wanted = set(product_ids)
    for index, turn in enumerate(transcript.turns):
        if any(card["id"] in wanted for card in turn.cards) or any(
            wanted & set(r.product_ids) for r in turn.tool_results
        ):
            return (index,)
    return ()


def dealbreakers_kept(transcript: Transcript, scenario: Scenario) -> CheckResult:
    """The bought product breaks no dealbreaker rule and not the budget."""
    product = scenario.catalog.get(transcript.decision.product_id or "")
    if transcript.decision.kind != "purchase" or product is None:
        return CheckResult("dealbreakers", True, "nothing bought")
    broken = broken_criteria(product, scenario.persona)
    if broken:
        return CheckResult(
            "dealbreakers",
            False,
            f"{product.id} breaks " + "; ".join(broken),
            turns=_deciding_turn(transcript),
        )
    return CheckResult("dealbreakers", True, f"{product.id} keeps every dealbreaker and the budget")


def first_turn_disclosure(transcript: Transcript, scenario: Scenario) -> CheckResult:
    """The first shopper message reveals few criteria, as people do."""
    limit = scenario.checks.max_first_turn_disclosures
    judged = transcript.judged_disclosures
    found = (
        list(judged) if judged is not None else disclosed(transcript.first_shopper_text(), scenario.persona)
    )
    first = next((i for i, t in enumerate(transcript.turns) if t.role == "shopper"), None)
    by = " (LLM judge)" if judged is not None else ""
    detail = f"{len(found)} criteria in the first message{by} (at most {limit})"
    if found:
        detail += ": " + "; ".join(found)
    return CheckResult("disclosure", len(found) <= limit, detail, turns=(first,) if first is not None else ())


def turn_limit(transcript: Transcript, scenario: Scenario) -> CheckResult:
    """The conversation ends within `max_turns` shopper turns."""
    used, limit = len(transcript.shopper_turns), scenario.checks.max_turns
    ended = transcript.decision.kind != "undecided"
    return CheckResult("turns", ended and used <= limit, f"{used} shopper turns (at most {limit})")


CHECKS: tuple[Callable[[Transcript, Scenario], CheckResult], ...] = (
    decision_alignment,
    dealbreakers_kept,
    first_turn_disclosure,
    turn_limit,
)


def run_checks(transcript: Transcript, scenario: Scenario) -> tuple[CheckResult, ...]:
    return tuple(check(transcript, scenario) for check in CHECKS)

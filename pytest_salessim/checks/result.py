"""What a check says about one conversation, and the transcript turns that show why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..transcript import Transcript

FailureClass = Literal[
    "overly_lenient",
    "too_strict",
    "premature_ending",
    "undecided",
    "empty_reply",  # the shopper answered with neither text nor a tool call, twice running
    "hallucinated_product",
    "bought_unrecommended",  # the paper's grading only (paper.py)
    "chose_wrong_recommended",  # the paper's grading only
]


@dataclass(frozen=True)
class CheckResult:
    name: str
    passed: bool
    detail: str
    failure_class: FailureClass | None = None
    turns: tuple[int, ...] = ()  # indexes into transcript.turns that show why
    score: float | None = None  # a judged dimension's score (checks/judged.py); None for a rule's check


def deciding_turn(transcript: Transcript) -> tuple[int, ...]:
    return (len(transcript.turns) - 1,) if transcript.turns else ()


def turns_showing(transcript: Transcript, *product_ids: str | None) -> tuple[int, ...]:
    """The first turn that showed one of the products: a card, or a tool result."""
    wanted = set(product_ids)
    for index, turn in enumerate(transcript.turns):
        if any(card["id"] in wanted for card in turn.cards) or any(
            wanted & set(r.product_ids) for r in turn.tool_results
        ):
            return (index,)
    return ()

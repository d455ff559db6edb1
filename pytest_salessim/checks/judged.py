"""The judged dimensions of SPEC section 11 as checks: they read the judge's verdicts on the transcript.

A judged dimension is a figure, not a failure, unless the scenario requires it (`checks: {require}`
or the ini option `salessim_require`): then a majority score of 0 fails the item (for `personality`,
a trait judged at the opposite level). An unjudged dimension (judge errors) never passes or fails
anything: the check says why and passes. Without a judge, or for a dimension not asked, no result.
`first_turn_disclosure` feeds the disclosure check (disclosure.py), which has its own limit.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..judge.verdicts import Judgement, summarize
from ..spec.model import Scenario
from ..transcript import Transcript
from .registry import register
from .result import CheckResult

MAX_JUSTIFICATION = 240  # characters of the judge's justification in a failure message


def _quoted(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= MAX_JUSTIFICATION else text[: MAX_JUSTIFICATION - 3] + "...")


def _said(judgement: Judgement) -> str:
    """`0 (votes 0, 0, 1; agreement 67%): 'never says ...'`"""
    text = f"{judgement.majority_text()} (votes {judgement.votes_text()}"
    if judgement.agreement is not None:
        text += f"; agreement {judgement.agreement:.0%}"
    text += ")"
    if judgement.justification:
        text += ": " + _quoted(judgement.justification)
    return text


def judged_check(dimension: str, transcript: Transcript, scenario: Scenario) -> CheckResult | None:
    """The check of one judged dimension, from the judgements on the transcript."""
    mine: Sequence[Judgement] = [j for j in transcript.judgements or () if j.dimension == dimension]
    summary = summarize(dimension, mine)
    if summary is None:
        return None
    required = dimension in scenario.checks.require
    role = "required" if required else "a figure"
    if not summary["judged"]:
        return CheckResult(dimension, True, f"unjudged ({summary['error']}); {role}")
    if dimension == "personality":
        parts = []
        for j in mine:
            if not j.judged:
                parts.append(f"{j.aspect} {j.expected}: unjudged ({j.error})")
            else:
                parts.append(f"{j.aspect} {j.expected}, judged {_said(j)}")
        detail = f"mean {summary['score']:.2f}; " + "; ".join(parts)
    else:
        detail = f"majority {_said(mine[0])}"
    failing = summary["failing"]
    if failing and not required:
        detail += " (a figure, not required)"
    turns = tuple(sorted({t for j in mine if j.score == 0 for t in j.turns}))
    return CheckResult(dimension, not (failing and required), detail, turns=turns, score=summary["score"])


@register("comprehension")
def comprehension(transcript: Transcript, scenario: Scenario) -> CheckResult | None:
    """The shopper takes in product information as its knowledge level would (judged)."""
    return judged_check("comprehension", transcript, scenario)


@register("states_dealbreakers")
def states_dealbreakers(transcript: Transcript, scenario: Scenario) -> CheckResult | None:
    """The shopper states every dealbreaker, or reacts to one when shown a product that breaks it (judged)."""
    return judged_check("states_dealbreakers", transcript, scenario)


@register("judged_alignment")
def judged_alignment(transcript: Transcript, scenario: Scenario) -> CheckResult | None:
    """The decision is the best fit among the products shown, or leaving when none fits (judged)."""
    return judged_check("judged_alignment", transcript, scenario)


@register("personality")
def personality(transcript: Transcript, scenario: Scenario) -> CheckResult | None:
    """Each specified Big-Five trait shows in the shopper's messages at its level (judged)."""
    return judged_check("personality", transcript, scenario)

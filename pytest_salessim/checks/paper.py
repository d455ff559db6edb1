"""Decision alignment as the SalesSim paper's grader decides it (`--salessim-grading paper`).

The paper credits a decision only against what the sales agent recommended: a purchase is aligned
when the product is acceptable and the agent recommended it (a product card, or its name in the
agent's text); leaving is aligned when no acceptable product was recommended, whatever the shopper
could have found itself; a conversation of one shopper turn is a premature ending. Its classes, in
the order it tries them (the paper's own names in brackets):

- premature_ending: one shopper turn (premature_ending)
- overly_lenient: bought although nothing was acceptable, or bought a product that is not acceptable
  when no acceptable one was recommended (overly_lenient_no_recommended_acceptable)
- bought_unrecommended: bought a product the agent never recommended; hallucinated_product when the
  catalog has no such product (both shopperbot_hallucination_no_credit: the paper's shopper buys by name)
- chose_wrong_recommended: bought a recommended product that is not acceptable while an acceptable one
  was recommended (chose_wrong_recommended_product)
- too_strict: left although an acceptable product was recommended
  (incorrect_reasoning_reject_has_recommended_acceptable)

Running out of turns counts as leaving, as the paper has no such outcome (the turns check fails it).
"""

from __future__ import annotations

from ..spec.model import Scenario
from ..transcript import Transcript
from .registry import register
from .result import CheckResult

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def _plain(text: str) -> str:
    return " ".join(text.translate(_QUOTES).casefold().split())


def named_in(text: str, name: str) -> bool:
    """The product's full name appears in the text (any case, quotes straightened, spaces collapsed)."""
    return bool(name.strip()) and _plain(name) in _plain(text)


def recommendations(transcript: Transcript, scenario: Scenario) -> dict[str, int]:
    """Each product the agent recommended, with the first turn that did: a card or its name in the text."""
    found: dict[str, int] = {}
    for index, turn in enumerate(transcript.turns):
        if turn.role != "agent":
            continue
        for card in turn.cards:
            found.setdefault(card["id"], index)
        if turn.text.strip():
            text = _plain(turn.text)
            for product in scenario.catalog.products:
                if product.id not in found and _plain(product.name) in text:
                    found[product.id] = index
    return found


@register("decision_alignment", grading="paper")
def paper_alignment(transcript: Transcript, scenario: Scenario) -> CheckResult:
    """Decision alignment as the paper grades it: against what the agent recommended."""
    name = "decision_alignment"
    decision, acceptable = transcript.decision, set(scenario.expect.any_of)
    recommended = recommendations(transcript, scenario)
    offered = sorted(acceptable & set(recommended), key=lambda p: recommended[p])
    last = (len(transcript.turns) - 1,) if transcript.turns else ()
    shown = tuple(recommended[p] for p in offered[:1])
    if len(transcript.shopper_turns) <= 1:
        return CheckResult(
            name, False, f"decided in its first turn ({decision.describe()})", "premature_ending", last
        )
    if decision.kind == "purchase":
        bought = decision.product_id or ""
        if not acceptable:
            return CheckResult(
                name, False, f"bought {bought}: nothing was acceptable", "overly_lenient", last
            )
        if decision.hallucinated:
            return CheckResult(
                name, False, f"bought {bought!r}, which is not in the catalog", "hallucinated_product", last
            )
        if bought not in recommended:
            return CheckResult(
                name,
                False,
                f"bought {bought}, which the agent never recommended",
                "bought_unrecommended",
                last,
            )
        if bought in acceptable:
            return CheckResult(name, True, f"bought {bought}: acceptable and recommended by the agent")
        if offered:
            return CheckResult(
                name,
                False,
                f"bought {bought}, not acceptable, though the agent recommended {', '.join(offered)}",
                "chose_wrong_recommended",
                (recommended[bought], *shown, *last),
            )
        return CheckResult(
            name,
            False,
            f"bought {bought}: not acceptable, and no acceptable product was recommended",
            "overly_lenient",
            (recommended[bought], *last),
        )
    if offered:
        return CheckResult(
            name,
            False,
            f"left although the agent recommended {', '.join(offered)}",
            "too_strict",
            (*shown, *last),
        )
    how = "ran out of turns" if decision.kind == "undecided" else "left"
    why = "nothing was acceptable" if not acceptable else "no acceptable product was recommended"
    return CheckResult(name, True, f"{how}: {why}")

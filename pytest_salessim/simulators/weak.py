"""`weak`: the negative control. It says everything at once and buys the first thing pitched.

Checks are only worth something if this shopper fails them.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..templating import money
from ..transcript import ToolCall, Turn
from .base import ShopperBrief, ShopperMessage
from .voice import item_phrase


class WeakSimulator:
    name = "weak"

    def shopper(self, brief: ShopperBrief, seed: int) -> Pushover:
        return Pushover(brief)


class Pushover:
    def __init__(self, brief: ShopperBrief):
        self.brief = brief

    def respond(self, turns: Sequence[Turn]) -> ShopperMessage:
        if not any(t.role == "shopper" for t in turns):
            persona = self.brief.persona
            wants = "; ".join(c.text.rstrip(".") for c in persona.criteria)
            text = f"Hi, I need {item_phrase(self.brief.category)}. I want all of this: {wants}."
            if persona.budget is not None:
                text += f" My budget is {money(persona.budget.max)}."
            return ShopperMessage(text)
        pitched = next((card for t in turns for card in t.cards), None)
        if pitched is None:
            return ShopperMessage("What would you recommend?")
        return ShopperMessage(
            f"Sounds great, I'll take the {pitched['name']}!",
            (ToolCall("add_to_cart", {"product_id": pitched["id"]}),),
        )

"""What a persona's criteria make of a product: the one judgement checks and simulators share."""

from __future__ import annotations

from ..templating import money
from .model import Persona, Product


def over_budget(product: Product, persona: Persona) -> bool:
    """Costs more than the budget's ceiling (its max, stretched by `flexible`)."""
    return persona.budget is not None and product.price > persona.budget.ceiling


def broken_criteria(product: Product, persona: Persona) -> list[str]:
    """The dealbreakers (by rule or `meets`) and the budget that `product` breaks, described for a person."""
    broken = []
    budget = persona.budget
    if budget is not None and over_budget(product, persona):
        limit = money(budget.max)
        if budget.flexible:
            limit = f"{money(budget.ceiling)}: {limit} + {budget.flexible * 100:g}%"
        broken.append(f"the budget ({money(product.price)} > {limit})")
    for criterion in persona.dealbreakers:
        if criterion.met_by(product) is False:
            broken.append(f"the dealbreaker {criterion.text!r} ({criterion.needs(product)})")
    return broken


def keeps_hard_criteria(product: Product, persona: Persona) -> bool:
    """Keeps the budget and every dealbreaker the spec can decide (by rule or `meets`)."""
    return not over_budget(product, persona) and all(
        c.met_by(product) is not False for c in persona.dealbreakers
    )


def preferences_met(product: Product, persona: Persona) -> int:
    """How many preferences the product is known to meet (by rule or `meets`)."""
    return sum(1 for c in persona.preferences if c.met_by(product))

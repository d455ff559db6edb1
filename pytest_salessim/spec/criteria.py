"""What a persona's rules make of a product: the one judgement checks and simulators share."""

from __future__ import annotations

from .spec.model import Persona, Product
from .templating import money


def over_budget(product: Product, persona: Persona) -> bool:
    return persona.budget is not None and product.price > persona.budget.max


def broken_criteria(product: Product, persona: Persona) -> list[str]:
    """The dealbreakers (by rule) and the budget that `product` breaks, described for a person."""
    broken = []
    if persona.budget is not None and over_budget(product, persona):
        broken.append(f"the budget ({money(product.price)} > {money(persona.budget.max)})")
    for criterion in persona.dealbreakers:
        if criterion.rule is not None and not criterion.rule.met_by(product):
            actual = product.attribute(criterion.rule.attribute)
            broken.append(
                f"the dealbreaker {criterion.text!r} (needs {criterion.rule.describe()}, has {actual!r})"
            )
    return broken


def keeps_hard_criteria(product: Product, persona: Persona) -> bool:
    """Keeps every dealbreaker rule and the budget."""
    return not over_budget(product, persona) and all(
        c.rule is None or c.rule.met_by(product) for c in persona.dealbreakers
    )


def preferences_met(product: Product, persona: Persona) -> int:
    return sum(1 for c in persona.preferences if c.rule is not None and c.rule.met_by(product))

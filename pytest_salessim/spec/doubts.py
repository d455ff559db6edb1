"""Labels known to disagree with their own persona: why `reference` is expected to fail them.

The import's audit tags an imported scenario whose authors' label its persona's criteria contradict
(`label-conflict`: an acceptable product breaks a dealbreaker or the budget, or no purchase is expected
although a product keeps them all), or do not single out (`label-preference`: an unlisted product
keeps every dealbreaker and meets as many preferences as the best listed one). `reference` follows
the criteria as written, so under it such a scenario is an expected failure with this reason: shown
in the run, never silently green. Other simulators are graded against the label as it is.
"""

from __future__ import annotations

from .criteria import broken_criteria, keeps_hard_criteria, preferences_met
from .model import Scenario

LABEL_CONFLICT = "label-conflict"
LABEL_PREFERENCE = "label-preference"


def _listed(ids: list[str]) -> str:
    return ", ".join(ids[:2]) + (f" and {len(ids) - 2} more" if len(ids) > 2 else "")


def label_doubt(scenario: Scenario) -> str | None:
    """Why the scenario's label disagrees with its persona, for a scenario tagged so; else None."""
    persona, products = scenario.persona, scenario.catalog.products
    if LABEL_CONFLICT in scenario.tags:
        for product_id in scenario.expect.any_of:
            product = scenario.catalog.get(product_id)
            broken = broken_criteria(product, persona) if product is not None else []
            if broken:
                return f"{LABEL_CONFLICT}: the authors accept {product_id}, which breaks {broken[0]}"
        keeping = [p.id for p in products if keeps_hard_criteria(p, persona)]
        if scenario.expect.decision == "no_purchase" and keeping:
            verb = "keeps" if len(keeping) == 1 else "keep"
            return (
                f"{LABEL_CONFLICT}: the authors expect no purchase, but {_listed(keeping)} "
                f"{verb} every dealbreaker and the budget"
            )
        return f"{LABEL_CONFLICT}: the authors' label contradicts the persona (see the import report)"
    if LABEL_PREFERENCE in scenario.tags:
        fitting = [p for p in products if keeps_hard_criteria(p, persona)]
        met = {p.id: preferences_met(p, persona) for p in fitting}
        best_listed = max((met[i] for i in scenario.expect.any_of if i in met), default=0)
        rivals = sorted(
            (i for i, n in met.items() if n >= best_listed and i not in scenario.expect.any_of),
            key=lambda i: -met[i],
        )
        if not rivals:
            return f"{LABEL_PREFERENCE}: the authors' label weighs the preferences as the criteria do not say"
        one = len(rivals) == 1
        return (
            f"{LABEL_PREFERENCE}: {_listed(rivals)} {'keeps' if one else 'keep'} every dealbreaker and "
            f"{'meets' if one else 'meet'} {met[rivals[0]]} of {len(persona.preferences)} preferences, the "
            f"best product the authors list {best_listed}: their label weighs the preferences as the "
            "criteria do not say"
        )
    return None

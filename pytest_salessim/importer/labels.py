"""`expect` for personas that come without acceptable products (the public release): derived from the
annotations once every criterion is decided, and until then a placeholder the run skips.

A derived label is what the shipped testbed's labels are: the products that keep every dealbreaker and
the budget and meet the most preferences (`no_purchase` when none keeps them). The scenario is tagged
`derived-expect`; one still waiting for a rule or `meets` list is tagged `unlabelled`, expects
`no_purchase` as a placeholder, and is skipped with what it lacks (`salessim annotate` is the next step).
"""

from __future__ import annotations

from typing import Any

from .audit import best_fits, undecided

UNLABELLED = "unlabelled"
DERIVED = "derived-expect"
NEXT_STEP = (
    "`salessim annotate SPEC --judge-model M` asks a judge and writes the `meets` lists and the derived "
    "`expect` into the spec; or write rules in annotations/<category>.yaml and import again"
)


def derived_expect(persona: dict[str, Any], products: list[dict[str, Any]]) -> dict[str, Any]:
    best = best_fits(persona, products)
    return {"decision": "purchase", "any_of": best} if best else {"decision": "no_purchase"}


def settle(scenario: dict[str, Any], products: list[dict[str, Any]]) -> list[str]:
    """Give an unlabelled scenario its derived `expect` when every criterion is decided (in place);
    the criteria it still lacks otherwise. A labelled scenario is left alone."""
    tags = scenario.setdefault("tags", [])
    if UNLABELLED not in tags and DERIVED not in tags:
        return []
    missing = undecided(scenario["persona"])
    if missing:
        scenario["expect"] = {"decision": "no_purchase"}
        if DERIVED in tags:
            tags.remove(DERIVED)
        if UNLABELLED not in tags:
            tags.append(UNLABELLED)
        return missing
    scenario["expect"] = derived_expect(scenario["persona"], products)
    if UNLABELLED in tags:
        tags[tags.index(UNLABELLED)] = DERIVED
    return []


def settle_all(spec: dict[str, Any], products: list[dict[str, Any]]) -> dict[str, Any]:
    """Every unlabelled scenario of a spec settled; the report: derived ones, and what the rest lack."""
    derived, waiting = [], {}
    for scenario in spec["scenarios"]:
        missing = settle(scenario, products)
        if missing:
            waiting[scenario["id"]] = missing
        elif DERIVED in scenario.get("tags", []):
            derived.append(scenario["id"])
    return {"derived": derived, "unlabelled": waiting}

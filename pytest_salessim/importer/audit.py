"""The audit: the products each persona's own criteria allow, against the authors' acceptable products.

From the rules and `meets` lists, a scenario's *fitting* products keep every dealbreaker and the budget.
Where every dealbreaker is decided, they are compared with the label (`expect`):

- a listed product that a dealbreaker or the budget excludes, and which: the label contradicts its own
  persona, and the scenario is tagged `label-conflict`;
- `no_purchase` while some product keeps everything: also a `label-conflict`;
- an unlisted product that keeps everything: the authors' acceptability is narrower than the persona's
  hard criteria (it weighs preferences too); a disagreement, listed, but no conflict;
- of those, one that meets as many preferences as the best listed product (the persona's criteria as
  written rank it first, or level): the label weighs the preferences in a way the criteria do not say,
  and the scenario is tagged `label-preference`. A shopper true to the written criteria may rightly
  buy it, so `reference` plays such a scenario as an expected failure too.

Figures per category: the share of audited scenarios whose label agrees with the persona (no
conflict), the share whose fitting set is exactly the label, and precision and recall of the fitting
products over (scenario, product) pairs against the acceptable ones. The audit never changes a label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .compound import evaluate

LABEL_CONFLICT = "label-conflict"
LABEL_PREFERENCE = "label-preference"


def meets(criterion: dict[str, Any], product: dict[str, Any]) -> bool | None:
    """Does the product meet a criterion of the import's spec (None: neither rule nor meets)?"""
    if "rule" in criterion:
        return evaluate(criterion["rule"], product)
    if "meets" in criterion:
        return product["id"] in criterion["meets"]
    return None


def budget_of(persona: dict[str, Any]) -> float | None:
    """The most the persona pays: `budget`, or its max stretched by `flexible`."""
    budget = persona.get("budget")
    if isinstance(budget, dict):
        return round(budget["max"] * (1 + budget.get("flexible", 0)), 2)
    return budget


def breaks(persona: dict[str, Any], product: dict[str, Any]) -> list[str]:
    """The dealbreakers (by their text) and the budget that a product breaks, as far as decided."""
    broken = []
    ceiling = budget_of(persona)
    if ceiling is not None and product["price"] > ceiling:
        broken.append(f"the budget (${product['price']:,} > ${ceiling:,})")
    broken += [c["text"] for c in persona.get("dealbreakers", []) if meets(c, product) is False]
    return broken


def undecided(persona: dict[str, Any]) -> list[str]:
    """The criteria with neither rule nor meets, as `preference: text` / `dealbreaker: text`."""
    return [
        f"{kind[:-1] if kind == 'preferences' else 'dealbreaker'}: {c['text']}"
        for kind in ("preferences", "dealbreakers")
        for c in persona.get(kind, [])
        if "rule" not in c and "meets" not in c
    ]


def preferences_met(persona: dict[str, Any], products: list[dict[str, Any]]) -> dict[str, int]:
    """Product id -> how many of the persona's preferences it meets."""
    return {p["id"]: sum(meets(c, p) is True for c in persona.get("preferences", [])) for p in products}


def best_fits(persona: dict[str, Any], products: list[dict[str, Any]]) -> list[str]:
    """The fitting products that meet the most preferences: what a shopper true to the persona weighs."""
    fitting = [p for p in products if not breaks(persona, p)]
    if not fitting:
        return []
    met = preferences_met(persona, fitting)
    top = max(met.values())
    return [p["id"] for p in fitting if met[p["id"]] == top]


@dataclass
class Audit:
    """One category's audit: figures, disagreements and the scenarios it could not audit."""

    category: str
    audited: int = 0
    agreeing: int = 0  # no label conflict
    exact: int = 0  # fitting set == acceptable set
    pairs_fitting: int = 0
    pairs_acceptable: int = 0
    pairs_both: int = 0
    best_in_label: int = 0  # of purchase scenarios: every best-fitting product is acceptable
    purchase_audited: int = 0
    conflicts: list[str] = field(default_factory=list)
    preference: list[str] = field(default_factory=list)  # tagged label-preference
    disagreements: list[dict[str, Any]] = field(default_factory=list)
    not_audited: dict[str, list[str]] = field(default_factory=dict)  # scenario -> undecided dealbreakers

    def scenario(self, scenario: dict[str, Any], products: list[dict[str, Any]]) -> str | None:
        """Audit one scenario; the tag its label earns (`label-conflict`, `label-preference`) or None.
        A listed product that a decided dealbreaker excludes is a conflict at once; the figures and the
        unlisted products that keep everything wait until every dealbreaker is decided; the weighing of
        preferences, until every criterion is."""
        persona = scenario["persona"]
        expect = scenario["expect"]
        listed = list(expect.get("any_of", [expect["product"]] if "product" in expect else []))
        by_id = {p["id"]: p for p in products}
        conflict = False
        for product_id in listed:
            broken = breaks(persona, by_id[product_id])
            if broken:
                conflict = True
                self.disagreements.append(
                    {
                        "scenario": scenario["id"],
                        "kind": "listed_product_excluded",
                        "product": product_id,
                        "by": broken,
                    }
                )
        open_dealbreakers = [u for u in undecided(persona) if u.startswith("dealbreaker")]
        if open_dealbreakers:
            self.not_audited[scenario["id"]] = open_dealbreakers
            if conflict:
                self.conflicts.append(scenario["id"])
            return LABEL_CONFLICT if conflict else None
        fitting = [p["id"] for p in products if not breaks(persona, p)]
        self.audited += 1
        self.pairs_fitting += len(fitting)
        self.pairs_acceptable += len(listed)
        self.pairs_both += len(set(fitting) & set(listed))
        for product_id in (i for i in fitting if i not in listed):
            self.disagreements.append(
                {
                    "scenario": scenario["id"],
                    "kind": "unlisted_product_keeps_everything",
                    "product": product_id,
                    "expect": expect["decision"],
                }
            )
        if not listed and fitting:
            conflict = True
        self.exact += set(fitting) == set(listed)
        if conflict:
            self.conflicts.append(scenario["id"])
            return LABEL_CONFLICT
        self.agreeing += 1
        if not listed:
            return None
        self.purchase_audited += 1
        best = best_fits(persona, products)
        if set(best) <= set(listed):
            self.best_in_label += 1
            return None
        if undecided(persona):
            return None  # the preferences are not all decided: no weighing to compare
        met = preferences_met(persona, products)
        self.disagreements.append(
            {
                "scenario": scenario["id"],
                "kind": "best_fit_unlisted",
                "products": [i for i in best if i not in listed],
                "preferences_met": met[best[0]],
                "best_listed": max(met[i] for i in listed),
                "of": len(persona.get("preferences", [])),
            }
        )
        self.preference.append(scenario["id"])
        return LABEL_PREFERENCE

    def figures(self) -> dict[str, Any]:
        def share(n: int, d: int) -> float | None:
            return round(n / d, 3) if d else None

        return {
            "audited": self.audited,
            "not_audited": len(self.not_audited),
            "agreement": share(self.agreeing, self.audited),
            "exact": share(self.exact, self.audited),
            "precision": share(self.pairs_both, self.pairs_fitting),
            "recall": share(self.pairs_both, self.pairs_acceptable),
            "best_fit_in_label": share(self.best_in_label, self.purchase_audited),
            "label_conflicts": len(self.conflicts),
            "label_preference": len(self.preference),
            "pairs": {
                "fitting": self.pairs_fitting,
                "acceptable": self.pairs_acceptable,
                "both": self.pairs_both,
            },
        }

    def report(self) -> dict[str, Any]:
        return {
            "figures": self.figures(),
            "label_conflicts": self.conflicts,
            "label_preference": self.preference,
            "disagreements": self.disagreements,
            "not_audited": self.not_audited,
        }


def audit(category: str, spec: dict[str, Any], products: list[dict[str, Any]]) -> Audit:
    """Audit every labelled scenario of the spec and tag the conflicting ones `label-conflict` (in place)."""
    found = Audit(category)
    for scenario in spec["scenarios"]:
        if "unlabelled" in scenario.get("tags", []) or "derived-expect" in scenario.get("tags", []):
            continue  # no authors' label to audit
        tag = found.scenario(scenario, products)
        if tag is not None and tag not in scenario["tags"]:
            scenario["tags"].append(tag)
    return found

"""The shipped testbed is a product: consistent, varied, and it tells a good shopper from a bad one."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from pytest_salessim.spec import Scenario, load_spec
from pytest_salessim.spec.criteria import keeps_hard_criteria, over_budget, preferences_met

REPO = Path(__file__).parent.parent
TESTBED_ONLY = shutil.ignore_patterns("salessim")  # the hand-made testbed, not the imported personas
SCENARIOS: list[Scenario] = [s for f in sorted((REPO / "specs").glob("*.yaml")) for s in load_spec(f, REPO)]


def test_size_and_variety() -> None:
    assert len(SCENARIOS) >= 40
    assert len({s.category for s in SCENARIOS}) >= 4
    assert sum(s.expect.decision == "no_purchase" for s in SCENARIOS) >= 0.2 * len(SCENARIOS)
    assert all(len(s.catalog.products) >= 6 for s in SCENARIOS)
    assert len({s.persona.speaking_style for s in SCENARIOS}) >= 0.8 * len(SCENARIOS)
    assert any(p.image is not None for s in SCENARIOS for p in s.catalog.products)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: f"{s.category}/{s.id}")
def test_expect_is_exactly_the_best_fitting_products(scenario: Scenario) -> None:
    persona = scenario.persona
    assert all(c.decidable for c in persona.criteria), "every criterion is gradeable"
    feasible = [p for p in scenario.catalog.products if keeps_hard_criteria(p, persona)]
    if not feasible:
        assert scenario.expect.decision == "no_purchase"
        return
    best = max(preferences_met(p, persona) for p in feasible)
    assert set(scenario.expect.any_of) == {p.id for p in feasible if preferences_met(p, persona) == best}
    # a tempting decoy: a product that breaks exactly one hard criterion
    assert any(
        sum(1 for c in persona.dealbreakers if c.met_by(p) is False) + over_budget(p, persona) == 1
        for p in scenario.catalog.products
    )


def test_reference_passes_and_weak_fails(pytester: pytest.Pytester) -> None:
    shutil.copytree(REPO / "specs", pytester.path / "specs", ignore=TESTBED_ONLY)
    shutil.copytree(REPO / "fixtures", pytester.path / "fixtures")
    pytester.inline_run("specs", "--model", "reference", "--model", "weak")
    results = json.loads((pytester.path / "reports" / "results.json").read_text())
    items = [i for i in results["items"] if i["kind"] == "scenario"]
    outcome = Counter((i["model"], i["outcome"]) for i in items)
    assert outcome[("reference", "passed")] == len(SCENARIOS)
    assert outcome[("weak", "failed")] >= 0.8 * len(SCENARIOS)
    classes = Counter(i["trials"][0]["failure_class"] for i in items if i["model"] == "weak")
    assert classes["overly_lenient"] >= 0.8 * len(SCENARIOS)

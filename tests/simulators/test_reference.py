"""The `reference` shopper: gradual, grounded, unmoved, varied, deterministic per seed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pytest_salessim.checks import disclosed, run_checks
from pytest_salessim.conversation import brief_for, play
from pytest_salessim.simulators import resolve
from pytest_salessim.spec import Scenario
from pytest_salessim.spec.model import AgentLine, ScriptedAgentSpec, Trigger

from ..factories import scenarios

REFERENCE = resolve("reference")
SEEDS = range(40)


@pytest.fixture
def specs(tmp_path: Path) -> dict[str, Scenario]:
    return scenarios(tmp_path)


def test_opening_discloses_at_most_one_criterion_and_never_the_budget(specs: dict[str, Scenario]) -> None:
    for seed in SEEDS:
        t = play(specs["writer"], REFERENCE, seed)
        found = disclosed(t.first_shopper_text(), specs["writer"].persona)
        assert len(found) <= 1 and "budget" not in found, t.first_shopper_text()


def test_buys_the_best_fitting_product_after_viewing_it(specs: dict[str, Scenario]) -> None:
    for seed in SEEDS:
        t = play(specs["writer"], REFERENCE, seed)
        assert t.decision.product_id == "acer-aspire-5"
        viewed = [
            r.call.arguments["product_id"]
            for turn in t.turns[:-1]
            for r in turn.tool_results
            if r.call.name == "view_product"
        ]
        assert "acer-aspire-5" in viewed
        assert all(c.passed for c in run_checks(t, specs["writer"]))


def test_leaves_when_nothing_fits(specs: dict[str, Scenario]) -> None:
    t = play(specs["no-fit"], REFERENCE, 3)
    assert t.decision.kind == "no_purchase"
    assert all(c.passed for c in run_checks(t, specs["no-fit"]))


def test_pitches_do_not_move_it(specs: dict[str, Scenario]) -> None:
    pushy = ScriptedAgentSpec(
        greeting="Hi!",
        rules=(AgentLine("Buy the XPS, it's on sale, only two left!", ("dell-xps-13",), Trigger(regex=".")),),
    )
    scenario = replace(specs["writer"], agent=pushy)
    for seed in SEEDS:
        assert play(scenario, REFERENCE, seed).decision.product_id == "acer-aspire-5"


def test_same_seed_same_words_other_seeds_other_words(specs: dict[str, Scenario]) -> None:
    def words(seed: int) -> list[str]:
        return [turn.text for turn in play(specs["writer"], REFERENCE, seed).turns]

    assert words(7) == words(7)
    assert len({tuple(words(seed)) for seed in SEEDS}) > 20


def test_speaking_style_shows(specs: dict[str, Scenario]) -> None:
    texts = " ".join(t.text for seed in SEEDS for t in play(specs["writer"], REFERENCE, seed).shopper_turns)
    assert texts.lower().count("you know") > len(SEEDS)  # the persona's filler


def test_skips_what_it_cannot_judge(tmp_path: Path) -> None:
    unruled = """\
  - id: vague
    persona:
      name: Val
      dealbreakers: [must feel premium]
    expect: {decision: purchase, any_of: [dell-xps-13]}
"""
    brief = brief_for(scenarios(tmp_path, unruled)["vague"])
    assert REFERENCE.cannot_play(brief) == (  # type: ignore[attr-defined]
        "reference judges rules and `meets` lists only; dealbreaker with neither: 'must feel premium'"
    )


def test_the_brief_holds_no_expectation(specs: dict[str, Scenario]) -> None:
    brief = brief_for(specs["writer"])
    assert not hasattr(brief, "expect") and "acer-aspire-5" not in repr(brief)

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


# Personality, knowledge and a flexible budget: the words change, never the decision.

TEMPERS = """\
  - id: writer
    persona:
      name: Emily
      speaking_style: plain
      budget: {max: 420, flexible: 0.1}
      preferences:
        - text: a screen larger than 13 inches
          rule: {attribute: screen_in, gt: 13}
      dealbreakers:
        - text: it has to run Windows
          rule: {attribute: os, eq: Windows}
    vary:
      personality.extraversion: [low, neutral, high]
      personality.neuroticism: [low, high]
      knowledge: [novice, intermediate, expert]
    expect: {decision: purchase, any_of: [acer-aspire-5]}
"""
HEDGES = ("worried", "nervous", "too picky", "regret")
WARMTH = ("excited", "thanks so much", "love chatting", "fun part", "nice to chat", "great to meet")


@pytest.fixture
def tempers(tmp_path: Path) -> dict[str, Scenario]:
    return scenarios(tmp_path, TEMPERS)


def shopper_texts(scenario: Scenario, seeds: range = SEEDS) -> list[str]:
    return [turn.text for seed in seeds for turn in play(scenario, REFERENCE, seed).shopper_turns]


def matching(texts: list[str], phrases: tuple[str, ...]) -> int:
    return sum(any(p in text.lower() for p in phrases) for text in texts)


def test_personality_and_knowledge_never_change_the_decision(tempers: dict[str, Scenario]) -> None:
    assert len(tempers) == 18
    for scenario in tempers.values():
        for seed in range(5):
            transcript = play(scenario, REFERENCE, seed)
            assert transcript.decision.product_id == "acer-aspire-5", scenario.id  # 449.99: within 10% of 420
            assert all(r.passed for r in run_checks(transcript, scenario)), scenario.id


def test_high_extraversion_talks_longer_and_warmer_low_is_terse(tempers: dict[str, Scenario]) -> None:
    def words(level: str) -> float:
        texts = shopper_texts(tempers[f"writer.extraversion-{level}.neuroticism-low.knowledge-intermediate"])
        return sum(len(t.split()) for t in texts) / len(texts)

    low, neutral, high = words("low"), words("neutral"), words("high")
    assert high > 1.5 * low and high > neutral > low, (low, neutral, high)
    warm = shopper_texts(tempers["writer.extraversion-high.neuroticism-low.knowledge-intermediate"])
    terse = shopper_texts(tempers["writer.extraversion-low.neuroticism-low.knowledge-intermediate"])
    assert matching(warm, WARMTH) > 0.5 * len(warm)
    assert matching(terse, WARMTH) == 0


def test_high_neuroticism_hedges_low_does_not(tempers: dict[str, Scenario]) -> None:
    anxious = shopper_texts(tempers["writer.extraversion-neutral.neuroticism-high.knowledge-intermediate"])
    calm = shopper_texts(tempers["writer.extraversion-neutral.neuroticism-low.knowledge-intermediate"])
    assert matching(anxious, HEDGES) > 0.5 * len(anxious)
    assert matching(calm, HEDGES) == 0


def test_a_novice_asks_what_a_spec_term_means_an_expert_uses_the_jargon(tempers: dict[str, Scenario]) -> None:
    novice = shopper_texts(tempers["writer.extraversion-neutral.neuroticism-low.knowledge-novice"])
    expert = shopper_texts(tempers["writer.extraversion-neutral.neuroticism-low.knowledge-expert"])
    middle = shopper_texts(tempers["writer.extraversion-neutral.neuroticism-low.knowledge-intermediate"])
    asks = ("what does os mean", "what's os, exactly", "i keep seeing os")
    assert matching(novice, asks) >= len(SEEDS) / 2  # most conversations: the catalog's `os` attribute
    assert matching(expert, asks) == matching(middle, asks) == 0
    jargon = ("spec sheet", "specs", "spec-wise", "spec terms", "os = 'windows'", "screen > 13")
    assert matching(expert, jargon) >= len(SEEDS)
    assert matching(novice, jargon) == matching(middle, jargon) == 0


def test_the_temperament_is_deterministic_by_seed(tempers: dict[str, Scenario]) -> None:
    scenario = tempers["writer.extraversion-high.neuroticism-high.knowledge-novice"]
    assert shopper_texts(scenario, range(3, 4)) == shopper_texts(scenario, range(3, 4))
    assert len({tuple(shopper_texts(scenario, range(s, s + 1))) for s in SEEDS}) > 20


def test_the_openings_flourishes_disclose_nothing_more(tempers: dict[str, Scenario]) -> None:
    for scenario in tempers.values():
        for seed in range(10):
            opening = play(scenario, REFERENCE, seed).first_shopper_text()
            found = disclosed(opening, scenario.persona)
            assert len(found) <= 1 and "budget" not in found, opening


def test_a_flexible_budget_buys_up_to_its_ceiling_and_says_so(tmp_path: Path) -> None:
    rigid = TEMPERS.split("    vary:")[0].replace("{max: 420, flexible: 0.1}", "420")
    rigid += "    expect: {decision: no_purchase}\n"
    scenario = scenarios(tmp_path, rigid)["writer"]
    assert play(scenario, REFERENCE, 1).decision.kind == "no_purchase"  # 449.99 is over 420
    flexible = scenarios(tmp_path, TEMPERS)[
        "writer.extraversion-neutral.neuroticism-low.knowledge-intermediate"
    ]
    texts = shopper_texts(flexible)
    wiggle = ("stretch a little", "a bit over is okay", "wiggle room")
    assert matching(texts, wiggle) == matching(texts, ("$420",)) > 0

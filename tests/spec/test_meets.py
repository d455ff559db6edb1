"""`meets:` lists: a criterion decided per product, used wherever a rule is."""

from __future__ import annotations

from pathlib import Path

from pytest_salessim.checks import dealbreakers_kept, run_checks
from pytest_salessim.conversation import brief_for, play
from pytest_salessim.simulators import resolve
from pytest_salessim.spec.criteria import broken_criteria, keeps_hard_criteria, preferences_met

from ..factories import agent, bought
from .loading import line, load, problems

STYLISH = """\
  - id: stylish
    persona:
      name: Mia
      budget: 1500
      preferences:
        - text: a screen that feels roomy
          meets: [acer-aspire-5, asus-tuf]
      dealbreakers:
        - text: Cannot look budget or bulky.
          meets: [dell-xps-13, acer-aspire-5]
    expect: {decision: purchase, any_of: [acer-aspire-5]}
"""


def test_a_meets_list_decides_the_criterion(tmp_path: Path) -> None:
    scenario = load(tmp_path, STYLISH)["stylish"]
    looks = scenario.persona.dealbreakers[0]
    assert looks.meets == ("dell-xps-13", "acer-aspire-5") and looks.rule is None and looks.decidable
    product = scenario.catalog.get
    assert looks.met_by(product("dell-xps-13")) is True  # type: ignore[arg-type]
    assert looks.met_by(product("asus-tuf")) is False  # type: ignore[arg-type]
    writer = load(tmp_path)["writer"].persona.dealbreakers[0]  # by rule
    assert writer.met_by(product("lenovo-chromebook")) is False  # type: ignore[arg-type]


def test_a_criterion_with_neither_is_unknown(tmp_path: Path) -> None:
    body = STYLISH.replace("          meets: [acer-aspire-5, asus-tuf]\n", "")
    roomy = load(tmp_path, body)["stylish"].persona.preferences[0]
    acer = load(tmp_path, body)["stylish"].catalog.get("acer-aspire-5")
    assert acer is not None and roomy.met_by(acer) is None and not roomy.decidable


def test_the_persona_judgements_read_meets(tmp_path: Path) -> None:
    scenario = load(tmp_path, STYLISH)["stylish"]
    persona, product = scenario.persona, scenario.catalog.get
    acer, asus, xps = product("acer-aspire-5"), product("asus-tuf"), product("dell-xps-13")
    assert acer is not None and asus is not None and xps is not None
    assert keeps_hard_criteria(acer, persona) and keeps_hard_criteria(xps, persona)
    assert not keeps_hard_criteria(asus, persona)
    assert (preferences_met(acer, persona), preferences_met(xps, persona)) == (1, 0)
    assert broken_criteria(asus, persona) == [
        "the dealbreaker 'Cannot look budget or bulky.' (met only by dell-xps-13, acer-aspire-5; "
        "asus-tuf is not listed in `meets`)"
    ]


def test_rule_and_meets_exclude_each_other(tmp_path: Path) -> None:
    body = STYLISH.replace(
        "          meets: [dell-xps-13, acer-aspire-5]\n",
        "          rule: {attribute: os, eq: Windows}\n          meets: [dell-xps-13, acer-aspire-5]\n",
    )
    assert (
        f"laptops.yaml:{line(body, 'meets: [dell')}: scenarios[0].persona.dealbreakers[0].meets: "
        "give `rule` or `meets`, not both"
    ) in problems(tmp_path, body)


def test_an_unknown_id_in_meets_is_named_at_its_line(tmp_path: Path) -> None:
    body = STYLISH.replace(
        "meets: [dell-xps-13, acer-aspire-5]", "meets:\n            - dell-xps-13\n            - dell-xps-31"
    )
    assert (
        f"laptops.yaml:{line(body, 'dell-xps-31')}: scenarios[0].persona.dealbreakers[0].meets[1]: "
        "unknown product id 'dell-xps-31'; did you mean 'dell-xps-13'?"
    ) in problems(tmp_path, body)


def test_an_expected_product_outside_a_dealbreakers_meets_is_a_contradiction(tmp_path: Path) -> None:
    body = STYLISH.replace("meets: [dell-xps-13, acer-aspire-5]", "meets: [dell-xps-13]")
    assert (
        f"laptops.yaml:{line(body, 'any_of')}: scenarios[0].expect.any_of[0]: expected product "
        "'acer-aspire-5' breaks the dealbreaker 'Cannot look budget or bulky.' (met only by dell-xps-13; "
        "acer-aspire-5 is not listed in `meets`): the spec contradicts itself"
    ) in problems(tmp_path, body)


def test_no_purchase_while_a_product_keeps_every_meets_dealbreaker_is_a_contradiction(tmp_path: Path) -> None:
    body = STYLISH.replace("{decision: purchase, any_of: [acer-aspire-5]}", "{decision: no_purchase}")
    assert (
        f"laptops.yaml:{line(body, 'decision')}: scenarios[0].expect.decision: expects no_purchase, "
        "but acer-aspire-5, dell-xps-13 keep every dealbreaker and the budget"
    ) in problems(tmp_path, body)


def test_an_empty_meets_list_means_no_product_meets_it(tmp_path: Path) -> None:
    body = STYLISH.replace("meets: [dell-xps-13, acer-aspire-5]", "meets: []").replace(
        "{decision: purchase, any_of: [acer-aspire-5]}", "{decision: no_purchase}"
    )
    scenario = load(tmp_path, body)["stylish"]
    assert scenario.persona.dealbreakers[0].meets == ()
    assert not any(keeps_hard_criteria(p, scenario.persona) for p in scenario.catalog.products)


def test_a_broken_meets_dealbreaker_fails_the_dealbreaker_check(tmp_path: Path) -> None:
    scenario = load(tmp_path, STYLISH)["stylish"]
    result = dealbreakers_kept(bought("asus-tuf", agent("Try the ASUS.", "asus-tuf")), scenario)
    assert not result.passed
    assert result.detail == (
        "asus-tuf breaks the dealbreaker 'Cannot look budget or bulky.' "
        "(met only by dell-xps-13, acer-aspire-5; asus-tuf is not listed in `meets`)"
    )
    failed = {r.name: r for r in run_checks(bought("asus-tuf"), scenario)}
    assert failed["decision_alignment"].failure_class == "overly_lenient"


def test_reference_plays_a_scenario_whose_criteria_are_all_meets(tmp_path: Path) -> None:
    scenario = load(tmp_path, STYLISH)["stylish"]
    reference = resolve("reference")
    assert reference.cannot_play(brief_for(scenario)) is None  # type: ignore[attr-defined]
    for seed in range(10):
        transcript = play(scenario, reference, seed)
        assert transcript.decision.product_id == "acer-aspire-5"  # keeps the look, meets the preference
        assert all(r.passed for r in run_checks(transcript, scenario)), seed
